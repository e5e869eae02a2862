"""The planner without Meson or Go: a target request and facts as data in, the build plan and the
install plan out, for every kind (plan/planner.py, kinds/). What Meson and Go say is written out
here as they say it; the projects under tests/projects check the same decisions for real."""

from __future__ import annotations

import dataclasses

import pytest

from mesongo.errors import ConfigError
from mesongo.kinds import GoTest, Program, PythonExtension, SharedLibrary, SharedModule, StaticLibrary, TargetKind
from mesongo.plan import goenv, planner, sharedpkgs
from mesongo.plan.model import ExportMode, ExportRule
from mesongo.toolchain.gofacts import GoToolchain, Package
from mesongo.toolchain.goscan import Export, ScannedPackage
from mesongo.toolchain.packagefacts import PackageFacts

TOOLCHAIN = GoToolchain("/usr/bin/go", (1, 26), "go1.26.8", {"GOHOSTOS": "linux", "GOHOSTARCH": "amd64"})
MESON = planner.MesonFacts(
    build_root="/b", subdir="sub", prefix="/usr", project_version="0.3.0",
    machine=goenv.HostMachine("linux", "x86_64", "x86_64", "little"),
    cc=goenv.CCompiler(("cc",)), options=goenv.MesonOptions(),
    dirs={"libdir": planner.InstallDir("lib/x86_64-linux-gnu", "{libdir}"),
          "bindir": planner.InstallDir("bin", "{bindir}"), "includedir": planner.InstallDir("include", "{includedir}")})


def package(name: str = "main", directory: str = "/src/go", **files: tuple[str, ...]) -> Package:
    return Package(dir=directory, import_path=f"example.com/{directory.rsplit('/', 1)[-1]}", name=name,
                   standard=False, files={"CgoFiles": ("lib.go",), **files}, module_gomod="/src/go/go.mod",
                   module_path="example.com/m", module_version=None, cgo_cflags=(), cgo_ldflags=(), error=None,
                   deps_errors=())


def facts(*packages: Package, func_main: bool = True, exports: tuple[str, ...] = ("Greet",)) -> PackageFacts:
    scans = tuple(ScannedPackage(p.dir, p.name, func_main, tuple(Export(e, "lib.go:3") for e in exports), ())
                  for p in packages)
    return PackageFacts(list(packages), packages, scans, {"GOWORK": "off"})


def plan_of(kind: TargetKind, found: PackageFacts | None = None, libc: str | None = "glibc",
            meson: planner.MesonFacts = MESON, **output: object) -> planner.TargetPlan:
    request = planner.TargetRequest(
        "greet", kind, tuple(p.dir for p in (found or facts(package())).listed),
        output=planner.OutputSettings(**output))   # type: ignore[arg-type]
    planner.check_request(request)
    return planner.assemble(planner.prepare(request, meson, TOOLCHAIN, libc), found or facts(package()))


def installed(target: planner.TargetPlan) -> list[tuple[str, str | None, str | None]]:
    return [(o.name, o.install_dir.path if o.install_dir else None, o.tag) for o in target.install.outputs]


GO_PART = [("greet-go.o", None, None), ("libgreet.h", "include", "devel")]
SCRATCH = "/b/meson-private/mesongo/targets/sub/greet-go.o"
PART = "meson-private/mesongo/targets/sub/greet-go.o"   # relative to the build root, where ninja links


def test_shared_library_is_a_go_part_that_meson_links() -> None:
    """The Go part makes the object, header, export list and link arguments; Meson's own
    shared_library() names, links and installs the library, with Go's c-shared link flags."""
    target = plan_of(SharedLibrary(version="1.2.3"), install=True)
    assert target.files.filename == "libgreet.so.1.2.3" and installed(target) == GO_PART
    assert target.install.pkgconfig is not None and target.install.pkgconfig.install_dir is not None
    assert target.install.pkgconfig.install_dir.name == "{libdir}/pkgconfig"
    assert target.meson_link_args == ("-Wl,-z,relro", "-Wl,-z,nodelete", "-Wl,-Bsymbolic", "-Wl,--build-id=sha1",
                                      f"-Wl,--version-script={PART}/greet-go.map",
                                      f"@{PART}/greet-go.link")
    plan = target.build
    assert plan.library is not None and plan.library.objects.output == "sub/greet-go.o"
    assert plan.output == "sub/greet-go.o" and plan.depfile == "sub/greet-go.o.d"
    assert plan.policy.soname == "libgreet.so.1" and plan.go.args[0] == "-buildmode=c-archive"
    assert plan.go.output == "/b/meson-private/mesongo/targets/sub/greet-go.o/lib.a"
    check = planner.check_plan(planner.prepare(planner.TargetRequest("greet", SharedLibrary(version="1.2.3"),
                                                                     ("/src/go",)), MESON, TOOLCHAIN, "glibc"),
                               "libgreet.so.1.2.3", "")
    assert (check.library, check.symbols, check.policy.soname) == (
        "sub/libgreet.so.1.2.3", "sub/libgreet.so.1.2.3.symbols", "libgreet.so.1")
    assert check.exports_file == "/b/meson-private/mesongo/targets/sub/greet-go.o/exports.list"


def test_exports_all_gives_meson_no_export_list() -> None:
    target = plan_of(SharedLibrary(), exports=ExportRule(ExportMode.ALL))
    assert not any("version-script" in a for a in target.meson_link_args)


def test_shared_module_has_no_soname_and_installs_no_header() -> None:
    target = plan_of(SharedModule(name_prefix=""), install=True,
                     install_dir=planner.InstallDir("lib/x86_64-linux-gnu/security", "{libdir}/security"))
    assert installed(target)[1] == ("greet.h", None, "devel") and target.install.pkgconfig is None
    assert target.files.filename == "greet.so" and not target.install.install
    plan = target.build
    assert plan.library is not None and plan.library.pkgconfig is None and plan.policy.soname is None
    assert plan_of(SharedModule()).files.filename == "libgreet.so"   # Meson's default prefix and suffix


def test_shared_module_installs_its_header_and_pc_when_asked() -> None:
    target = plan_of(SharedModule(), install=True, install_header=True, pkgconfig=True)
    assert installed(target)[1] == ("libgreet.h", "include", "devel") and target.install.pkgconfig is not None


def test_shared_module_is_refused_on_musl() -> None:
    with pytest.raises(ConfigError, match="musl, where a Go shared module cannot be loaded with dlopen"):
        plan_of(SharedModule(), libc="musl")


def test_python_extension_is_a_module_in_the_package() -> None:
    target = plan_of(PythonExtension(name_prefix="", name_suffix="so"), install=True,
                     install_dir=planner.InstallDir("/usr/lib/python3/site-packages/pkg", "{py_platlib}/pkg"),
                     exports=ExportRule(ExportMode.LIST, ("PyInit_greet",)))
    assert target.files.filename == "greet.so" and installed(target)[1] == ("greet.h", None, "devel")
    assert target.python_package_dir == "{py_platlib}/pkg"
    assert target.build.library is not None and target.build.library.exports.names == ("PyInit_greet",)


def test_shared_library_in_a_python_package_is_unversioned() -> None:
    """A wheel holds no symlinks: the library is libN.so, its own soname."""
    target = plan_of(SharedLibrary(version="1.2.3"), install=True,
                     install_dir=planner.InstallDir("/py/pkg", "{py_platlib}/pkg"))
    assert target.files.filename == "libgreet.so" and target.build.policy.soname == "libgreet.so"
    assert installed(target)[1] == ("libgreet.h", None, "devel") and target.install.pkgconfig is None


def test_static_library_gives_its_consumers_the_link_arguments() -> None:
    target = plan_of(StaticLibrary(), libc="musl", install=True)
    assert target.files.filename == "libgreet.a" and installed(target) == GO_PART
    assert target.consumer_link_args == (f"@{SCRATCH}/greet-go.link",)
    assert target.build.musl and target.strip is None


def test_program_is_on_devenv_path_when_installed_to_bindir() -> None:
    target = plan_of(Program(), install=True, header=False)
    assert installed(target) == [("greet", "bin", "runtime")] and target.on_devenv_path
    assert target.build.library is None and target.build.go.subcommand == ("build",)
    assert not plan_of(Program(native=True), install=True, header=False).on_devenv_path


def test_go_test_builds_the_test_binary() -> None:
    found = facts(package(name="calc", TestGoFiles=("calc_test.go",)))
    plan = plan_of(GoTest(), found, header=False).build
    assert plan.go.argv()[:3] == ["/usr/bin/go", "test", "-c"] and plan.go.package == "."


def test_a_library_of_packages_that_are_not_main_gets_a_supplied_main() -> None:
    found = facts(package("stats", "/src/go/stats"), package("report", "/src/go/report"), func_main=False)
    plan = plan_of(SharedLibrary(), found).build
    assert plan.go.supplied_main is not None and plan.go.package == "./_mesongo_main"
    assert plan.go.supplied_main.exporting == ("example.com/stats", "example.com/report")
    assert plan.go.args[-1] == f"-overlay={plan.go.overlay_file}"
    assert [f.path for f in plan.go.overlaid] == ["/src/go/stats/_mesongo_main/main.go"]


@pytest.mark.parametrize(("kind", "found", "message"), [
    (SharedLibrary(), facts(package("stats", "/src/go/stats"), package(directory="/src/go/m")),
     "the package in /src/go/m is 'package main', and a library of several packages"),
    (SharedModule(), facts(package(), exports=()), "package main in /src/go has no //export functions"),
    (Program(), facts(package(name="lib")), "is 'package lib': a Go program is a package main"),
    (GoTest(), facts(package()), "has no _test.go files"),
])
def test_each_kind_checks_its_own_package_rules(kind: TargetKind, found: PackageFacts, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        plan_of(kind, found, header=False if not kind.C_API else True)


def test_a_program_is_one_package() -> None:
    with pytest.raises(ConfigError, match="a Go program is one package"):
        plan_of(Program(), facts(package(directory="/src/a"), package(directory="/src/b")))


def test_go_mod_init_suggestion_is_a_valid_module_path() -> None:
    """The module path of the `go mod init` command a package outside any module is told to run."""
    from mesongo.plan.packagecheck import module_path_for

    assert module_path_for("greet") == "example.com/greet"
    assert module_path_for("c++ glue.") == "example.com/c---glue"
    assert module_path_for("...") == "example.com/mylib"


# --- packages that several targets compile (plan/sharedpkgs.py) ---------------------------------


def _dep(path: str, deps: tuple[str, ...] = (), standard: bool = False) -> Package:
    return dataclasses.replace(package("x", f"/src/go/{path}"), import_path=path, standard=standard, deps=deps)


def _member(target: str, directory: str, *deps: Package, kind: TargetKind | None = None) -> sharedpkgs.Member:
    own = dataclasses.replace(package(directory=directory), deps=tuple(d.import_path for d in deps))
    if isinstance(kind, GoTest):
        own = dataclasses.replace(own, files={**own.files, "TestGoFiles": ("lib_test.go",)})
    plan = plan_of(kind or SharedLibrary("1.0.0"), facts(own), header=False if isinstance(kind, GoTest) else None).build
    return sharedpkgs.Member(target, plan, [own, *deps])


CGO = _dep("runtime/cgo", standard=True)
CDEP = _dep("example.com/cdep", (CGO.import_path,))


def test_targets_that_share_packages_get_one_step_that_names_the_top_ones() -> None:
    groups = sharedpkgs.shared_groups([_member("a", "/src/go/a", CDEP, CGO), _member("b", "/src/go/b", CDEP, CGO),
                                       _member("c", "/src/go/c", CGO)])
    # c shares runtime/cgo only, which cdep imports: asking for cdep compiles it too.
    assert [(g.packages, g.members, g.module_dir) for g in groups] == [(("example.com/cdep",), ("a", "b", "c"),
                                                                        "/src/go")]


def test_a_main_package_built_by_two_targets_is_not_named_and_tests_are_left_out() -> None:
    """`go list -export -buildmode=c-archive` of a main package writes its cgo header as `.h` in
    the source tree: the step names what it imports instead."""
    shared = _member("so", "/src/go/a", CDEP, CGO)
    static = dataclasses.replace(_member("a", "/src/go/a", CDEP, CGO), target="static")
    test = _member("t", "/src/go/a", CDEP, CGO, kind=GoTest())
    groups = sharedpkgs.shared_groups([shared, static, test])
    assert [(g.packages, g.members) for g in groups] == [(("example.com/cdep",), ("so", "static"))]


def test_targets_built_alike_only_share_and_a_lone_target_gets_no_step() -> None:
    one = _member("one", "/src/go/a", CGO)
    other_env = dataclasses.replace(one.plan, go=dataclasses.replace(one.plan.go, env={**one.plan.go.env,
                                                                                       "GOARCH": "arm64"}))
    assert sharedpkgs.shared_groups([one, dataclasses.replace(_member("two", "/src/go/b", CGO), plan=other_env)]) == []
    assert sharedpkgs.shared_groups([one]) == []
