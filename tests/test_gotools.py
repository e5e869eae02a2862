"""Go programs from other modules (tests/projects/gotools): go.executable() of an import path, pinned
by a tools module of its own (modfile: 'tools/go.mod') or by the project's module (Go 1.24's `tool`
directive), built for the build machine and run by custom_target() at build time, and a package
of the project's own module by import path, for the host. Setup fetches the module from the Go
module proxy into an empty module cache; ninja builds with no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    NATIVE_AND_AARCH64,
    REPO,
    Project,
    base_env,
    bump_mtime,
    copy_project,
    need_tool,
    ninja_commands,
    run,
    steps,
)

from mesongo.binfmt.elf import read_elf

HELLO = "golang.org/x/example/hello"
PINNED = f"{HELLO}@v0.0.0-20250915201037-7f05d217867b"   # in tools/go.mod and go.mod


def _set_up(tmp_path: Path, machine: str) -> tuple[Project, dict[str, str], str]:
    """A copy of the project set up for `machine` with an empty module cache of its own (setup
    fetches); the environment, and setup's output."""
    for tool in ("go", "ninja", *([] if machine == "native" else ["aarch64-linux-gnu-gcc", "qemu-aarch64"])):
        need_tool(tool)
    project = copy_project("gotools", tmp_path)
    env = base_env() | {"GOMODCACHE": str(tmp_path / "modcache")}
    cross_file = NATIVE_AND_AARCH64[machine][0]
    out = project.setup(*([f"--cross-file={REPO / 'cross-files' / cross_file}"] if cross_file else []),
                        env=env).stdout
    return project, env, out


def _deps(project: Project, target: str) -> list[str]:
    """What ninja recorded from the target's depfile."""
    out = project.ninja("-t", "deps", target).stdout
    return [line.strip() for line in out.splitlines()[1:] if line.strip()]


@pytest.mark.parametrize("machine", list(NATIVE_AND_AARCH64))
def test_programs_from_other_modules_are_fetched_at_setup_and_built_offline(machine: str, tmp_path: Path) -> None:
    unshare = need_tool("unshare")
    project, env, out = _set_up(tmp_path, machine)
    # Fetched once, for the first program that needs it; the second finds it in the module cache.
    assert [line for line in out.splitlines() if line.startswith("mesongo: fetched")] == [
        f"mesongo: fetched 1 Go module for hello: {PINNED}"], out
    run([unshare, "--net", "--", "ninja", "-C", project.build], env=env)
    # native: true: programs for the build machine, which custom_target() runs in a cross build too.
    for program in ("hello", "hello-tool"):
        assert read_elf(str(project.build / program)).machine == "EM_X86_64"
    # Without it, a program for the host, which a cross build runs through the exe_wrapper.
    assert read_elf(str(project.build / "stamp")).machine == NATIVE_AND_AARCH64[machine][2]
    assert (project.build / "greeting.txt").read_text() == "Generated, by meson!\n"
    assert (project.build / "reversed.txt").read_text() == "olleH, nosem!\n"
    assert (project.build / "stamp.txt").read_text() == "stamp 1\n"
    hello = ninja_commands(project.build, "hello")[-1]
    # Go builds the import path in the tools module's directory, offline, with no go.work around it.
    assert " GOPROXY=off " in hello and " GOWORK=off " in hello and hello.endswith(f" {HELLO}"), hello
    tool = ninja_commands(project.build, "hello-tool")[-1]
    assert " GOPROXY=off " in tool and tool.endswith(f" {HELLO}"), tool
    # The module files pin the programs; the module cache is immutable, so nothing of it is listed.
    assert _deps(project, "hello")[1:] == [str(project.src / "tools" / "go.mod"), str(project.src / "tools" / "go.sum")]
    assert _deps(project, "hello-tool")[1:] == [str(project.src / "go.mod"), str(project.src / "go.sum")]
    # A package of the project's own module is its source, listed as any other.
    stamp_dir = project.src / "cmd" / "stamp"
    assert _deps(project, "stamp")[1:] == [str(stamp_dir), str(stamp_dir / "main.go"), str(project.src / "go.mod"),
                                           str(project.src / "go.sum")]
    assert project.ninja(env=env).stdout.splitlines()[-1] == "ninja: no work to do."


def test_an_edit_reconfigures_and_rebuilds_the_program_it_pins_or_changes_only(tmp_path: Path) -> None:
    """An edit of a module file pins its program anew; an edit of the project's own package by
    import path is an edit of its source."""
    project, env, _out = _set_up(tmp_path, "native")
    project.ninja(env=env)
    bump_mtime(project.src / "tools" / "go.sum", project.build)
    out = project.ninja(env=env).stdout
    # The same program again: its bytes are unchanged, so what it generated is not made again.
    assert steps(out) == ["Regenerating build files", "Building Go program hello"], out
    main_go = project.src / "cmd" / "stamp" / "main.go"
    main_go.write_text(main_go.read_text().replace("stamp 1", "stamp 2"))
    bump_mtime(main_go, project.build)
    rebuilt = steps(project.ninja(env=env).stdout)
    assert len(rebuilt) == 2 and rebuilt[0] == "Building Go program stamp" and rebuilt[1].startswith(
        "Generating stamp-text "), rebuilt
    assert (project.build / "stamp.txt").read_text() == "stamp 2\n"
