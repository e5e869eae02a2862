"""macOS from Linux: tests/projects/macos cross-built for x86_64 and arm64 macOS with the
committed zig cross-files (cross-files/*-macos-zig.ini), and every property checked by reading
the Mach-O files (binfmt/macho.py, macholib): names as Meson gives its own targets, install
names, versions and rpaths as Apple's linker writes them, exports limited to the C API, what
each import is bound to, the oldest macOS, the arm64 code signature. Nothing here runs a macOS
program: `meson test` says so and skips them.

Each architecture is built once per session (cold, zig builds its macOS runtime first: ~30 s).
"""

from __future__ import annotations

import os
import re
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, Project, base_env, copy_project, need_python_module, need_tool, run, steps

from mesongo.binfmt import macho
from mesongo.binfmt.formats import MACHO, SharedObjectNames, format_of_file
from mesongo.cli import crossfile
from mesongo.plan import macos, naming
from mesongo.plan.policy import Policy, check_macho

LIBSYSTEM = "/usr/lib/libSystem.B.dylib"
CPU = {"x86_64": "CPU_TYPE_X86_64", "aarch64": "CPU_TYPE_ARM64"}
GO_API = ("greet_add", "greet_free", "greet_hello")


@dataclass
class MacBuild:
    arch: str                    # Meson's cpu_family: x86_64, aarch64
    project: Project
    setup_output: str

    @property
    def build(self) -> Path:
        return self.project.build

    def read(self, name: str) -> macho.MachOFacts:
        return macho.read_macho(str(self.build / name))


@pytest.fixture(scope="session")
def go_version() -> tuple[int, ...]:
    out = run([need_tool("go"), "env", "GOVERSION"], env=base_env() | {"GOTOOLCHAIN": "local"}).stdout
    return tuple(int(p) for p in out.strip().removeprefix("go").split(".")[:2])


@pytest.fixture(scope="session", params=["x86_64", "aarch64"])
def mac(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MacBuild]:
    for tool in ("go", "ninja", "pkg-config"):
        need_tool(tool)
    need_python_module("ziglang", "pip install ziglang")
    arch = request.param
    project = copy_project("macos", tmp_path_factory.mktemp(f"macos-{arch}"))
    # Run elsewhere than the checkout: zig's `cc --version` for a macOS target, which Meson runs to
    # detect the compiler, leaves an empty a.o where it runs (zig 0.17.1).
    setup = project.setup("--prefix=/usr", f"--cross-file={REPO / 'cross-files' / f'{arch}-macos-zig.ini'}",
                          cwd=project.src.parent)
    project.ninja()
    yield MacBuild(arch, project, setup.stdout)


def test_files_are_named_as_meson_names_its_own(mac: MacBuild) -> None:
    """The Go library is named as the C library beside it: libNAME.SOVERSION.dylib, and the link
    libNAME.dylib that a consumer's -lNAME finds; modules libNAME.dylib; programs bare."""
    build = mac.build
    for go_lib, c_lib in (("libgreet.1.dylib", "libcref.2.dylib"),):
        for name in (go_lib, c_lib):
            link = build / (name.split(".")[0] + ".dylib")
            assert link.is_symlink() and os.readlink(link) == name, link
    kinds = {"libgreet.1.dylib": "dylib", "libgreetv.3.dylib": "dylib", "libcref.2.dylib": "dylib",
             "libplugin.dylib": "dylib", "libcrefmod.dylib": "dylib", "app": "execute", "count-app": "execute",
             "gotool": "execute", "cref-app": "execute", "plugin-host": "execute"}
    for name, kind in kinds.items():
        facts = mac.read(name)   # a Mach-O file, by its header
        assert (facts.kind, facts.machine, facts.bits) == (kind, CPU[mac.arch], 64), name
    archive = macho.read_go_object_header(str(build / "libcount.a"))
    assert [(m.kind, m.machine) for m in archive] == [("object", CPU[mac.arch])]
    assert format_of_file(str(build / "libcount.a"))[0] is MACHO
    assert not list(build.glob("*.so*")) and not list(build.glob("*.dll"))


def test_install_names_and_versions_are_those_of_apple_s_linker(mac: MacBuild) -> None:
    """Meson's own C library and the Go one alike: @rpath/ install names, versions from
    darwin_versions (by default the soversion for both), X.Y.Z as the load commands hold them."""
    for name, install_name, versions in (
            ("libgreet.1.dylib", "@rpath/libgreet.1.dylib", ("1.0.0", "1.0.0")),
            ("libcref.2.dylib", "@rpath/libcref.2.dylib", ("2.0.0", "2.0.0")),
            ("libgreetv.3.dylib", "@rpath/libgreetv.3.dylib", ("3.0.0", "3.4.5"))):
        facts = mac.read(name)
        assert facts.install_name == install_name, name
        assert (facts.compatibility_version, facts.current_version) == versions, name
        assert "LC_ID_DYLIB" in facts.load_commands


def test_consumers_find_the_libraries_by_rpath(mac: MacBuild) -> None:
    """C programs (linking the Go dylib, the C one) and the Go program (linking the C one) record
    the @rpath/ install name and an @loader_path rpath, which dyld expands (not $ORIGIN)."""
    for program, needed in (("app", "@rpath/libgreet.1.dylib"), ("cref-app", "@rpath/libcref.2.dylib"),
                            ("gotool", "@rpath/libcref.2.dylib")):
        facts = mac.read(program)
        assert needed in facts.dylibs, program
        assert facts.rpaths and all(r.startswith("@loader_path") for r in facts.rpaths), (program, facts.rpaths)
    app = mac.read("app")
    assert {s.name: s.library for s in app.imports if s.name.startswith("greet_")} == {
        "greet_add": "@rpath/libgreet.1.dylib", "greet_free": "@rpath/libgreet.1.dylib",
        "greet_hello": "@rpath/libgreet.1.dylib"}
    # The static library's consumer carries the Go code itself.
    count_app = mac.read("count-app")
    assert count_app.go_version and not any("count" in d for d in count_app.dylibs)


def test_exports_are_the_c_api(mac: MacBuild) -> None:
    """As on Linux and Windows: the //export functions only (besides the two symbols zig's linker
    exports from every dylib it writes, the image's own header and dso handle)."""
    greet = mac.read("libgreet.1.dylib")
    assert greet.defined_symbols == GO_API
    assert {s.name for s in greet.exports} == {*GO_API, "_mh_dylib_header", "__dso_handle"}
    assert mac.read("libplugin.dylib").defined_symbols == ("plugin_answer",)
    # The Go part's export list, in the form ld64 takes (one _name a line), and its link argument.
    scratch = mac.build / "meson-private" / "mesongo" / "targets" / "greet-go.o"
    assert (scratch / "greet-go.exp").read_text() == "_greet_add\n_greet_hello\n_greet_free\n"
    link = run(["ninja", "-C", mac.build, "-t", "commands", "libgreet.1.dylib"]).stdout.splitlines()[-1]
    assert f"-Wl,-exported_symbols_list,{scratch.relative_to(mac.build) / 'greet-go.exp'}" in link
    # The object Meson links hides the rest (N_PEXT), which zig's linker needs (it ignores the list).
    part = macho.read_macho(str(mac.build / "greet-go.o"))
    assert part.defined_symbols == GO_API


def test_nothing_undefined_but_what_libsystem_provides(mac: MacBuild) -> None:
    """Every import of the Go libraries and programs is bound to a named dylib (two-level
    namespace): libSystem, and the project's C library for the Go program. Only the plugin
    leaves one to its host (dynamic lookup), as Meson's shared_module() may."""
    for name in ("libgreet.1.dylib", "libcref.2.dylib", "app", "count-app"):
        facts = mac.read(name)
        assert facts.two_level and facts.imports, name
        assert {s.library for s in facts.imports} <= {LIBSYSTEM, "@rpath/libgreet.1.dylib"}, name
    gotool = mac.read("gotool")
    assert {s.library for s in gotool.imports} == {LIBSYSTEM, "@rpath/libcref.2.dylib"}
    plugin = mac.read("libplugin.dylib")
    assert plugin.unbound_imports == ("host_base",)
    assert {s.library for s in plugin.imports} == {LIBSYSTEM, macho.DYNAMIC_LOOKUP}


def test_arm64_stubs_of_apple_s_sdk_were_linked(mac: MacBuild) -> None:
    """runtime/cgo asks for -framework CoreFoundation on arm64 and every Go program for
    -lresolv: mesongo's link stubs (package data) answer both, and the real libraries are
    what the files load."""
    linked = (mac.build / "meson-private" / "mesongo" / "targets" / "count-go.o" / "count-go.link").read_text()
    assert linked.split() == (["-framework", "CoreFoundation"] if mac.arch == "aarch64" else []) + ["-lresolv"]
    gotool = mac.read("gotool")
    assert "/usr/lib/libresolv.9.dylib" in gotool.dylibs
    framework = "/System/Library/Frameworks/CoreFoundation.framework/Versions/A/CoreFoundation"
    assert (framework in gotool.dylibs) == (mac.arch == "aarch64")
    stub = Path(macos.STUBS_DIR) / "CoreFoundation.framework" / "CoreFoundation.tbd"
    assert f"install-name:    '{framework}'" in stub.read_text()
    count_link = run(["ninja", "-C", mac.build, "-t", "commands", "count-app"]).stdout.splitlines()[-1]
    assert f"-F{macos.STUBS_DIR}" in count_link and f"-L{macos.STUBS_DIR}" in count_link


def test_oldest_macos_is_go_s_and_arm64_is_signed(mac: MacBuild, go_version: tuple[int, ...]) -> None:
    """Every file asks for the oldest macOS the Go release supports (Go 1.25 and 1.26: macOS 12,
    their release notes); the arm64 ones carry a valid ad hoc code signature (macOS runs no
    unsigned arm64 code), the x86_64 ones none, as ld64 leaves them."""
    floor = macos.go_macos_min(go_version)
    if go_version[:2] in ((1, 25), (1, 26)):
        assert floor == (12, 0, 0)
    for name in ("libgreet.1.dylib", "libplugin.dylib", "libcref.2.dylib", "app", "count-app", "gotool", "greet-go.o"):
        facts = mac.read(name)
        assert (facts.platform, facts.minos) == ("macos", floor), name
        if facts.kind == "object":
            continue
        if mac.arch == "aarch64":
            assert facts.signature == "ad hoc, linker-signed", name
            assert "LC_CODE_SIGNATURE" in facts.load_commands
        else:
            assert facts.signature is None and "LC_CODE_SIGNATURE" not in facts.load_commands, name


def test_link_interface_is_the_check_step_s(mac: MacBuild) -> None:
    symbols = (mac.build / "libgreet.1.dylib.symbols").read_text()
    assert symbols == MACHO.link_interface(mac.read("libgreet.1.dylib"))
    assert symbols.startswith("install_name @rpath/libgreet.1.dylib\nversions 1.0.0 1.0.0\n")
    assert "\ngreet_add STT_FUNC\n" in symbols


def test_a_no_op_build_does_nothing(mac: MacBuild) -> None:
    assert steps(mac.project.ninja().stdout) == []


def test_inspect_reads_macho(mac: MacBuild) -> None:
    dylib = mac.build / "libgreet.1.dylib"
    out = run([Path(sys.executable).parent / "mesongo", "inspect", "--check", "--machine", mac.arch,
               "--soname", "@rpath/libgreet.1.dylib", "--exports-from", mac.build / "libgreet.h",
               "--macos-min", "12.0", dylib]).stdout
    machine = {"x86_64": "x86-64", "aarch64": "arm64"}[mac.arch]
    assert out.startswith(f"{dylib}: Mach-O 64-bit dylib, {machine}\n")
    for line in ("  install name @rpath/libgreet.1.dylib\n", "  versions     compatibility 1.0.0, current 1.0.0\n",
                 "  rpaths       -\n", "  macos        12.0.0 or later (SDK ",
                 "  exports (5)  __dso_handle _mh_dylib_header greet_add greet_free greet_hello\n"):
        assert line in out, line
    assert "LC_ID_DYLIB" in out and "LC_BUILD_VERSION" in out
    wrong = run([Path(sys.executable).parent / "mesongo", "inspect", "--check", "--soname", "libgreet.1.dylib",
                 "--macos-min", "13.0", dylib], check=False)
    assert wrong.returncode == 1
    assert "libgreet.1.dylib: install name: the dylib calls itself @rpath/libgreet.1.dylib, expected " \
           "libgreet.1.dylib" in wrong.stdout
    assert "libgreet.1.dylib: macos_min: the file asks for macOS 12.0.0, below 13.0.0" in wrong.stdout
    app = run([Path(sys.executable).parent / "mesongo", "inspect", mac.build / "app"]).stdout
    assert "  rpaths       @loader_path/\n" in app and "@rpath/libgreet.1.dylib" in app


def test_meson_test_says_it_cannot_run_macos_programs(mac: MacBuild) -> None:
    assert "mesongo: this build is for macOS, whose programs this machine cannot run" in mac.setup_output
    out = mac.project.meson("test").stdout
    assert re.search(r"^Skipped:\s+4\s*$", out, re.M) and re.search(r"^Ok:\s+0\s*$", out, re.M), out
    results = [line for line in out.splitlines() if re.match(r"\s*\d/4 ", line)]
    assert len(results) == 4 and all(" SKIP " in line for line in results), out
    log = (mac.build / "meson-logs" / "testlog.txt").read_text()
    for program in ("app", "count-app", "plugin-host", "gotool"):   # Meson's and mesongo's alike
        assert f"Not run: {program} is a macOS program, which this machine cannot run: the cross-file has no " \
               "exe_wrapper" in log, program


def test_pc_file_links_an_outside_consumer(mac: MacBuild, tmp_path: Path) -> None:
    """A C program outside the project, compiled and linked with zig and what `pkg-config greet`
    says (meson-uninstalled), records the library's install name as the project's own app does."""
    cf = crossfile.resolve(f"{mac.arch}-macos", "zig")
    env = base_env() | {"PKG_CONFIG_PATH": str(mac.build / "meson-uninstalled"), "PKG_CONFIG_LIBDIR": ""}
    flags = run([need_tool("pkg-config"), "--cflags", "--libs", "greet"], env=env).stdout.split()
    exe = tmp_path / "outside"
    # The cross-file's c_args: zig's UBSan runtime off, as for the project's own programs.
    run([*cf.binaries["c"], "-fno-sanitize=undefined", str(mac.project.src / "app.c"), "-o", str(exe), *flags,
         f"-Wl,-rpath,{mac.build}"], env=env)
    outside = macho.read_macho(str(exe))
    assert "@rpath/libgreet.1.dylib" in outside.dylibs and str(mac.build) in outside.rpaths
    static = run([need_tool("pkg-config"), "--static", "--libs", "count"], env=env).stdout
    assert "-lcount" in static and "-lresolv" in static
    assert ("-framework CoreFoundation" in static) == (mac.arch == "aarch64")


def test_install_layout_is_meson_s(mac: MacBuild, tmp_path: Path) -> None:
    mac.project.meson("install", "--destdir", str(tmp_path))
    installed = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if not p.is_dir())
    assert installed == [
        "usr/bin/app", "usr/bin/gotool", "usr/include/libcount.h", "usr/include/libgreet.h", "usr/lib/libcount.a",
        "usr/lib/libcref.2.dylib", "usr/lib/libcref.dylib", "usr/lib/libcrefmod.dylib", "usr/lib/libgreet.1.dylib",
        "usr/lib/libgreet.dylib", "usr/lib/libplugin.dylib", "usr/lib/pkgconfig/count.pc",
        "usr/lib/pkgconfig/greet.pc"]
    assert os.readlink(tmp_path / "usr/lib/libgreet.dylib") == "libgreet.1.dylib"
    # Meson rewrites install names and rpaths with install_name_tool, on a Mac; here the files
    # are installed as they were linked.
    assert macho.read_macho(str(tmp_path / "usr/lib/libgreet.1.dylib")).install_name == "@rpath/libgreet.1.dylib"


# --- without a toolchain ------------------------------------------------------------------------


def test_macho_names_and_versions() -> None:
    assert naming.macho_shared_library_names("greet", "1.2.3", None) == (
        SharedObjectNames("libgreet.1.dylib", "@rpath/libgreet.1.dylib"))
    assert naming.macho_shared_library_names("greet", "1.2.3", "4") == (
        SharedObjectNames("libgreet.4.dylib", "@rpath/libgreet.4.dylib"))
    assert naming.macho_shared_library_names("greet", None, None) == (
        SharedObjectNames("libgreet.dylib", "@rpath/libgreet.dylib"))
    assert [naming.darwin_version(v) for v in ("2", "2.1", "2.1.3")] == ["2.0.0", "2.1.0", "2.1.3"]


def test_go_macos_floor_follows_the_release_notes() -> None:
    assert [macos.go_macos_min(v) for v in ((1, 19, 13), (1, 21), (1, 22), (1, 23), (1, 24, 2), (1, 25),
                                            (1, 26, 8), (1, 27))] == [
        (10, 13, 0), (10, 15, 0), (10, 15, 0), (11, 0, 0), (11, 0, 0), (12, 0, 0), (12, 0, 0), (13, 0, 0)]
    assert macos.macos_min({"macos_min": "13.0"}, (1, 26), "go1.26.8") == (13, 0, 0)
    assert macos.macos_min({}, (1, 26), "go1.26.8") == (12, 0, 0)


def test_macos_cross_files() -> None:
    for arch, triple in (("x86_64", "x86_64-macos.12.0"), ("aarch64", "aarch64-macos.12.0")):
        cf = crossfile.resolve(f"{arch}-macos")
        assert cf.toolchain == "zig" and cf.file_name == f"{arch}-macos-zig.ini" and cf.exe_wrapper is None
        assert cf.binaries["c"] == ["python3", "-m", "ziglang", "cc", "-target", triple]
        text = (REPO / "cross-files" / cf.file_name).read_text()
        assert "system = 'darwin'" in text and "macos_min = '12.0'" in text and "exe_wrapper =" not in text
    newer = crossfile.resolve("aarch64-macos.13.0")
    assert newer.file_name == "aarch64-macos.13.0-zig.ini" and newer.binaries["c"][-1] == "aarch64-macos.13.0"


def _hidden_object(tmp_path: Path, source: Path) -> Path:
    """An object with two external functions, relocated as a Go part is (`cc -r`)."""
    need_python_module("ziglang", "pip install ziglang")
    obj = tmp_path / "two.o"
    run([sys.executable, "-m", "ziglang", "cc", "-target", "aarch64-macos.12.0", "-fno-sanitize=undefined", "-c",
         str(source), "-o", str(obj)])
    return obj


def test_hide_all_but_keeps_the_api(tmp_path: Path) -> None:
    source = tmp_path / "two.c"
    source.write_text("int keep(void) { return 1; }\nint drop(void) { return 2; }\n")
    obj = _hidden_object(tmp_path, source)
    assert macho.read_macho(str(obj)).defined_symbols == ("drop", "keep")
    assert macho.hide_all_but(str(obj), ["keep"]) == 1
    assert macho.read_macho(str(obj)).defined_symbols == ("keep",)
    assert macho.hide_all_but(str(obj), ["keep"]) == 0   # nothing left to hide: the file is not rewritten


def test_a_broken_signature_fails_the_check(tmp_path: Path) -> None:
    """The check recomputes the CodeDirectory's page hashes: a byte changed after the link is
    found, as macOS would refuse to load the file."""
    source = tmp_path / "lib.c"
    source.write_text("int answer(void) { return 42; }\n")
    need_python_module("ziglang", "pip install ziglang")
    dylib = tmp_path / "libanswer.dylib"
    run([sys.executable, "-m", "ziglang", "cc", "-target", "aarch64-macos.12.0", "-fno-sanitize=undefined", "-shared",
         str(source), "-o", str(dylib), "-Wl,-install_name,@rpath/libanswer.dylib"])
    rules = Policy(machine="CPU_TYPE_ARM64", bits=64, soname="@rpath/libanswer.dylib", exports=("answer",),
                   macos_min=(12, 0, 0))
    assert check_macho(macho.read_macho(str(dylib)), rules) == []
    data = bytearray(dylib.read_bytes())
    changed = 4000   # inside the first page (4 or 16 KiB), which the signature covers
    struct.pack_into("<I", data, changed, struct.unpack_from("<I", data, changed)[0] ^ 1)
    dylib.write_bytes(data)
    problems = check_macho(macho.read_macho(str(dylib)), rules)
    assert problems == ["libanswer.dylib: code signature: ad hoc, linker-signed (broken: page 0 does not have the "
                        "hash it records), and macOS loads no arm64 code without a valid one; link with a linker "
                        "that signs ad hoc (ld64, zig), or sign it: codesign -s - FILE"]


def test_pairs_of_link_flags_stay_together() -> None:
    from mesongo.toolchain.gofacts import Package, cgo_link_flags

    def package(path: str, ldflags: tuple[str, ...]) -> Package:
        return Package(dir="/src/" + path, import_path=path, name=path, standard=False, files={}, module_gomod=None,
                       module_path=None, module_version=None, cgo_cflags=(), cgo_ldflags=ldflags, error=None,
                       deps_errors=())

    packages = [package("a", ("-framework", "CoreFoundation", "-lm")), package("b", ("-framework", "Security", "-lm"))]
    assert cgo_link_flags(packages) == ["-framework", "CoreFoundation", "-lm", "-framework", "Security"]
