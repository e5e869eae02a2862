"""A library whose C API is the project's own header (`header: files(...)`, `exports: 'header'`),
and a C definition in the preamble of a file with //export functions (tests/projects/ownheader,
tests/projects/preambledef)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import Project, base_env, copy_project, need_tool, run

from mesongo.binfmt.elf import read_elf
from mesongo.buildstep.duplicates import RULE, Duplicate, Place, duplicates, explain

EXPECTED_OUTPUT = "capi 2.1.0 abi=2 add=5 sum=9 twice=42 hello, meson (12) small=-1\n"
HEADER_API = {"capi_abi_version", "capi_version", "capi_add", "capi_sum", "capi_greet"}


@pytest.fixture()
def ownheader(toolchain: None, tmp_path: Path) -> Project:
    project = copy_project("ownheader", tmp_path)
    project.setup("--prefix=/usr", "--libdir=lib")
    project.ninja()
    return project


def test_the_project_header_is_the_api_built_linked_and_installed(ownheader: Project, tmp_path: Path) -> None:
    build = ownheader.build
    assert run([build / "capi-app"]).stdout == EXPECTED_OUTPUT
    assert run([build / "capi-static-app"]).stdout == EXPECTED_OUTPUT
    # Exactly what the header declares: not the internal //export functions capi.c calls.
    assert set(read_elf(str(build / "libcapi.so.2.1.0")).defined_symbols) == HEADER_API
    # The names the check step compares the exports with, as the Go part found them in the header.
    listed = build / "meson-private" / "mesongo" / "targets" / "capi-go.o" / "exports.list"
    assert sorted(listed.read_text().split()) == sorted(HEADER_API)
    assert not list(build.glob("libcapi*.h")), "cgo's header is neither made for consumers nor installed"
    # `mesongo inspect` reads the project's header as the build does.
    header = ownheader.src / "include" / "capi.h"
    run([sys.executable, "-m", "mesongo", "inspect", "--check", "--exports-from", header, build / "libcapi.so.2.1.0"])
    more = tmp_path / "more.h"
    more.write_text(header.read_text().replace("static inline", "void capi_more(void);\nstatic inline"))
    proc = run([sys.executable, "-m", "mesongo", "inspect", "--check", "--exports-from", more,
                build / "libcapi.so.2.1.0"], check=False)
    assert proc.returncode == 1 and "asked for but not exported: capi_more" in proc.stdout, proc.stdout
    uninstalled_pc = (build / "meson-uninstalled" / "capi-uninstalled.pc").read_text()
    assert f"-I{ownheader.src / 'include'}" in uninstalled_pc

    dest = tmp_path / "dest"
    ownheader.meson("install", "--destdir", str(dest))
    include = dest / "usr" / "include"
    assert sorted(p.name for p in include.iterdir()) == ["capi.h"]
    assert (include / "capi.h").read_bytes() == (ownheader.src / "include" / "capi.h").read_bytes()
    assert "Cflags: -I${includedir}\n" in (dest / "usr/lib/pkgconfig/capi.pc").read_text()
    # A C program built against the installed tree alone.
    cc = need_tool("cc")
    app = tmp_path / "installed-app"
    run([cc, "-o", app, ownheader.src / "main.c", f"-I{include}", f"-L{dest / 'usr/lib'}", "-lcapi"])
    assert run([app], env=base_env() | {"LD_LIBRARY_PATH": str(dest / "usr/lib")}).stdout == EXPECTED_OUTPUT


def test_a_header_edit_changes_the_exports_at_the_next_build(ownheader: Project) -> None:
    """The header is in the Go part's depfile: a declaration added to it (and defined in capi.c)
    is exported at the next ninja, no reconfigure; one that nothing defines is a build error at
    its line."""
    header = ownheader.src / "include" / "capi.h"
    text = header.read_text()
    declared = text.replace("CAPI_API int capi_add(int a, int b);\n",
                            "CAPI_API int capi_add(int a, int b);\nCAPI_API int capi_mul(int a, int b);\n")
    header.write_text(declared)
    with (ownheader.src / "go" / "capi.c").open("a") as capi_c:
        capi_c.write("\nint capi_mul(int a, int b) { return a * b; }\n")
    ownheader.ninja()
    assert set(read_elf(str(ownheader.build / "libcapi.so.2.1.0")).defined_symbols) == HEADER_API | {"capi_mul"}
    assert run([ownheader.build / "capi-app"]).stdout == EXPECTED_OUTPUT

    line = declared.splitlines().index("CAPI_API int capi_sum(const capi_pair *pair);") + 1
    sum_decl = "CAPI_API int capi_sum(const capi_pair *pair);\n"
    header.write_text(declared.replace(sum_decl, sum_decl + "CAPI_API void capi_nowhere(void);\n"))
    proc = ownheader.ninja(check=False)
    assert proc.returncode != 0
    assert (f"mesongo: error: ../src/include/capi.h:{line + 1}: function capi_nowhere is declared, and exports: "
            "'header' exports it, but no //export function or C file of the Go packages defines it\n") in proc.stdout
    assert "Traceback" not in proc.stdout
    assert not (ownheader.build / "libcapi.so.2.1.0").exists()


def test_a_definition_in_an_export_preamble_names_the_go_file_and_the_rule(toolchain: None, tmp_path: Path) -> None:
    """cgo copies the preamble of a file with //export functions into two C files: a function with
    external linkage defined there is defined twice, which the link finds; the error names the Go
    file and line and cgo's rule instead of Go's temporary files. A static one is fine."""
    project = copy_project("preambledef", tmp_path)
    project.setup()
    proc = project.ninja(check=False)
    assert proc.returncode != 0
    errors = [line for line in proc.stdout.splitlines() if line.startswith("mesongo: error:")]
    assert errors == [
        "mesongo: error: ../src/go/defs.go:9: the cgo preamble of a file with //export functions defines scaled, "
        f"which has external linkage, so the link finds it defined twice ({RULE}): make it static (or static inline), "
        "or move the definition into a .c file of the package and keep only a declaration in the preamble"]
    assert not (project.build / "libpreambledef.so").exists()

    defs = project.src / "go" / "defs.go"
    defs.write_text(defs.read_text().replace("int scaled(int x)", "static int scaled(int x)"))
    project.ninja()
    assert read_elf(str(project.build / "libpreambledef.so")).defined_symbols == ("preambledef_scaled",)


LLD_MESSAGES = """\
ld.lld: error: duplicate symbol: scaled
>>> defined at defs.go:8
>>>            /b/members/0001-000001.o:(scaled)
>>> defined at _cgo_export.c:8 (/tmp/go-build/_cgo_export.c:8)
>>>            /b/members/0000-000000.o:(.text+0x0)
"""


def test_lld_duplicate_symbol_messages_are_read_too() -> None:
    """zig cc links with lld, which words it differently from GNU ld (message as lld 20 prints it)."""
    found = duplicates(LLD_MESSAGES)
    assert found == [Duplicate("scaled", (Place("defs.go", 8), Place("_cgo_export.c", 8)))]
    assert explain(found, lambda name: []).startswith(
        "defs.go:8: the cgo preamble of a file with //export functions defines scaled")


GNU_LD_WITHOUT_DEBUG_INFO = """\
/usr/bin/ld: members/0001-000001.o: in function `scaled':
(.text+0x0): multiple definition of `scaled'; members/0000-000000.o:(.text+0x0): first defined here
"""


def test_a_duplicate_without_debug_info_still_names_the_symbol_and_the_rule() -> None:
    """CGO_CFLAGS without -g: GNU ld names no source line, only the symbol (ld 2.40's wording)."""
    found = duplicates(GNU_LD_WITHOUT_DEBUG_INFO)
    assert found == [Duplicate("scaled", ())]
    assert explain(found, lambda name: []).startswith("scaled is defined more than once in the C of the Go packages; "
                                                      "a definition with external linkage in the cgo preamble")
