"""Go plugins (go.shared_module) loaded by the real hosts they are written for: a PAM module
through pamtester (and libpam), a SQLite extension through the sqlite3 program (and libsqlite3),
a PostgreSQL 15 extension through a server the test starts as a non-root user. Natively, and the
PAM module and SQLite extension also cross-built for aarch64 and loaded by C hosts under qemu.

Each project is under tests/projects/ (pam, sqlite, postgres) and is built once per session.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    NATIVE_AND_AARCH64,
    Project,
    assert_meson_tests_passed,
    base_env,
    built_for,
    missing,
    need_file,
    need_tool,
    run,
)

from mesongo.binfmt.elf import ElfFacts, read_elf

PREFIX = ("--prefix=/usr", "--libdir=lib/x86_64-linux-gnu")


def installed_files(dest: Path) -> list[str]:
    return sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if not p.is_dir())


def assert_is_a_plugin(facts: ElfFacts, exports: set[str], host_symbols: set[str]) -> None:
    """What makes a Go plugin: no soname, exactly its exports (never the cgo runtime), and the
    symbols it leaves to its host undefined (no -Wl,--no-undefined)."""
    assert facts.soname is None
    assert set(facts.defined_symbols) == exports
    assert host_symbols <= set(facts.host_symbols), facts.host_symbols
    assert not any(s.startswith(("crosscall", "_cgo_", "x_cgo_")) for s in facts.defined_symbols)


@pytest.fixture(scope="session")
def pam(toolchain: None, tmp_path_factory: pytest.TempPathFactory) -> Project:
    need_file("/usr/include/security/pam_appl.h", "apt-get install libpam0g-dev")
    return built_for("pam", "native", tmp_path_factory.mktemp("pam"), *PREFIX)


@pytest.fixture(scope="session")
def sqlite(toolchain: None, tmp_path_factory: pytest.TempPathFactory) -> Project:
    need_file("/usr/include/sqlite3ext.h", "apt-get install libsqlite3-dev")
    return built_for("sqlite", "native", tmp_path_factory.mktemp("sqlite"), *PREFIX)


def pam_service(module: Path, allow: str) -> Iterator[str]:
    """A PAM service whose auth stack is the module, in /etc/pam.d (root only), removed afterwards."""
    service = f"mesongo-test-{uuid.uuid4().hex[:12]}"
    path = Path("/etc/pam.d") / service
    try:
        path.write_text(f"auth required {module} allow={allow}\n")
    except PermissionError:
        missing("writing a PAM service into /etc/pam.d needs root (CI runs the tests as root)")
    try:
        yield service
    finally:
        path.unlink()


# --- PAM ------------------------------------------------------------------------------------------


def test_pam_module_is_named_and_linked_as_a_plugin(pam: Project) -> None:
    module = pam.build / "pam_gohello.so"
    # No versioned names: Meson's private dir and the check step's link interface are all that share the prefix.
    assert module.is_file() and sorted(p.name for p in pam.build.glob("pam_gohello.so.*")) == [
        "pam_gohello.so.p", "pam_gohello.so.symbols"]
    facts = read_elf(str(module))
    assert_is_a_plugin(facts, {"pam_sm_authenticate", "pam_sm_setcred"}, {"pam_get_user", "pam_prompt"})
    assert not any(n.startswith("libpam") for n in facts.needed), facts.needed
    assert (pam.build / "pam_gohello.h").is_file()   # generated, not installed
    report = run([Path(sys.executable).parent / "mesongo", "inspect", module])
    assert "host symbols" in report.stdout and "pam_get_user" in report.stdout, report.stdout


def test_pam_module_installs_alone_into_security(pam: Project, tmp_path: Path) -> None:
    pam.meson("install", "--destdir", str(tmp_path))
    assert installed_files(tmp_path) == ["usr/lib/x86_64-linux-gnu/security/pam_gohello.so"]


def test_pamtester_authenticates_through_the_go_module(pam: Project, tmp_path: Path) -> None:
    pamtester = need_tool("pamtester")
    pam.meson("install", "--destdir", str(tmp_path))
    module = tmp_path / "usr/lib/x86_64-linux-gnu/security/pam_gohello.so"
    for service in pam_service(module, "gopher,ken"):
        ok = run([pamtester, "-v", service, "gopher", "authenticate"])
        assert "hello gopher, from Go" in ok.stdout and "successfully authenticated" in ok.stdout, ok.stdout
        refused = run([pamtester, service, "mallory", "authenticate"], check=False)
        assert refused.returncode != 0
        assert "hello mallory, from Go" in refused.stdout and "Authentication failure" in refused.stdout, refused.stdout


def test_pam_host_program_authenticates_through_libpam(pam: Project) -> None:
    for service in pam_service(pam.build / "pam_gohello.so", "gopher"):
        assert run([pam.build / "pam-host", service, "gopher"]).stdout == "hello gopher, from Go\nauthenticated\n"


def test_a_host_that_provides_the_pam_functions_itself(pam: Project) -> None:
    """The module's pam_* symbols resolve in whatever process loads it: here plugin-host's own."""
    assert_meson_tests_passed(pam.meson("test", "-v").stdout, 1)
    refused = run([pam.build / "plugin-host", pam.build / "pam_gohello.so", "eve", "allow=gopher,ken"], check=False)
    assert (refused.returncode, refused.stdout) == (1, "hello eve, from Go\nAuthentication failure\n")


# --- SQLite ---------------------------------------------------------------------------------------

QUERY = "select go_reverse('mesongo ünïcode'), go_words('one two  three');"


def test_sqlite_extension_is_named_and_linked_as_a_plugin(sqlite: Project) -> None:
    facts = read_elf(str(sqlite.build / "gosqlite.so"))
    # exports 'api': the //export functions and the C entry point of extension.c (its statics stay inside)
    assert_is_a_plugin(facts, {"sqlite3_gosqlite_init", "gosqlite_reverse", "gosqlite_words"}, set())
    assert not any(n.startswith("libsqlite3") for n in facts.needed), facts.needed


def test_sqlite3_loads_the_go_extension(sqlite: Project) -> None:
    sqlite3 = need_tool("sqlite3")
    # `.load ./gosqlite`: SQLite adds .so and derives the entry point sqlite3_gosqlite_init
    out = run([sqlite3, ":memory:", "-cmd", ".load ./gosqlite", QUERY], cwd=sqlite.build).stdout
    assert out == "edocïnü ognosem|3\n"


def test_sqlite_host_loads_the_go_extension_as_a_meson_test(sqlite: Project) -> None:
    """test(..., args: [the module, ...]): a module is a test argument like any target."""
    assert_meson_tests_passed(sqlite.meson("test", "-v").stdout, 1)


# --- PostgreSQL -----------------------------------------------------------------------------------


class PostgreSQL:
    """A throwaway PostgreSQL 15 server: initdb and pg_ctl as a non-root user (postgres refuses
    root), unix socket only, in a directory of its own."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.socket = root / "socket"
        self.bindir = Path("/usr/lib/postgresql/15/bin")
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("nobody")
            self.as_user = [need_tool("setpriv"), f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
                            "--clear-groups", "--"]
            os.chown(root, user.pw_uid, user.pw_gid)

    def run(self, *argv: str | Path, check: bool = True) -> str:
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(self.root), "PGTZ": "UTC"}
        return run([*self.as_user, *argv], cwd=self.root, env=env, check=check).stdout

    def start(self) -> None:
        self.run(self.bindir / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                 "--no-sync")
        self.socket.mkdir()
        if self.as_user:
            os.chown(self.socket, pwd.getpwnam("nobody").pw_uid, -1)
        self.run(self.bindir / "pg_ctl", "-D", self.data, "-l", self.root / "server.log", "-w", "-o",
                 f"-k {self.socket} -c listen_addresses=''", "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run(self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)

    def sql(self, statement: str) -> str:
        return self.run("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.socket, "-U", "postgres",
                        "-d", "postgres", "-c", statement)


@pytest.fixture()
def postgresql() -> Iterator[PostgreSQL]:
    for tool in ("initdb", "pg_ctl", "postgres"):
        need_file(f"/usr/lib/postgresql/15/bin/{tool}", "apt-get install postgresql-15")
    need_tool("psql")
    root = Path(tempfile.mkdtemp(prefix="mesongo-pg-"))
    root.chmod(0o755)   # the server's user reads the extension installed below
    server = PostgreSQL(root)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_postgresql_runs_functions_of_the_go_extension(toolchain: None, postgresql: PostgreSQL) -> None:
    need_file("/usr/include/postgresql/15/server/postgres.h", "apt-get install postgresql-server-dev-15")
    project = built_for("postgres", "native", postgresql.root / "project", *PREFIX)
    dest = postgresql.root / "dest"
    project.meson("install", "--destdir", str(dest))
    pkglibdir = run(["pg_config", "--pkglibdir"]).stdout.strip()
    assert installed_files(dest) == [f"{pkglibdir.lstrip('/')}/gopg.so"]
    module = dest / pkglibdir.lstrip("/") / "gopg.so"
    facts = read_elf(str(module))
    assert_is_a_plugin(facts, {"Pg_magic_func", "pg_finfo_gopg_hello", "gopg_hello", "pg_finfo_gopg_fib", "gopg_fib",
                               "gopg_greeting", "gopg_fibonacci"}, {"text_to_cstring", "cstring_to_text", "pfree"})
    for path in [dest, *dest.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o055)
    library = str(module.with_suffix(""))   # as CREATE FUNCTION names $libdir/gopg
    out = postgresql.sql(
        f"CREATE FUNCTION gopg_hello(text) RETURNS text AS '{library}', 'gopg_hello' LANGUAGE C STRICT;"
        f"CREATE FUNCTION gopg_fib(int) RETURNS bigint AS '{library}', 'gopg_fib' LANGUAGE C STRICT;"
        "SELECT gopg_hello('postgres'); SELECT gopg_fib(90); SELECT gopg_hello(name) FROM "
        "(VALUES ('a'), ('b')) AS t(name);")
    assert out.split() == ["hello,", "postgres,", "from", "Go", "2880067194370816120",
                           "hello,", "a,", "from", "Go", "hello,", "b,", "from", "Go"], out


# --- aarch64 --------------------------------------------------------------------------------------


def test_aarch64_pam_module_loads_in_a_host_under_qemu(toolchain: None, tmp_path: Path) -> None:
    """Built with PAM's headers alone (no aarch64 libpam here), loaded by plugin-host, which does
    libpam's part: run under qemu by `meson test` and by hand."""
    project = built_for("pam", "aarch64-linux-gnu", tmp_path, *PREFIX)
    module = project.build / "pam_gohello.so"
    facts = read_elf(str(module))
    assert facts.machine == NATIVE_AND_AARCH64["aarch64-linux-gnu"][2]
    assert_is_a_plugin(facts, {"pam_sm_authenticate", "pam_sm_setcred"}, {"pam_get_user", "pam_prompt"})
    assert_meson_tests_passed(project.meson("test", "-v").stdout, 1)
    qemu = NATIVE_AND_AARCH64["aarch64-linux-gnu"][1]
    refused = run([*qemu, project.build / "plugin-host", module, "root", "allow=gopher"], check=False)
    assert (refused.returncode, refused.stdout) == (1, "hello root, from Go\nAuthentication failure\n")


@pytest.fixture(scope="session")
def sqlite_amalgamation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SQLite in one C file, for a host machine without libsqlite3: the amalgamation that
    github.com/mattn/go-sqlite3 carries (SQLite 3.45.1), from the Go module proxy."""
    work = tmp_path_factory.mktemp("amalgamation")
    (work / "go.mod").write_text("module amalgamation\n\ngo 1.21\n")
    info = run([need_tool("go"), "mod", "download", "-json", "github.com/mattn/go-sqlite3@v1.14.22"], cwd=work,
               env=base_env() | {"GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}).stdout
    return Path(json.loads(info)["Dir"])


def test_aarch64_sqlite_extension_loads_in_sqlite_under_qemu(toolchain: None, sqlite_amalgamation: Path,
                                                             tmp_path: Path) -> None:
    project = built_for("sqlite", "aarch64-linux-gnu", tmp_path, *PREFIX,
                        f"-Dsqlite_amalgamation={sqlite_amalgamation}")
    facts = read_elf(str(project.build / "gosqlite.so"))
    assert facts.machine == NATIVE_AND_AARCH64["aarch64-linux-gnu"][2]
    assert_is_a_plugin(facts, {"sqlite3_gosqlite_init", "gosqlite_reverse", "gosqlite_words"}, set())
    qemu = NATIVE_AND_AARCH64["aarch64-linux-gnu"][1]
    out = run([*qemu, project.build / "sqlite-host", project.build / "gosqlite.so", QUERY]).stdout
    assert out == "edocïnü ognosem\n"
    assert_meson_tests_passed(project.meson("test", "-v").stdout, 1)   # through the exe_wrapper
