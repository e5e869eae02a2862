"""The pure planning code: the build plan's JSON, the header inliner and the export rule."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from mesongo.binfmt.elf import ElfFacts, Symbol
from mesongo.kinds import GoTest, Program, PythonExtension, SharedLibrary, SharedModule, StaticLibrary, TargetKind
from mesongo.plan import exports
from mesongo.plan.checkplan import CheckPlan, check_plan_from_json
from mesongo.plan.header import inline_local_includes
from mesongo.plan.model import (
    BuildPlan,
    CCommands,
    ExportMode,
    ExportRule,
    GoCommand,
    GoObject,
    HeaderPlan,
    LibraryPlan,
    PkgConfigFiles,
    StalePlan,
    plan_file,
    plan_from_json,
    plan_json,
)
from mesongo.plan.planfile import PLAN_FORMAT
from mesongo.plan.policy import Policy


def _plan() -> BuildPlan:
    private = "/b/meson-private/mesongo/targets/sub/greet-go.o"
    return BuildPlan(
        name="greet", kind=SharedLibrary(version="1.2.3"), binary_format="elf", output="sub/greet-go.o",
        private_dir=private, depfile="sub/greet-go.o.d",
        go=GoCommand(go="/usr/bin/go", subcommand=("build",), package_dir="/src/go", package=".",
                     env={"GOOS": "linux", "CC": "cc"}, args=("-buildmode=c-archive", "-trimpath"),
                     output=f"{private}/lib.a"),
        c=CCommands(cc=("cc",), cxx=("c++",), cxx_runtime=("-lstdc++",)),
        library=LibraryPlan(
            header=HeaderPlan("sub/libgreet.h", ("/src/go",)),
            objects=GoObject("sub/greet-go.o", "sub/greet-go.map", "sub/greet-go.link"),
            exports=ExportRule(ExportMode.LIST, ("a", "b")),
            pkgconfig=PkgConfigFiles("text", "uninstalled", "meson-private/mesongo/greet.pc", "u.pc")),
        musl=False,
        policy=Policy(machine="EM_X86_64", bits=64, soname="libgreet.so.1", libc="glibc", glibc_max=(2, 17)),
    )


def test_plan_survives_json_whole() -> None:
    plan = _plan()
    assert plan_from_json(plan_json(plan)) == plan


@pytest.mark.parametrize("kind", [SharedLibrary(version="1.2.3", soversion="1"),
                                  SharedModule(name_prefix="", name_suffix="so"), StaticLibrary(),
                                  PythonExtension(name_prefix="", name_suffix="so"), Program(native=True), GoTest()])
def test_every_kind_survives_json_as_itself(kind: TargetKind) -> None:
    """The plan names a kind by its KEY and keeps its fields: the build step gets the same type back."""
    import dataclasses

    plan = dataclasses.replace(_plan(), kind=kind)
    back = plan_from_json(plan_json(plan)).kind
    assert type(back) is type(kind) and back == kind


def test_plan_of_another_format_asks_for_a_reconfigure() -> None:
    with pytest.raises(StalePlan):
        plan_from_json(plan_json(_plan()).replace(f'"format": {PLAN_FORMAT}', f'"format": {PLAN_FORMAT - 1}'))


def test_plan_file_records_the_digest_the_command_carries() -> None:
    text, digest = plan_file(_plan())
    assert plan_from_json(text, digest) == _plan()
    assert plan_file(_plan())[1] == digest, "the same plan, the same digest"
    assert plan_file(dataclasses.replace(_plan(), step_code="another"))[1] != digest
    with pytest.raises(StalePlan):
        plan_from_json(text, "0" * 16)


def test_the_step_code_digest_follows_the_build_step_code_only(tmp_path: Path) -> None:
    """A change to code the build step runs changes the digest (every Go target rebuilds); one to
    the Meson adapter or the CLI does not (it reaches the output through the plan)."""
    import mesongo
    from mesongo.buildstep.identity import step_code_digest, step_files

    root = tmp_path / "mesongo"
    shutil.copytree(Path(mesongo.__file__).parent, root, ignore=shutil.ignore_patterns("__pycache__"))
    first = step_code_digest(str(root))
    assert "buildstep/build.py" in step_files(str(root)) and "data/go_musl_init.c" in step_files(str(root))
    assert not [f for f in step_files(str(root)) if f.startswith(("meson_adapter/", "cli/"))]
    with (root / "meson_adapter" / "module.py").open("a") as f:
        f.write("# setup only\n")
    step_code_digest.cache_clear()
    assert step_code_digest(str(root)) == first
    with (root / "templates" / "version-script.map.j2").open("a") as f:
        f.write("\n")
    step_code_digest.cache_clear()
    assert step_code_digest(str(root)) != first


HEADER = """#line 1 "cgo-builtin-export-prolog"
#include <stddef.h>
/* Start of preamble from import "C" comments.  */
#line 5 "lib.go"
#include <stdlib.h>
#include "private.h"
#include "include/api.h"
#include "private.h"
#include "elsewhere.h"
#line 1 "cgo-generated-wrapper"
extern int f(point p);
"""
FILES = {
    "/pkg/private.h": '#pragma once\n#include "types.h"\nint g(void);\n',
    "/pkg/types.h": "typedef struct { int x; } point;\n",
    "/pkg/include/api.h": "int api(void);\n",
    "/other/elsewhere.h": "int not_inlined;\n",
}


def test_header_inlines_package_headers_once_with_line_directives() -> None:
    out = inline_local_includes(HEADER, ["/pkg"], ["/pkg"], FILES.get)
    assert out == """#line 1 "cgo-builtin-export-prolog"
#include <stddef.h>
/* Start of preamble from import "C" comments.  */
#line 5 "lib.go"
#include <stdlib.h>
/* private.h: inlined by mesongo, so that this header needs no private files */
#line 1 "private.h"

/* types.h: inlined by mesongo, so that this header needs no private files */
#line 1 "types.h"
typedef struct { int x; } point;
/* end of types.h */
#line 3 "private.h"
int g(void);
/* end of private.h */
#line 7 "lib.go"
/* api.h: inlined by mesongo, so that this header needs no private files */
#line 1 "api.h"
int api(void);
/* end of api.h */
#line 8 "lib.go"
/* private.h: inlined above by mesongo */
#include "elsewhere.h"
#line 1 "cgo-generated-wrapper"
extern int f(point p);
"""


def _member(index: int, files: tuple[str, ...], *symbols: Symbol) -> ElfFacts:
    return ElfFacts(path=f"lib.a({index:06d}.o)", elf_class=64, machine="EM_X86_64", little_endian=True,
                    elf_type="ET_REL", exports=symbols, source_files=files)


GO_O = ElfFacts(path="lib.a(go.o)", elf_class=64, machine="EM_X86_64", little_endian=True, elf_type="ET_REL")
ARCHIVE = [
    GO_O,
    _member(0, ("_cgo_export.c",), Symbol("greet_add", kind="STT_FUNC")),
    _member(1, ("greet.cgo2.c",), Symbol("_cgo_1234_Cfunc_g", kind="STT_FUNC")),
    _member(2, (), Symbol("api_asm", kind="STT_NOTYPE")),                      # triple_amd64.S
    _member(3, ("api.c",), Symbol("api_c", kind="STT_FUNC"), Symbol("api_table", kind="STT_OBJECT"),
            Symbol("api_weak", kind="STT_FUNC", weak=True)),
    _member(4, ("impl.cpp",), Symbol("api_cpp", kind="STT_FUNC"), Symbol("_ZN4capi6widenEv", kind="STT_FUNC"),
            Symbol("x_cgo_thing", kind="STT_FUNC")),
    _member(5, ("gcc_linux_amd64.c",), Symbol("x_cgo_init", kind="STT_FUNC")),
]


def test_own_members_by_position() -> None:
    own = exports.own_members(ARCHIVE, cgo_files=1, own_files=["triple_amd64.S", "api.c", "impl.cpp"])
    assert [m.path for m in own] == ["lib.a(000002.o)", "lib.a(000003.o)", "lib.a(000004.o)"]
    assert exports.c_api_functions(own) == ["api_asm", "api_c", "api_cpp"]


def test_own_members_fall_back_to_file_names_when_the_layout_differs() -> None:
    shuffled = [ARCHIVE[0], ARCHIVE[4], ARCHIVE[1], ARCHIVE[2], ARCHIVE[3], ARCHIVE[5], ARCHIVE[6]]
    own = exports.own_members(shuffled, cgo_files=1, own_files=["triple_amd64.S", "api.c", "impl.cpp"])
    assert sorted(m.path for m in own) == ["lib.a(000003.o)", "lib.a(000004.o)"]


@pytest.mark.parametrize(("mode", "expected"), [
    (ExportMode.API, ["f", "g", "api_c"]),
    (ExportMode.EXPORT, ["f", "g"]),
    (ExportMode.ALL, None),
])
def test_export_names_by_mode(mode: ExportMode, expected: list[str] | None) -> None:
    header = "/* End of boilerplate cgo prologue.  */\nextern int f(int x);\nextern char* g(void);\n"
    assert exports.export_names(ExportRule(mode), header, [ARCHIVE[4]]) == expected
    assert exports.export_names(ExportRule(ExportMode.LIST, ("h",)), header) == ["h"]


def _cgo_header(bits: int, long_type: str) -> str:
    return (f"typedef long long GoInt64;\ntypedef GoInt{bits} GoInt;\ntypedef GoUint{bits} GoUint;\n"
            f"typedef char _check_for_{bits}_bit_pointer_matching_GoInt[sizeof(void*)=={bits}/8 ? 1:-1];\n"
            f"/* End of boilerplate cgo prologue.  */\nextern {long_type} f(short int a, long unsigned int b);\n")


def test_header_is_the_same_for_32_and_64_bit_targets_and_for_gcc_and_clang() -> None:
    from mesongo.plan.header import architecture_independent

    variants = {architecture_independent(_cgo_header(bits, spelling))
                for bits in (64, 32) for spelling in ("long int", "long")}
    assert variants == {
        "typedef long long GoInt64;\n"
        "#if (defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 8) || defined(__LP64__) || defined(_WIN64)\n"
        "typedef GoInt64 GoInt;\ntypedef GoUint64 GoUint;\n#else\ntypedef GoInt32 GoInt;\ntypedef GoUint32 GoUint;\n"
        "#endif\ntypedef char _check_for_pointer_size_matching_GoInt[sizeof(void*)==sizeof(GoInt) ? 1:-1];\n"
        "/* End of boilerplate cgo prologue.  */\nextern long f(short a, unsigned long b);\n"}


def _supplied_plan() -> BuildPlan:
    import dataclasses

    from mesongo.plan.model import OverlaidFile, SuppliedMain

    supplied = SuppliedMain(virtual_dir="/src/go/stats/_mesongo_main",
                            exporting=("example.com/m/stats", "example.com/m/report"))
    main_go = OverlaidFile("/src/go/stats/_mesongo_main/main.go", "/b/p/main/main.go", "package main\n")
    plan = _plan()
    go = dataclasses.replace(plan.go, package_dir="/src/go/stats", package="./_mesongo_main", supplied_main=supplied,
                             args=("-buildmode=c-archive", "-overlay=/b/p/overlay.json"),
                             overlay_file="/b/p/overlay.json", overlaid=(main_go,))
    return dataclasses.replace(plan, go=go)


def test_plan_with_a_supplied_main_package_builds_it_through_the_overlay() -> None:
    plan = _supplied_plan()
    assert plan_from_json(plan_json(plan)) == plan
    assert plan.go.argv() == [
        "/usr/bin/go", "build", "-buildmode=c-archive", "-overlay=/b/p/overlay.json", "-o",
        "/b/meson-private/mesongo/targets/sub/greet-go.o/lib.a", "./_mesongo_main"]
    assert plan.go.overlay_files() == [
        ("/b/p/main/main.go", "package main\n"),
        ("/b/p/overlay.json",
         '{\n "Replace": {\n  "/src/go/stats/_mesongo_main/main.go": "/b/p/main/main.go"\n }\n}\n')]


def test_supplied_main_package_text() -> None:
    from mesongo.plan import mainpkg

    assert mainpkg.main_source(["example.com/m/stats", "example.com/m/report"]) == (
        "// Code generated by mesongo; DO NOT EDIT.\n\n"
        "// The main package of a C library made from the Go packages below.\n"
        "package main\n\nimport (\n\t_ \"example.com/m/stats\"\n\t_ \"example.com/m/report\"\n)\n\n"
        "func main() {}\n")
    assert mainpkg.virtual_main_dir("/src/go/stats") == "/src/go/stats/_mesongo_main"
    assert mainpkg.overlay_json({"/v/main.go": "/b/main.go"}) == \
        '{\n "Replace": {\n  "/v/main.go": "/b/main.go"\n }\n}\n'


def test_header_of_several_packages_declares_each_and_respells_only_cgo_text() -> None:
    from mesongo.plan.header import architecture_independent, combined_header

    def package_header(path: str, preamble: str, declaration: str) -> str:
        return (f"/* Code generated by cmd/cgo; DO NOT EDIT. */\n\n/* package {path} */\n\n{preamble}\n"
                + _cgo_header(32, "long int").replace("extern long int f(short int a, long unsigned int b);\n",
                                                      declaration))

    text = architecture_independent(combined_header([(p, package_header(p, pre, decl)) for p, pre, decl in (
        ("m/a", "typedef long int user_long;", "extern long int A(short int x);\n"),
        ("m/b", "/* long int stays as the user wrote it */", "extern void B(long unsigned int y);\n"))]))
    assert text.startswith("/* Generated by mesongo: the //export functions of the Go packages m/a, m/b, ")
    assert exports.header_exports(text) == ["A", "B"]
    assert "extern long A(short x);" in text and "extern void B(unsigned long y);" in text
    assert "typedef long int user_long;" in text and "/* long int stays as the user wrote it */" in text
    assert text.count("typedef GoInt64 GoInt;") == 2 and "GoInt32 GoInt;\ntypedef GoUint32 GoUint;\n#endif" in text


def test_check_plan_reads_back_every_policy_field() -> None:
    """The check step reads its plan by hand (plan/checkplan.py: no typed-plan imports after every
    link): a Policy field it forgot would fail here, every field set to other than its default."""
    policy = Policy(machine="EM_AARCH64", bits=64, soname="libgreet.so.1", libc="glibc", exports=("a", "b"),
                    glibc_max=(2, 17), static=True, darwin_versions=("1.0.0", "1.2.0"), macos_min=(12, 0),
                    host_symbols=True)
    assert {f.name for f in dataclasses.fields(Policy) if getattr(policy, f.name) == f.default} == set()
    plan = CheckPlan(library="sub/libgreet.so.1.2.3", binary_format="elf", policy=policy,
                     exports_file="/b/exports.list", symbols="sub/libgreet.so.1.2.3.symbols", step_code="code")
    text, digest = plan_file(plan)
    assert check_plan_from_json(text, digest) == plan
