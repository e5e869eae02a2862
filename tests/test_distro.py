"""What a distro packager meets: the distro's build flags, Meson's options, modules and the network,
no usable HOME, a debugger, a sanitizer, a shared Go cache."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import tarfile
import time
from pathlib import Path

import pytest
from conftest import Project, base_env, copy_project, need_tool, ninja_commands, run

from mesongo.binfmt.elf import read_elf

LIBRARY_FILES = ["libgreet.so.1.2.3", "libgreet.h", "libcount.a", "libcount.h",
                 "meson-private/mesongo/greet.pc", "meson-private/mesongo/count.pc"]


def _dpkg_buildflags(cwd: Path) -> dict[str, str]:
    """The environment `eval $(dpkg-buildflags --export=sh)` makes, in `cwd` (the flags name it:
    -ffile-prefix-map=<source dir>=.)."""
    out = run([need_tool("dpkg-buildflags"), "--export=sh"], cwd=cwd).stdout
    env: dict[str, str] = {}
    for line in out.splitlines():
        if line.startswith("export "):
            key, _, value = line[len("export "):].partition("=")
            env[key] = shlex.split(value)[0] if value else ""
    return env


def test_reproducible_under_distro_flags_in_two_source_paths(toolchain: None, tmp_path: Path) -> None:
    built: list[Project] = []
    for where in ("first/path", "second/much/longer/path"):
        project = copy_project("basic", tmp_path / where)
        env = base_env() | {"DEB_BUILD_MAINT_OPTIONS": "hardening=+all"}
        env |= _dpkg_buildflags(project.src)
        assert f"-ffile-prefix-map={project.src}=." in env["CFLAGS"]
        project.setup("--buildtype=plain", "--prefix=/usr", "--libdir=lib/x86_64-linux-gnu", env=env, cwd=project.src)
        project.ninja(env=env)
        built.append(project)
    first, second = built
    for name in LIBRARY_FILES:
        assert (first.build / name).read_bytes() == (second.build / name).read_bytes(), name


def test_module_not_cached_and_nodownload_is_a_located_error(toolchain: None, tmp_path: Path) -> None:
    project = copy_project("vendored", tmp_path)
    modcache = tmp_path / "empty-modcache"
    env = base_env() | {"GOMODCACHE": str(modcache)}
    proc = project.setup("--wrap-mode=nodownload", env=env, check=False, cwd=project.src)
    errors = [line for line in proc.stdout.splitlines() if "ERROR:" in line]
    assert errors == [
        f"meson.build:6:12: ERROR: mesongo.shared_library: the package in {project.src}/go needs Go modules that "
        "are neither vendored nor in the module cache (github.com/google/uuid), and --wrap-mode=nodownload "
        "forbids fetching them: vendor them with `go mod vendor` in the module's directory (or fetch them with "
        "`go mod download` before meson setup)"], proc.stdout
    assert not list(modcache.rglob("*.zip")), "nothing was fetched"


def test_setup_fetches_modules_and_ninja_builds_without_network(toolchain: None, tmp_path: Path) -> None:
    unshare = need_tool("unshare")
    project = copy_project("vendored", tmp_path)
    env = base_env() | {"GOMODCACHE": str(tmp_path / "modcache")}
    out = project.setup(env=env).stdout
    assert "mesongo: fetched 1 Go module for libids.so: github.com/google/uuid@v1.6.0" in out
    run([unshare, "--net", "--", "ninja", "-C", project.build], env=env)
    assert run([project.build / "ids-app"]).stdout == "9c9c1097-3960-5190-b4d9-d13e6b635cf2\n"
    assert " GOPROXY=off " in "\n".join(ninja_commands(project.build, "libids.so"))
    # A new requirement in go.mod reconfigures (which may fetch) before ninja builds offline.
    gomod = project.src / "go" / "go.mod"
    gomod.write_text(gomod.read_text() + "\n// edited\n")
    assert "Regenerating build files" in project.ninja(env=env).stdout


def test_dist_tarball_builds_offline(toolchain: None, tmp_path: Path) -> None:
    git, unshare = need_tool("git"), need_tool("unshare")
    project = copy_project("vendored", tmp_path)
    git_env = base_env() | {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for argv in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "import"]):
        run([git, *argv], cwd=project.src, env=git_env)
    env = base_env() | {"GOMODCACHE": str(tmp_path / "modcache")}
    project.setup(env=env)
    out = project.meson("dist", "--no-tests", "--formats", "gztar", env=env).stdout
    assert "vendored the Go modules of go into the dist tarball" in out
    tarball = next((project.build / "meson-dist").glob("*.tar.gz"))
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    src = next((tmp_path / "unpacked").iterdir())
    assert (src / "go" / "vendor" / "modules.txt").is_file()
    offline = [unshare, "--net", "--"]
    empty = base_env() | {"GOMODCACHE": str(tmp_path / "empty-modcache")}
    unpacked = Project(src, tmp_path / "unpacked-build")
    run([*offline, *unpacked.setup_command()], env=empty)
    run([*offline, "ninja", "-C", unpacked.build], env=empty)
    assert run([unpacked.build / "ids-app"]).stdout == "9c9c1097-3960-5190-b4d9-d13e6b635cf2\n"


def test_nonexistent_home_is_not_created(toolchain: None, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root could create /nonexistent")
    assert not os.path.exists("/nonexistent")
    project = copy_project("basic", tmp_path)
    env = base_env() | {"HOME": "/nonexistent"}
    for key in ("GOCACHE", "GOPATH", "GOMODCACHE", "XDG_CACHE_HOME"):
        env.pop(key, None)
    project.setup(env=env)
    project.ninja(env=env)
    assert run([project.build / "app", "pbuilder"]).stdout.startswith("hello, pbuilder\n")
    assert not os.path.exists("/nonexistent")
    plan = (project.build / "meson-private/mesongo/targets/greet-go.o/plan.json").read_text()
    assert "GOMODCACHE" not in plan, "a default module cache location is not frozen into the build"


GDB_LINES = ("17\tfunc greet_add(a, b C.int) C.int { return a + b }", "a = 40", "b = 2")


def test_debug_build_lets_gdb_show_go_source_and_arguments(toolchain: None, tmp_path: Path) -> None:
    gdb = need_tool("gdb")
    project = copy_project("basic", tmp_path)
    project.setup("--buildtype=debug")
    project.ninja()
    # A shared library is loaded after `run`: gdb -batch needs pending breakpoints for it.
    out = run([gdb, "-batch", "-ex", "set breakpoint pending on", "-ex", "break main.greet_add", "-ex", "run",
               "-ex", "list", "-ex", "info args", "--args", project.build / "app", "x"]).stdout
    assert "main.greet_add (a=40, b=2" in out and f"{project.src}/go/greet.go:17" in out, out
    for line in GDB_LINES:
        assert line in out.splitlines(), out
    assert "<optimized out>" not in out
    # A static library is in the program: the breakpoint resolves at once.
    out = run([gdb, "-batch", "-ex", "break main.count_words", "-ex", "run", "-ex", "info args",
               project.build / "count-app"]).stdout
    assert "Breakpoint 1, main.count_words (" in out and "<optimized out>" not in out, out


@pytest.mark.parametrize("buildtype", ["release", "plain", "debugoptimized"])
def test_other_buildtypes_keep_trimpath_and_optimizations(buildtype: str, toolchain: None, tmp_path: Path) -> None:
    project = copy_project("basic", tmp_path)
    project.setup(f"--buildtype={buildtype}")
    command = "\n".join(ninja_commands(project.build, "libgreet.so.1.2.3"))
    assert " -trimpath " in command and "-N -l" not in command


def test_address_sanitizer_reaches_go(toolchain: None, tmp_path: Path) -> None:
    project = copy_project("basic", tmp_path)
    project.setup("-Db_sanitize=address")
    project.ninja()
    assert "libasan.so.8" in read_elf(str(project.build / "libgreet.so.1.2.3")).needed
    command = "\n".join(ninja_commands(project.build, "libgreet.so.1.2.3"))
    assert " -asan " in command
    proc = subprocess.run([project.build / "app", "asan"], env=base_env(), capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0 and proc.stdout.startswith("hello, asan\n"), proc.stderr
    assert run([project.build / "count-app"]).stdout == "words=3\n"


@pytest.fixture(scope="session")
def go_tool_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """go-cacher (a GOCACHEPROG client) and go-cacher-server (its HTTP cache server), from the Go
    module proxy: how CI farms share a Go build cache between machines."""
    go = need_tool("go")
    gobin = tmp_path_factory.mktemp("go-tool-cache")
    run([go, "install", "github.com/bradfitz/go-tool-cache/cmd/go-cacher@v0.0.0-20260722201841-0bb331e19f64",
         "github.com/bradfitz/go-tool-cache/cmd/go-cacher-server@v0.0.0-20260722201841-0bb331e19f64"],
        env=base_env() | {"GOBIN": str(gobin), "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}, cwd=gobin)
    return gobin


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(200):   # at most ~10 s
        if server.poll() is not None:
            raise AssertionError(f"go-cacher-server exited with {server.returncode}")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("go-cacher-server did not listen")


def _objects(cache_dir: Path) -> set[str]:
    return {str(p.relative_to(cache_dir)) for p in cache_dir.rglob("*") if p.is_file()}


def test_gocacheprog_shares_the_go_cache_through_a_remote_server(go_tool_cache: Path, tmp_path: Path) -> None:
    port = _free_port()
    remote = tmp_path / "remote-cache"
    server = subprocess.Popen([go_tool_cache / "go-cacher-server", "-listen", f"127.0.0.1:{port}",
                               "-cache-dir", str(remote)], env=base_env(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, server)
        stored: set[str] = set()
        for machine in ("first", "second"):
            project = copy_project("basic", tmp_path / machine)
            # Each "machine" has an empty local cache of its own; the server is shared.
            prog = (f"{go_tool_cache / 'go-cacher'} --cache-dir {tmp_path / machine / 'local-cache'} "
                    f"--cache-server http://127.0.0.1:{port}")
            env = base_env() | {"GOCACHEPROG": prog, "GOCACHE": str(tmp_path / machine / "gocache")}
            project.setup("--buildtype=release", env=env)
            assert "GOCACHEPROG" in (project.build / "meson-private/mesongo/targets/greet-go.o/plan.json"
                                     ).read_text()
            project.ninja(env=base_env())   # kept from setup, as Meson keeps CFLAGS
            assert run([project.build / "app", machine]).stdout.startswith(f"hello, {machine}\n")
            if machine == "first":
                stored = _objects(remote)
                assert len(stored) > 100, "the server received the build's objects"
            else:
                # The second build was served from the server: of what it needed, it stored only
                # the few entries tied to its own directories (the library's final link).
                new = _objects(remote) - stored
                assert len(new) <= len(stored) // 20, sorted(new)
                assert len(_objects(tmp_path / machine / "local-cache")) >= len(stored) // 2
    finally:
        server.terminate()
        server.wait(timeout=30)


def _section_names(path: Path) -> set[str]:
    from elftools.elf.elffile import ELFFile

    with open(path, "rb") as f:
        return {s.name for s in ELFFile(f).iter_sections()}


def _is_stripped(path: Path) -> bool:
    """As `file` says "stripped": no symbol table, no debug info."""
    names = _section_names(path)
    return ".symtab" not in names and not any(n.startswith(".debug_") for n in names)


@pytest.mark.parametrize("how", ["--strip", "-Dstrip=true", "neither"])
def test_install_strips_the_go_library_as_meson_strips_its_own(how: str, toolchain: None, tmp_path: Path) -> None:
    project = copy_project("basic", tmp_path)
    project.setup("--prefix=/usr", "--libdir=lib", *([how] if how.startswith("-D") else []))
    project.ninja()
    dest = tmp_path / "dest"
    project.meson("install", "--destdir", str(dest), *([how] if how == "--strip" else []))
    library, program = dest / "usr/lib/libgreet.so.1.2.3", dest / "usr/bin/app"
    assert _is_stripped(library) == (how != "neither")
    assert _is_stripped(program) == _is_stripped(library), "as Meson's own targets"
    if how == "neither":
        # Debug info stays, in a form the distro tools handle: objcopy keeps it apart.
        objcopy = need_tool("objcopy")
        run([objcopy, "--only-keep-debug", library, tmp_path / "libgreet.debug"])
        assert ".debug_info" in _section_names(tmp_path / "libgreet.debug")
    env = base_env() | {"LD_LIBRARY_PATH": str(dest / "usr/lib")}
    assert run([program, "stripped"], env=env).stdout.startswith("hello, stripped\n")


def test_install_tags_devel_alone(basic: Project, tmp_path: Path) -> None:
    """The devel symlink points at a runtime file: Meson must not refuse it (it did up to 1.8)."""
    dest = tmp_path / "devel"
    basic.meson("install", "--tags", "devel", "--destdir", str(dest))
    assert os.readlink(dest / "usr/lib/libgreet.so") == "libgreet.so.1"
