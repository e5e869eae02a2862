"""The tutorial pages run as written: docs/tutorial/first-library.md from an empty directory and
docs/tutorial/cross-build.md in a copy of its project, each read from the page itself.

A page is followed in order: each `sh` block runs (bash -e, in the project's directory) unless the
comment line before it starts with `% not run`; each `{literalinclude}` of a file of
tests/projects/tutorial is written to the path its caption names (so the page shows every file the
reader saves, whole); each `text` block right after an `sh` block is what that command prints, line
for line, where a `...` line stands for any number of lines. The tests then check the results
themselves: the program's output, the installed files, the machine of the cross-built files."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import AARCH64_WRAPPER, PROJECTS, REPO, base_env, copy_project, meson_command, need_file, need_tool, run

from mesongo.binfmt.elf import read_elf

TUTORIAL = REPO / "docs" / "tutorial"
PROJECT = PROJECTS / "tutorial"
FENCE = re.compile(r"^```(\S*)\s*(.*)$")
OPTION = re.compile(r"^:(\S+):\s*(.*)$")
DEBIAN_LIBDIR = "lib/x86_64-linux-gnu"   # the page's install listing is the one of a Debian machine


@dataclass(frozen=True)
class Block:
    """A fenced block of a page: `sh`, `text`, or `include` (a literalinclude, `path` resolved)."""

    kind: str
    text: str = ""
    path: Path | None = None
    options: dict[str, str] = field(default_factory=dict)
    runs: bool = True


def page_blocks(page: Path) -> list[Block]:
    blocks: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    previous = ""
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            if lines[index].strip():
                previous = lines[index]
            index += 1
            continue
        end = lines.index("```", index + 1)
        body = lines[index + 1:end]
        kind, argument = opening.groups()
        if kind == "{literalinclude}":
            options = {}
            for line in body:
                option = OPTION.match(line)
                assert option, f"{page.name}: a literalinclude of {argument} has a body: {line!r}"
                options[option.group(1)] = option.group(2)
            blocks.append(Block("include", path=(page.parent / argument).resolve(), options=options))
        elif kind in ("sh", "text"):
            blocks.append(Block(kind, "\n".join(body) + "\n", runs=not previous.startswith("% not run")))
        previous = lines[end]
        index = end + 1
    return blocks


def assert_prints(expected: str, output: str, command: str) -> None:
    """`output` is `expected` line for line (runs of blanks as one), a `...` line matching any lines."""
    def lines(text: str) -> list[str]:
        return [" ".join(line.split()) for line in text.strip("\n").splitlines()]

    pattern = "".join(r"(?:.*\n)*" if line == "..." else re.escape(line) + "\n" for line in lines(expected))
    assert re.fullmatch(pattern, "".join(f"{line}\n" for line in lines(output))), (
        f"{command!r} printed:\n{output}\nthe page shows:\n{expected}")


@dataclass
class Followed:
    """What following a page did: the files it wrote and what each command printed."""

    workdir: Path
    written: list[str] = field(default_factory=list)
    included: list[Path] = field(default_factory=list)
    printed: dict[str, str] = field(default_factory=dict)


def follow(page: Path, workdir: Path, adapt: Callable[[str], str] = lambda shown: shown) -> Followed:
    """Do what the page says in `workdir`; `adapt` makes the output the page shows into what this
    machine prints (it runs when the output is compared, after the commands before it)."""
    need_tool("bash")
    done = Followed(workdir)
    env = base_env() | {"GOPROXY": "off"}   # the tutorial fetches nothing
    last_command: str | None = None
    for block in page_blocks(page):
        if block.kind == "include":
            assert block.path is not None
            done.included.append(block.path)
            if block.path.is_relative_to(PROJECT):
                name = block.path.relative_to(PROJECT).as_posix()
                assert block.options.get("caption") == name, f"{page.name}: the caption of {name} names another file"
                assert set(block.options) <= {"caption", "language"}, f"{page.name} shows part of {name} only"
                (workdir / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(block.path, workdir / name)
                done.written.append(name)
            last_command = None
        elif block.kind == "sh":
            last_command = block.text if block.runs else None
            if block.runs:
                done.printed[block.text] = run(["bash", "-e", "-c", block.text], cwd=workdir, env=env).stdout
        else:
            assert last_command is not None, f"{page.name}: a text block follows no command that runs:\n{block.text}"
            assert_prints(adapt(block.text), done.printed[last_command], last_command)
            last_command = None
    return done


def printed_by(done: Followed, command: str) -> str:
    (text,) = [out for block, out in done.printed.items() if block.startswith(command)]
    return text


@pytest.fixture(scope="module")
def first_library(toolchain: None, tmp_path_factory: pytest.TempPathFactory) -> Followed:
    workdir = tmp_path_factory.mktemp("first-library")

    def with_this_machines_libdir(shown: str) -> str:
        if DEBIAN_LIBDIR not in shown:
            return shown
        options = json.loads(run([*meson_command(), "introspect", "--buildoptions", workdir / "build"]).stdout)
        return shown.replace(DEBIAN_LIBDIR, next(o["value"] for o in options if o["name"] == "libdir"))

    return follow(TUTORIAL / "first-library.md", workdir, with_this_machines_libdir)


def test_first_library_page_shows_every_file_of_its_project(first_library: Followed) -> None:
    """The page shows each file of tests/projects/tutorial whole; go.mod is what `go mod init` writes."""
    project_files = sorted(p.relative_to(PROJECT).as_posix() for p in PROJECT.rglob("*") if p.is_file())
    assert sorted([*first_library.written, "go/go.mod"]) == project_files


def test_go_mod_init_makes_the_module_of_the_project(first_library: Followed) -> None:
    made = (first_library.workdir / "go" / "go.mod").read_text()
    assert made.splitlines()[0] == (PROJECT / "go" / "go.mod").read_text().splitlines()[0] == \
        "module example.com/greet"


def test_the_program_prints_what_go_returns(first_library: Followed) -> None:
    assert printed_by(first_library, "./build/hello") == "HELLO FROM C!\n"
    assert run([first_library.workdir / "build" / "hello", "again"]).stdout == "AGAIN!\n"


def test_meson_test_runs_the_program(first_library: Followed) -> None:
    log = json.loads((first_library.workdir / "build" / "meson-logs" / "testlog.json").read_text().splitlines()[0])
    # Meson 1.12 names a test PROJECT:NAME, older ones NAME.
    assert (log["name"].split(":")[-1], log["result"], log["stdout"]) == ("hello", "OK", "TESTED BY MESON!\n")


def test_install_stages_the_library_header_pc_file_and_program(first_library: Followed) -> None:
    staging = first_library.workdir / "staging"
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if not p.is_dir())
    libdir = next(p.parent for p in staging.rglob("libgreet.so")).relative_to(staging / "usr" / "local").as_posix()
    assert files == ["usr/local/bin/hello", "usr/local/include/libgreet.h",
                     *(f"usr/local/{libdir}/{name}" for name in
                       ("libgreet.so", "libgreet.so.1", "libgreet.so.1.0.0", "pkgconfig/greet.pc"))]
    assert (staging / "usr/local" / libdir / "libgreet.so").readlink() == Path("libgreet.so.1")
    assert read_elf(str(staging / "usr/local" / libdir / "libgreet.so.1.0.0")).defined_symbols == ("shout",)


def test_cross_build_page_runs_as_written(toolchain: None, tmp_path: Path) -> None:
    """The tutorial's project for aarch64: the cross-file the page shows is the one `mesongo
    cross-file` writes, the files are aarch64 ELF, and the program runs under qemu."""
    for tool in ("aarch64-linux-gnu-gcc", "qemu-aarch64"):
        need_tool(tool)
    need_file("/usr/aarch64-linux-gnu/lib/libc.so.6", "apt-get install libc6-arm64-cross")
    project = copy_project("tutorial", tmp_path)
    done = follow(TUTORIAL / "cross-build.md", project.src)
    assert done.written == []   # the project of the first page, unchanged
    (cross_file,) = done.included
    assert (project.src / "aarch64-linux-gnu.ini").read_text() == cross_file.read_text()
    build = project.src / "build-arm64"
    for binary in ("libgreet.so.1.0.0", "hello"):
        assert read_elf(str(build / binary)).machine == "EM_AARCH64"
    # The page runs the program with the cross-file's exe_wrapper, as meson test does.
    (command,) = [block for block in done.printed if block.startswith("qemu-aarch64")]
    assert command == " ".join([*AARCH64_WRAPPER, "build-arm64/hello"]) + "\n"
    assert done.printed[command] == "HELLO FROM C!\n"
    assert run([*AARCH64_WRAPPER, build / "hello", "arm64"]).stdout == "ARM64!\n"
