"""Go programs hardened as Meson's own executables are (tests/projects/hardening): position-
independent exactly when Meson's C program beside them is (b_pie, or a C compiler that builds PIE
by default, as Debian's gcc does; zig's does not), bound at start-up (BIND_NOW), and given the
dynamic loader of the host's C library, natively, cross-built for aarch64 (run under qemu) and
for musl. The Debian package of a Go program is in test_debian.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import (
    AARCH64_WRAPPER,
    REPO,
    Project,
    assert_meson_tests_passed,
    copy_project,
    need_file,
    need_python_module,
    need_tool,
    ninja_commands,
    run,
)

from mesongo.binfmt.elf import ElfFacts, read_elf
from mesongo.plan import goenv
from mesongo.toolchain import cfacts


@dataclass(frozen=True)
class Machine:
    cross_file: str | None          # under cross-files/ (None: this machine's gcc)
    setup_args: tuple[str, ...]
    pie: bool                       # what Meson's executables are there
    wrapper: tuple[str, ...] = ()   # what runs a host program here
    machine: str = "EM_X86_64"
    loader: str = "/lib64/ld-linux-x86-64.so.2"
    needs: tuple[str, ...] = ()     # tools; "ziglang": the Python module


MACHINES = {
    "gcc": Machine(None, (), True),
    # b_pie=false adds nothing to Meson's links: Debian's gcc still builds PIE, and so does Go then.
    "gcc-b_pie-false": Machine(None, ("-Db_pie=false",), True),
    "zig-glibc": Machine("x86_64-linux-gnu.2.17-zig.ini", (), False, needs=("ziglang",)),
    "zig-glibc-b_pie": Machine("x86_64-linux-gnu.2.17-zig.ini", ("-Db_pie=true",), True, needs=("ziglang",)),
    "aarch64-linux-gnu": Machine("aarch64-linux-gnu.ini", (), True, tuple(AARCH64_WRAPPER),
                                 "EM_AARCH64", "/lib/ld-linux-aarch64.so.1",
                                 ("aarch64-linux-gnu-gcc", "qemu-aarch64")),
    "x86_64-linux-musl": Machine("x86_64-linux-musl.ini", (), True, loader="/lib/ld-musl-x86_64.so.1",
                                 needs=("musl-gcc",)),
    "x86_64-linux-musl-zig-b_pie": Machine("x86_64-linux-musl-zig.ini", ("-Db_pie=true",), True,
                                           loader="/lib/ld-musl-x86_64.so.1", needs=("ziglang",)),
}
GO_PROGRAMS = ("pure", "withc", "twice")   # Go alone, Go with its own C, a go.test() binary


@dataclass
class Built:
    machine: Machine
    project: Project

    def elf(self, name: str) -> ElfFacts:
        return read_elf(str(self.project.build / name))


@pytest.fixture(scope="module", params=list(MACHINES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    machine = MACHINES[request.param]
    for tool in ("go", "ninja", *machine.needs):
        if tool == "ziglang":
            need_python_module("ziglang", "pip install ziglang")
        else:
            need_tool(tool)
    if machine.loader.startswith("/lib/ld-musl"):
        need_file(machine.loader, "apt-get install musl")
    project = copy_project("hardening", tmp_path_factory.mktemp(f"hardening-{request.param}"))
    cross = [f"--cross-file={REPO / 'cross-files' / machine.cross_file}"] if machine.cross_file else []
    project.setup(*cross, *machine.setup_args)
    project.ninja()
    yield Built(machine, project)


def test_go_programs_are_as_position_independent_as_meson_programs(built: Built) -> None:
    c_program = built.elf("cprog")
    assert c_program.machine == built.machine.machine
    assert (c_program.elf_type == "ET_DYN", "PIE" in c_program.flags_1) == (built.machine.pie, built.machine.pie)
    for name in GO_PROGRAMS:
        program = built.elf(name)
        assert program.machine == built.machine.machine, name
        assert (program.elf_type, "PIE" in program.flags_1) == (c_program.elf_type, "PIE" in c_program.flags_1), name


def test_go_programs_are_bound_at_start_up_with_the_host_loader(built: Built) -> None:
    for name in GO_PROGRAMS:
        program = built.elf(name)
        if program.interpreter is None:   # a program of Go alone, not PIE: static, nothing to bind
            assert name == "pure" and not built.machine.pie
            continue
        assert program.interpreter == built.machine.loader, name
        assert "BIND_NOW" in program.flags and "NOW" in program.flags_1, name


def test_go_build_asks_for_pie_exactly_then(built: Built) -> None:
    for name in GO_PROGRAMS:
        command = ninja_commands(built.project.build, name)[-1]
        assert ("-buildmode=pie" in command) == built.machine.pie, command
        assert "-bindnow" in command


def test_the_programs_run(built: Built) -> None:
    wrapper = list(built.machine.wrapper)
    assert run([*wrapper, built.project.build / "pure", "a", "b"]).stdout == "hello from Go: a b\n"
    assert run([*wrapper, built.project.build / "withc", "21"]).stdout == "twice 21 is 42\n"
    assert_meson_tests_passed(built.project.meson("test", "--print-errorlogs").stdout, 4)


def test_installed_go_program_stays_hardened(built: Built, tmp_path: Path) -> None:
    built.project.meson("install", "--destdir", str(tmp_path), "--strip")
    (installed,) = tmp_path.glob("**/bin/withc")
    program, built_program = read_elf(str(installed)), built.elf("withc")
    assert (program.elf_type, program.flags, program.flags_1) == (
        built_program.elf_type, built_program.flags, built_program.flags_1)
    assert "BIND_NOW" in program.flags


# --- the pure parts: the compiler's macros, and the go build flags ---------------------------------


def test_pie_default_is_read_from_the_compilers_macros() -> None:
    debian_gcc = "#define __GLIBC__ 2\n#define __pie__ 2\n#define __PIE__ 2\n"
    assert cfacts.facts_from_macros(debian_gcc) == cfacts.CFacts("glibc", True)
    assert cfacts.facts_from_macros("#define __x86_64__ 1\n") == cfacts.CFacts("musl", False)


def test_program_link_flags() -> None:
    options = goenv.MesonOptions()
    pie = goenv.go_build(None, [], ["-s"], [], options, program=goenv.ProgramLink(pie=True))
    assert pie.build_args[0] == "-buildmode=pie" and pie.extldflags == []
    assert "-ldflags=-buildid= -compressdwarf=false -bindnow -linkmode=external -s" in pie.build_args
    plain = goenv.go_build(None, [], [], [], options, program=goenv.ProgramLink(pie=False))
    assert not any(a.startswith("-buildmode") for a in plain.build_args)
    assert "-ldflags=-buildid= -compressdwarf=false -bindnow" in plain.build_args
    # A Go linker without -bindnow: -z now reaches the C compiler's link (a cgo or PIE program's).
    old = goenv.go_build(None, [], ["-extldflags", "-Wl,-O1"], [], options,
                         program=goenv.ProgramLink(pie=True, bindnow=False))
    assert ("-ldflags=-buildid= -compressdwarf=false -linkmode=external -extldflags '-Wl,-O1 -Wl,-z,now'"
            in old.build_args)
    # Libraries and archives are not programs.
    assert "-bindnow" not in " ".join(goenv.go_build("c-archive", [], [], [], options).build_args)
