"""What ninja rebuilds, and what it leaves alone, after each kind of change."""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import pytest
from conftest import NATIVE_AND_AARCH64, Project, built_for, bump_mtime, copy_project, run, steps


def test_touch_reruns_go_step_without_relinking(basic_copy: Project) -> None:
    bump_mtime(basic_copy.src / "go" / "greet.go", basic_copy.build)
    assert steps(basic_copy.ninja().stdout) == ["Building Go shared library libgreet.so.1.2.3"]
    assert "ninja: no work to do." in basic_copy.ninja().stdout


INTERFACE = "libgreet.so.1.2.3.symbols"   # written by the library's check step


@pytest.mark.parametrize("machine", sorted(NATIVE_AND_AARCH64))
def test_a_change_inside_the_library_changes_behaviour_without_relinking(machine: str, tmp_path: Path) -> None:
    """The library is Meson's own: the consumer's link depends on its link interface (the .symbols
    file its check step writes in place of Meson's symbol extractor), not on its bytes; the program
    loads the new library. A custom target that takes the library as input still reruns: it reads
    the bytes. Cross-built too: there Meson's symbol extractor cannot read the library and writes a
    new .symbols file at every link, so every consumer would relink; the check step reads the
    aarch64 file with pyelftools like a native one."""
    project = built_for("basic", machine, tmp_path)
    wrapper = NATIVE_AND_AARCH64[machine][1]
    interface = project.build / INTERFACE
    before = (interface.read_text(), interface.stat().st_mtime_ns)
    assert "soname libgreet.so.1" in before[0]
    source = project.src / "go" / "greet.go"
    source.write_text(source.read_text().replace('"hello, %s"', '"changed, %s"'))
    bump_mtime(source, project.build)
    assert sorted(steps(project.ninja().stdout)) == sorted([
        "Building Go shared library libgreet.so.1.2.3", "Linking target libgreet.so.1.2.3",
        "Checking libgreet.so.1.2.3", "Generating greet-copy with a custom command"])
    assert (interface.read_text(), interface.stat().st_mtime_ns) == before
    assert run([*wrapper, project.build / "app", "x"]).stdout.startswith("changed, x\n")
    assert "ninja: no work to do." in project.ninja().stdout


def test_new_go_file_triggers_rebuild_and_its_export_relinks(basic_copy: Project) -> None:
    extra = basic_copy.src / "go" / "extra.go"
    extra.write_text('package main\n\nimport "C"\n\n//export greet_extra\nfunc greet_extra() C.int { return 7 }\n')
    bump_mtime(extra.parent, basic_copy.build)
    done = steps(basic_copy.ninja().stdout)
    assert "Building Go shared library libgreet.so.1.2.3" in done
    assert "Linking target app" in done, "a new export changes the link interface"
    assert "greet_extra" in (basic_copy.build / "libgreet.h").read_text()
    assert "greet_extra@ STT_FUNC\n" in (basic_copy.build / INTERFACE).read_text()


def test_static_library_touch_does_not_relink(basic_copy: Project) -> None:
    bump_mtime(basic_copy.src / "gostatic" / "count.go", basic_copy.build)
    assert steps(basic_copy.ninja().stdout) == ["Building Go static library libcount.a"]


@pytest.fixture()
def layout(toolchain: None, tmp_path: Path) -> Project:
    return copy_project("layout", tmp_path)


def test_nested_package_and_its_imports_are_tracked(layout: Project) -> None:
    layout.setup()
    layout.ninja()
    assert run([layout.build / "apps" / "app3"]).stdout == "3: hello from a nested package\n"
    words = layout.src / "gomod" / "internal" / "words" / "words.go"
    words.write_text(words.read_text().replace("from a nested package", "again"))
    bump_mtime(words, layout.build)
    assert steps(layout.ninja().stdout)[0] == "Building Go shared library libhello.so.3"
    assert run([layout.build / "apps" / "app3"]).stdout == "3: hello again\n"


def test_clean_parallel_build_never_races_the_header(layout: Project) -> None:
    layout.setup()
    # Every consumer's compile step waits for the generated header (order-only dependency).
    query = layout.ninja("-t", "query", "apps/app5.p/app.c.o").stdout
    assert "libhello.h" in query
    for _ in range(3):
        layout.ninja("-t", "clean")
        layout.ninja("-j8")
    for i in range(1, 9):
        assert run([layout.build / "apps" / f"app{i}"]).stdout == f"{i}: hello from a nested package\n"


def test_go_work_is_respected(toolchain: None, tmp_path: Path) -> None:
    project = copy_project("workspace", tmp_path)
    project.setup()
    project.ninja()
    assert run([project.build / "ws-app"]).stdout == "answer=42\n"
    util = project.src / "util" / "util.go"
    util.write_text(util.read_text().replace("return 42", "return 43"))
    bump_mtime(util, project.build)
    project.ninja()
    assert run([project.build / "ws-app"]).stdout == "answer=43\n"


def test_the_depfile_names_only_what_can_change_the_output(basic: Project) -> None:
    """The Go toolchain, the package's directory (a new file can appear there), its Go files and
    go.mod, each once. Not the plan and not mesongo's code: ninja's command carries the plan's
    digest, and the plan records the digest of the build step's code (a stat less per file and
    target at every no-op)."""
    import mesongo
    from mesongo.buildstep.identity import step_code_digest

    root = Path(mesongo.__file__).parent
    deps = basic.ninja("-t", "deps", "greet-go.o").stdout.split("\n")[1:]
    deps = [d.strip() for d in deps if d.strip()]
    assert str(basic.src / "go" / "greet.go") in deps and str(basic.src / "go") in deps
    assert not [d for d in deps if d.startswith(str(root) + os.sep) or d.endswith("plan.json")], deps
    assert len(deps) == len(set(deps)), "no file twice"
    argv = shlex.split(basic.ninja("-t", "commands", "-s", "greet-go.o").stdout.splitlines()[-1])
    at = argv.index("mesongo.buildstep")
    plan = json.loads((basic.build / argv[at + 1]).read_text())
    assert argv[at + 2:] == [plan["digest"]], "the Go command is the plan's, not on ninja's command line"
    assert plan["step_code"] == step_code_digest()


def test_a_plan_build_ninja_was_not_written_with_is_refused(basic_copy: Project) -> None:
    """A configure that wrote the plans but not build.ninja (it failed in between): the step
    refuses the plan instead of building from it, and a reconfigure makes both agree again."""
    plan = next((basic_copy.build / "meson-private" / "mesongo" / "targets").glob("greet-go.o/plan.json"))
    data = json.loads(plan.read_text())
    plan.write_text(json.dumps({**data, "digest": "0" * 16}))
    bump_mtime(basic_copy.src / "go" / "greet.go", basic_copy.build)
    failed = basic_copy.ninja(check=False)
    assert failed.returncode != 0 and "run `meson setup --reconfigure`" in failed.stdout, failed.stdout[-2000:]
    # `mesongo commands`, which shows the plan's Go command, refuses it too: one line, no traceback.
    shown = run([sys.executable, "-m", "mesongo", "commands", "-C", basic_copy.build, "greet-go.o"], check=False)
    assert shown.returncode == 2 and shown.stdout.startswith("mesongo: error: cannot read the build plan "), \
        shown.stdout
    assert "run `meson setup --reconfigure`" in shown.stdout and "Traceback" not in shown.stdout
    basic_copy.meson("setup", "--reconfigure", str(basic_copy.build), str(basic_copy.src))
    assert "Building Go shared library libgreet.so.1.2.3" in steps(basic_copy.ninja().stdout)


def test_a_consumer_in_a_project_without_mesongo_relinks_nothing(toolchain: None, tmp_path: Path) -> None:
    """tests/projects/subconsumer does not import mesongo: its Go library comes from a subproject
    through dependency(fallback:). Its program's link depends on the library's link interface
    (the .symbols file of its check step), so a change inside the library relinks nothing, and the program runs
    the new code."""
    project = copy_project("subconsumer", tmp_path)
    project.setup()
    project.ninja()
    assert run([project.build / "app"]).stdout == "version=1\n"
    source = project.src / "subprojects" / "golib" / "go" / "version.go"
    source.write_text(source.read_text().replace("return 1", "return 2"))
    bump_mtime(source, project.build)
    done = steps(project.ninja().stdout)
    assert "Building Go shared library subprojects/golib/libgolib.so.1.2.3" in done
    assert "Linking target subprojects/golib/libgolib.so.1.2.3" in done and "Linking target app" not in done
    assert run([project.build / "app"]).stdout == "version=2\n"
    assert "ninja: no work to do." in project.ninja().stdout
