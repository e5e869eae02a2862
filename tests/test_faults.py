"""Builds that fail, are killed, run offline, run side by side, or meet a hostile environment: they
lose nothing and never link a stale library."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from conftest import REPO, Project, base_env, bump_mtime, copy_project, need_tool, ninja_commands, run

from mesongo.binfmt.elf import read_elf
from mesongo.plan import goenv

pytestmark = pytest.mark.fault


def _edit(path: Path, old: str, new: str, build: Path) -> None:
    path.write_text(path.read_text().replace(old, new))
    bump_mtime(path, build)


def test_compile_error_shows_gos_message_and_leaves_no_library(basic_copy: Project) -> None:
    source = basic_copy.src / "go" / "greet.go"
    good = source.read_text()
    _edit(source, "return a + b", "return a + b + undefinedThing", basic_copy.build)
    proc = basic_copy.ninja(check=False)
    assert proc.returncode != 0
    assert "greet.go:17:" in proc.stdout and "undefined: undefinedThing" in proc.stdout
    assert "libgreet.so.1.2.3 was removed so that no stale library is linked" in proc.stdout
    assert not (basic_copy.build / "libgreet.so.1.2.3").exists()
    assert "Linking target app" not in proc.stdout
    source.write_text(good)
    bump_mtime(source, basic_copy.build)
    basic_copy.ninja()
    assert run([basic_copy.build / "app", "fixed"]).stdout.startswith("hello, fixed\n")


def test_an_export_prototype_error_names_the_go_file_and_line(toolchain: None, tmp_path: Path) -> None:
    """The C compiler refuses the prototype cgo writes for an //export function (the preamble
    declares the name with another type): the messages name the //export line of the Go file,
    not cgo-gcc-export-header-prolog or _cgo_export.c, files that exist only while Go runs."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "projects" / "errors" / "_go", src)
    lib = src / "go" / "lib.go"
    lib.write_text(lib.read_text().replace('import "C"', '// long answer(void);\nimport "C"'))
    (src / "meson.build").write_text("project('proto', 'c')\ngo = import('mesongo')\n"
                                     "go.shared_library('proto', 'go')\n")
    project = Project(src, tmp_path / "build")
    project.setup()
    proc = project.ninja(check=False)
    assert proc.returncode != 0
    export_line = lib.read_text().splitlines().index("//export answer") + 1
    errors = [line for line in proc.stdout.splitlines() if "error: conflicting types for" in line]
    # gcc quotes names with ‘’ or '' by the locale.
    message = rf"\.\./src/go/lib\.go:{export_line}: error: conflicting types for .answer.; have .int\(void\). "
    assert len(errors) == 2, proc.stdout
    assert re.fullmatch(message + re.escape("(in the C that cgo writes for //export answer: extern int answer(void);)"),
                        errors[0]), errors
    assert re.fullmatch(message + re.escape("(in the C that cgo writes for //export answer: int answer(void))"),
                        errors[1]), errors
    assert "cgo-gcc-export-header-prolog" not in proc.stdout and "_cgo_export.c:2" not in proc.stdout


def _find_process(victim: str, project: Project) -> list[int]:
    """`go build` running in the project's package dir, or the `python -m mesongo.buildstep` step for
    its libgreet (it runs in the build dir): never a process of another build on the machine."""
    package_dir = project.src / "go"
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            argv = [a.decode(errors="replace") for a in Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")]
            cwd = os.readlink(f"/proc/{entry}/cwd")
        except OSError:
            continue
        if victim == "go build" and argv[0].endswith("/go") and argv[1:2] == ["build"] and cwd == str(package_dir):
            found.append(int(entry))
        elif victim == "mesongo.buildstep" and "mesongo.buildstep" in argv and cwd == str(project.build) and any(
                "greet-go.o" in a for a in argv):
            found.append(int(entry))
    return found


@pytest.mark.parametrize("victim", ["go build", "mesongo.buildstep"])
def test_sigkill_mid_build_then_ninja_completes(basic_copy: Project, victim: str) -> None:
    source = basic_copy.src / "go" / "greet.go"
    # A constant no build has seen: the compile is not a cache hit, so the build lasts a while.
    marker = uuid.uuid4().hex
    _edit(source, '"hello, %s"', f'"hello, %s {marker}"', basic_copy.build)
    ninja = subprocess.Popen(["ninja", "-C", str(basic_copy.build)], env=base_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    killed = False
    deadline = time.monotonic() + 60
    while ninja.poll() is None and time.monotonic() < deadline and not killed:
        for pid in _find_process(victim, basic_copy):
            os.kill(pid, signal.SIGKILL)
            killed = True
        time.sleep(0.005)
    out, _ = ninja.communicate(timeout=120)
    assert killed, f"never saw the {victim} process:\n{out}"
    assert ninja.returncode != 0, out
    basic_copy.ninja()
    assert run([basic_copy.build / "app", "x"]).stdout.startswith(f"hello, x {marker}\n")
    assert "ninja: no work to do." in basic_copy.ninja().stdout


def test_two_build_dirs_build_the_same_source_at_once(toolchain: None, tmp_path: Path) -> None:
    first = copy_project("basic", tmp_path / "a")
    second = Project(first.src, tmp_path / "b" / "build")
    first.setup()
    second.setup()
    first.src.joinpath("go", "greet.go").write_text(first.src.joinpath("go", "greet.go").read_text().replace(
        '"hello, %s"', f'"hello, %s {uuid.uuid4().hex[:8]}"'))
    procs = [subprocess.Popen(["ninja", "-C", str(p.build)], env=base_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for p in (first, second)]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    for name in ("libgreet.so.1.2.3", "libgreet.h", "libcount.a"):
        assert (first.build / name).read_bytes() == (second.build / name).read_bytes(), name
    for project in (first, second):
        assert run([project.build / "app", "y"]).stdout.startswith("hello, y ")


def test_vendored_module_builds_with_the_network_cut_off(toolchain: None, tmp_path: Path) -> None:
    go = need_tool("go")
    unshare = need_tool("unshare")
    project = copy_project("vendored", tmp_path)
    # Vendoring is the packager's step before the build, with the network: the module proxy.
    run([go, "mod", "vendor"], cwd=project.src / "go", env=base_env() | {"GOFLAGS": "-mod=mod"})
    assert (project.src / "go" / "vendor" / "modules.txt").is_file()
    # The build itself: no network at all, and an empty module cache, so nothing can come from elsewhere.
    env = base_env() | {"GOMODCACHE": str(tmp_path / "empty-modcache"), "GOPROXY": "https://proxy.invalid"}
    offline = [unshare, "--net", "--"]
    meson_setup = [*offline, *project.setup_command("--native-file", str(project.src / "offline.ini"))]
    run(meson_setup, env=env)
    run([*offline, "ninja", "-C", str(project.build)], env=env)
    assert run([project.build / "ids-app"]).stdout == "9c9c1097-3960-5190-b4d9-d13e6b635cf2\n"
    commands = "\n".join(ninja_commands(project.build, "libids.so"))
    assert " GOPROXY=off " in commands and "-mod=vendor" in commands
    assert not list((tmp_path / "empty-modcache").rglob("*.zip")), "nothing was downloaded"
    # The vendored sources are build inputs: a change in vendor/ rebuilds.
    deps = run(["ninja", "-C", str(project.build), "-t", "deps", "ids-go.o"]).stdout
    assert "vendor/github.com/google/uuid/hash.go" in deps and "vendor/modules.txt" in deps


def test_go_and_c_variables_at_setup_do_not_change_the_target(toolchain: None, tmp_path: Path) -> None:
    project = copy_project("basic", tmp_path)
    project.setup(env=base_env() | {"GOOS": "windows", "GOARCH": "arm64", "CGO_ENABLED": "0", "GOAMD64": "v4"})
    project.ninja()
    lib = read_elf(str(project.build / "libgreet.so.1.2.3"))
    assert (lib.machine, lib.elf_class) == ("EM_X86_64", 64)
    assert run([project.build / "app", "z"]).stdout.startswith("hello, z\n")


def test_go_and_c_variables_while_ninja_runs_change_nothing(basic_copy: Project) -> None:
    before = {n: (basic_copy.build / n).read_bytes() for n in ("libgreet.so.1.2.3", "libgreet.h", "libcount.a")}
    hostile = base_env() | {
        "GOOS": "windows", "GOARCH": "arm64", "CGO_ENABLED": "0", "GOFLAGS": "-race -mod=vendor",
        "CC": "/bin/false", "CXX": "/bin/false", "CGO_CFLAGS": "-DBROKEN=(", "CGO_LDFLAGS": "-lnonexistent",
        "GOEXPERIMENT": "nosuchexperiment", "GOAMD64": "v4", "GOTOOLCHAIN": "go1.99.0", "GOWORK": "/nonexistent",
        "CFLAGS": "-m32", "LDFLAGS": "-m32",
    }
    bump_mtime(basic_copy.src / "go" / "greet.go", basic_copy.build)
    bump_mtime(basic_copy.src / "gostatic" / "count.go", basic_copy.build)
    out = basic_copy.ninja(env=hostile).stdout
    assert "Building Go shared library libgreet.so.1.2.3" in out and "Building Go static library libcount.a" in out
    after = {n: (basic_copy.build / n).read_bytes() for n in before}
    assert after == before


def test_configuration_from_the_setup_environment_is_kept(toolchain: None, tmp_path: Path) -> None:
    """GOFLAGS (and GOPROXY, GOPRIVATE, ...) set for `meson setup` are configuration, kept like CFLAGS;
    the same variables in the environment of a later `ninja` are ignored."""
    loud = Project(REPO, tmp_path / "loud")
    loud.setup(env=base_env() | {"GOFLAGS": "-tags=loud", "GOPRIVATE": "example.com/private"})
    loud.ninja("demo/hello-demo", env=base_env() | {"GOFLAGS": ""})
    assert run([loud.build / "demo" / "hello-demo", "x"]).stdout.startswith("HELLO, X, FROM GO")
    commands = "\n".join(ninja_commands(loud.build, "demo/libhello.so.1.0.0"))
    assert " GOFLAGS=-tags=loud " in commands and " GOPRIVATE=example.com/private " in commands

    quiet = Project(REPO, tmp_path / "quiet")
    quiet.setup()
    quiet.ninja("demo/hello-demo", env=base_env() | {"GOFLAGS": "-tags=loud"})
    assert run([quiet.build / "demo" / "hello-demo", "x"]).stdout.startswith("Hello, x, from Go")


_MODE_GO = """//go:build {constraint}

package main

import "C"

//export greet_mode
func greet_mode() *C.char {{ return C.CString("{mode}") }}
"""


def _go_env_of(project: Project) -> dict[str, str]:
    """The environment the plan of the project's Go library gives Go."""
    plan = project.build / "meson-private" / "mesongo" / "targets" / "greet-go.o" / "plan.json"
    env: dict[str, str] = json.loads(plan.read_text())["go"]["env"]
    return env


def test_reconfigure_keeps_the_setup_environment(toolchain: None, tmp_path: Path) -> None:
    """What the first `meson setup` read from its environment (GOFLAGS, GOCACHE, ...) configures every
    later configure of the build dir, as Meson keeps CFLAGS: `meson setup --reconfigure` and the
    regeneration that ninja runs after a meson.build edit, both from an environment without them
    (or with others), build what the first setup asked for; `meson setup --wipe` reads it again."""
    project = copy_project("basic", tmp_path)
    for constraint, mode in (("loud", "loud"), ("!loud", "quiet")):
        (project.src / "go" / f"mode_{mode}.go").write_text(_MODE_GO.format(constraint=constraint, mode=mode))
    (project.src / "mode.c").write_text('#include <stdio.h>\n#include "libgreet.h"\n'
                                        'int main(void) { printf("%s\\n", greet_mode()); return 0; }\n')
    with (project.src / "meson.build").open("a") as f:
        f.write("executable('mode', 'mode.c', dependencies: greet_dep)\n")
    gocache = tmp_path / "gocache"   # the user's Go cache under a name of its own: no cold build
    gocache.symlink_to(run([need_tool("go"), "env", "GOCACHE"]).stdout.strip())
    clean = {k: v for k, v in base_env().items() if k not in goenv.SETUP_GO_VARS}
    project.setup(env=clean | {"GOFLAGS": "-tags=loud", "GOCACHE": str(gocache)})
    project.ninja(env=clean)
    assert run([project.build / "mode"]).stdout == "loud\n"
    kept = {"GOFLAGS": "-tags=loud", "GOCACHE": str(gocache)}
    assert kept.items() <= _go_env_of(project).items()

    # `meson setup --reconfigure` from a shell without them, or with others.
    project.setup("--reconfigure", env=clean | {"GOFLAGS": "-tags=other"})
    assert kept.items() <= _go_env_of(project).items()
    out = project.ninja(env=clean).stdout
    assert "Building Go shared library" not in out, out
    assert run([project.build / "mode"]).stdout == "loud\n"

    # ninja's own regeneration after an edit of meson.build.
    bump_mtime(project.src / "meson.build", project.build)
    out = project.ninja(env=clean).stdout
    assert "Regenerating build files" in out and "Building Go shared library" not in out, out
    assert kept.items() <= _go_env_of(project).items()
    assert run([project.build / "mode"]).stdout == "loud\n"

    # --wipe starts again from the environment it is given.
    project.setup("--wipe", env=clean)
    env = _go_env_of(project)
    assert "GOCACHE" not in env and "loud" not in env.get("GOFLAGS", ""), env
    project.ninja(env=clean)
    assert run([project.build / "mode"]).stdout == "quiet\n"


def test_a_failed_first_setup_keeps_no_environment(toolchain: None, tmp_path: Path) -> None:
    """As for Meson, a first setup that failed left nothing configured: the next setup reads its
    own environment."""
    project = copy_project("basic", tmp_path)
    build_file = project.src / "meson.build"
    good = build_file.read_text()
    build_file.write_text(good + "error('not yet')\n")
    clean = {k: v for k, v in base_env().items() if k not in goenv.SETUP_GO_VARS}
    assert project.setup(env=clean | {"GOFLAGS": "-tags=loud"}, check=False).returncode != 0
    build_file.write_text(good)
    project.setup(env=clean | {"GOFLAGS": "-tags=quiet"})
    assert _go_env_of(project)["GOFLAGS"] == "-tags=quiet"


@pytest.mark.parametrize("home", ["unset", "unwritable"])
def test_builds_without_a_usable_home(toolchain: None, tmp_path: Path, home: str) -> None:
    project = copy_project("basic", tmp_path)
    env = {"PATH": base_env()["PATH"], "LANG": "C.UTF-8"}
    if home == "unwritable":
        env["HOME"] = "/proc/mesongo-no-home"   # cannot be created, not even by root
    project.setup(env=env)
    project.ninja(env=env)
    assert run([project.build / "app", "h"], env=env).stdout.startswith("hello, h\n")
    assert (project.build / "meson-private" / "mesongo" / "go-build").is_dir(), "the Go cache went to the build dir"


def test_the_same_project_in_two_places_gives_identical_files(toolchain: None, tmp_path: Path) -> None:
    first = copy_project("basic", tmp_path / "one place")
    second = copy_project("basic", tmp_path / "another" / "deeper place")
    for project in (first, second):
        # Meson's default buildtype, debug, keeps source paths for gdb: reproducibility is for the others.
        project.setup("--buildtype=release")
        project.ninja()
    for name in ("libgreet.so.1.2.3", "libgreet.h", "libcount.a", "libcount.h"):
        assert (first.build / name).read_bytes() == (second.build / name).read_bytes(), name
