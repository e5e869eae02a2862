"""The Go version matrix: tests/projects/gosmoke (a shared library and a static library with C
consumers, a Go program, Go tests, install) built natively and with the aarch64 cross-file (run
under qemu) by each Go release this workplace may have: the go on PATH, and Go 1.27.3, which
`GOTOOLCHAIN=go1.27.3 go version` fetches once per machine into the Go module cache (the one
toolchain module approved here; Go 1.21 to 1.25 may not be fetched, docs/reference/options.md, "Go versions"). The
newer Go is named by `[binaries] go` in a native file, or in a second cross file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import (
    NATIVE_AND_AARCH64,
    REPO,
    Project,
    assert_meson_tests_passed,
    base_env,
    copy_project,
    missing,
    need_tool,
    run,
)

from mesongo.binfmt.elf import read_elf

# The releases of the matrix: None is the go on PATH (Go 1.26 on this workplace's machines).
FETCHED_GO = "go1.27.3"
GO_RELEASES = {"path": None, FETCHED_GO: FETCHED_GO}


@dataclass(frozen=True)
class GoRelease:
    path: str
    version: str       # go env GOVERSION


def go_env() -> dict[str, str]:
    """Nothing in the test's own Go commands switches toolchains unless it says so."""
    return base_env() | {"GOTOOLCHAIN": "local", "GOFLAGS": ""}


def fetched_toolchain(version: str) -> GoRelease:
    """Go `version` from the Go module proxy, through the go on PATH: `GOTOOLCHAIN=VERSION go
    version` downloads it into the module cache the first time (a machine keeps its cache, so
    later runs fetch nothing), and its own bin/go is what the machine files name."""
    go = need_tool("go")
    switched = run([go, "version"], env=go_env() | {"GOTOOLCHAIN": version}, check=False)
    if switched.returncode != 0:
        missing(f"GOTOOLCHAIN={version} go version could not fetch {version}:\n{switched.stdout}")
    modcache, hostos, hostarch = run([go, "env", "GOMODCACHE", "GOHOSTOS", "GOHOSTARCH"],
                                     env=go_env()).stdout.split()
    path = Path(modcache) / "golang.org" / f"toolchain@v0.0.1-{version}.{hostos}-{hostarch}" / "bin" / "go"
    assert os.access(path, os.X_OK), f"{path}: not where GOTOOLCHAIN={version} put it ({switched.stdout})"
    return GoRelease(str(path), run([path, "env", "GOVERSION"], env=go_env()).stdout.strip())


@pytest.fixture(scope="session")
def go_releases() -> dict[str, GoRelease]:
    releases = {}
    for key, version in GO_RELEASES.items():
        if version is None:
            go = need_tool("go")
            releases[key] = GoRelease(go, run([go, "env", "GOVERSION"], env=go_env()).stdout.strip())
        else:
            releases[key] = fetched_toolchain(version)
    return releases


@dataclass
class Smoke:
    release: GoRelease
    machine: str                  # a key of NATIVE_AND_AARCH64
    project: Project
    dest: Path                    # where `meson install --destdir` put it

    def run(self, name: str, *args: str) -> str:
        return run([*NATIVE_AND_AARCH64[self.machine][1], self.project.build / name, *args]).stdout


@pytest.fixture(scope="session", params=[(go, machine) for go in GO_RELEASES for machine in NATIVE_AND_AARCH64],
                ids=lambda p: f"{p[0]}-{p[1]}")
def smoke(request: pytest.FixtureRequest, go_releases: dict[str, GoRelease],
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Smoke]:
    key, machine = request.param
    release = go_releases[key]
    for tool in ("ninja", *([] if machine == "native" else ["aarch64-linux-gnu-gcc", "qemu-aarch64"])):
        need_tool(tool)
    work = tmp_path_factory.mktemp(f"gosmoke-{key}-{machine}")
    project = copy_project("gosmoke", work)
    go_file = work / "go.ini"
    go_file.write_text(f"[binaries]\ngo = '{release.path}'\n")
    cross_file = NATIVE_AND_AARCH64[machine][0]
    machine_files = ([f"--cross-file={REPO / 'cross-files' / cross_file}", f"--cross-file={go_file}"] if cross_file
                     else [f"--native-file={go_file}"])
    setup = project.setup("--prefix=/usr", "--libdir=lib", *machine_files, env=go_env())
    assert f"Go toolchain: {release.version} ({release.path})" in setup.stdout
    project.ninja(env=go_env())
    dest = work / "dest"
    project.meson("install", "--destdir", str(dest), env=go_env())
    yield Smoke(release, machine, project, dest)


def test_built_by_the_named_go(smoke: Smoke) -> None:
    elf_machine = NATIVE_AND_AARCH64[smoke.machine][2]
    for name in ("tool", "libgreet.so.1.2.3", "calc"):
        binary = read_elf(str(smoke.project.build / name))
        # go1.26.8-X:nodwarf5: the build info names the GOEXPERIMENT mesongo set (docs/howto/debian.md).
        built_by = (binary.go_version or "").split("-X:")[0]
        assert (binary.machine, built_by) == (elf_machine, smoke.release.version), name
    # Hardened with every release (Debian's gcc builds PIE; the linker's -bindnow is asked for).
    tool = read_elf(str(smoke.project.build / "tool"))
    assert tool.elf_type == "ET_DYN" and "PIE" in tool.flags_1 and "BIND_NOW" in tool.flags


def test_consumers_and_program_run(smoke: Smoke) -> None:
    go = smoke.release.version
    assert smoke.run("use-shared", "smoke").startswith(f"hello, smoke, from {go}")
    assert smoke.run("use-static") == "sum(1..100) = 5050\n"
    assert smoke.run("tool", "20", "22").startswith(f"42 ({go}")


def test_meson_test_runs_every_kind_and_the_go_tests(smoke: Smoke) -> None:
    out = smoke.project.meson("test", "-v", "--print-errorlogs", env=go_env()).stdout
    assert_meson_tests_passed(out, 4)
    log = (smoke.project.build / "meson-logs" / "testlog.txt").read_text()
    assert "ok 1 - TestSum" in log and "ok 2 - TestSumOfNothing" in log


def test_install(smoke: Smoke) -> None:
    usr = smoke.dest / "usr"
    installed = sorted(str(p.relative_to(usr)) for p in usr.rglob("*") if not p.is_dir())
    assert installed == ["bin/tool", "include/libgreet.h", "include/libsum.h", "lib/libgreet.so", "lib/libgreet.so.1",
                         "lib/libgreet.so.1.2.3", "lib/libsum.a", "lib/pkgconfig/greet.pc", "lib/pkgconfig/sum.pc"]
    assert os.readlink(usr / "lib" / "libgreet.so.1") == "libgreet.so.1.2.3"
    assert read_elf(str(usr / "lib" / "libgreet.so.1.2.3")).soname == "libgreet.so.1"
