"""The environment `meson devenv` gives Go's own tools, from the targets' build plans, without Meson
or Go (plan/devenv.py): how the targets' values merge, and what is left out when they differ.
tests/test_mixed.py runs go vet, go test and gopls in it for real; the end of this file sets up a
project whose targets differ, and a Go workspace."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

from conftest import PROJECTS, Project, base_env, copy_project, meson_command, run
from test_planner import MESON, TOOLCHAIN, facts, package

from mesongo.kinds import GoTest, Program, SharedLibrary, StaticLibrary, TargetKind
from mesongo.plan import goenv, pkgconfig, planner
from mesongo.plan.devenv import DevTarget, go_tools_environment

AARCH64 = dataclasses.replace(MESON, machine=goenv.HostMachine("linux", "aarch64", "aarch64", "little"),
                              cc=goenv.CCompiler(("aarch64-linux-gnu-gcc",)))


def target(name: str, kind: TargetKind | None = None, subdir: str = "sub", tags: tuple[str, ...] = (),
           c: planner.CInputs | None = None, meson: planner.MesonFacts = MESON, gowork: str = "off",
           pc_files: tuple[str, ...] = ()) -> DevTarget:
    request = planner.TargetRequest(name, kind or Program(), ("/src/go",), go=planner.GoSettings(tags=tags))
    found = dataclasses.replace(facts(package(TestGoFiles=("lib_test.go",))), pinned={"GOWORK": gowork})
    made = planner.assemble(planner.prepare(request, dataclasses.replace(
        meson, subdir=subdir, c_inputs=c or planner.CInputs()), TOOLCHAIN, "glibc"), found, pkg_config_files=pc_files)
    return DevTarget(name, made.build, made.build_rpaths)


def test_cgo_flags_are_the_union_and_runpaths_name_the_build_dirs() -> None:
    one = target("one", subdir="a", c=planner.CInputs(cflags=("-I/src/calc", "-DCALC=1"),
                                                      ldflags=("/b/libcalc.so.1",), rpaths=("$ORIGIN/../calc",)))
    two = target("two", GoTest(), subdir="b", c=planner.CInputs(
        cflags=("-I/src/calc", "-isystem", "/src/sys", "-I/src/more"), ldflags=("/b/more/libmore.a", "-lm")))
    three = target("three", StaticLibrary(), c=planner.CInputs(cflags=("-isystem", "/src/other")))
    env = go_tools_environment([one, two, three], "/b")
    assert env.variables["CGO_CFLAGS"] == ("-O2 -g -I/src/calc -DCALC=1 -isystem /src/sys -I/src/more "
                                           "-isystem /src/other")
    # $ORIGIN/../calc of a target in /b/a: go test's binaries run from a temporary dir.
    assert env.variables["CGO_LDFLAGS"] == "-O2 -g /b/libcalc.so.1 -Wl,-rpath,/b/calc /b/more/libmore.a -lm"
    assert (env.variables["CC"], env.variables["GOOS"], env.variables["GOARCH"]) == ("cc", "linux", "amd64")
    assert (env.variables["CGO_ENABLED"], env.variables["GOTOOLCHAIN"], env.variables["GOWORK"]) == \
        ("1", "local", "off")
    assert "GOPROXY" not in env.variables and "GOFLAGS" not in env.variables and env.notes == ()
    assert env.pkg_config_uninstalled == "/b/meson-uninstalled"   # the static library's libthree-uninstalled.pc
    assert go_tools_environment([one, two], "/b").pkg_config_uninstalled is None


def test_build_tags_only_when_every_target_has_them() -> None:
    assert go_tools_environment([target("a", tags=("x", "y")), target("b", tags=("x", "y"))],
                                "/b").variables["GOFLAGS"] == "-tags=x,y"
    env = go_tools_environment([target("a", tags=("x",)), target("b")], "/b")
    assert "GOFLAGS" not in env.variables
    assert env.notes == ("meson devenv sets no build tags: the Go targets differ (x for a; (unset) for b)",)


def test_what_differs_is_left_unset_and_said() -> None:
    env = go_tools_environment([target("a", gowork="/src/go.work"), target("b")], "/b")
    assert "GOWORK" not in env.variables and env.variables["CC"] == "cc"
    assert env.notes == ("meson devenv leaves GOWORK unset: the Go targets differ (/src/go.work for a; off for b)",)


def test_a_cross_build_describes_the_host_machine_not_its_generators() -> None:
    host = target("lib", SharedLibrary(), meson=AARCH64)
    generator = target("gen", Program(native=True))
    env = go_tools_environment([host, generator], "/b")
    assert (env.variables["GOARCH"], env.variables["CC"]) == ("arm64", "aarch64-linux-gnu-gcc") and env.notes == ()
    assert env.pkg_config_uninstalled == "/b/meson-uninstalled"   # the library's NAME-uninstalled.pc
    only = go_tools_environment([generator], "/b")
    assert (only.variables["GOARCH"], only.variables["CC"], only.pkg_config_uninstalled) == ("amd64", "cc", None)


def test_go_tools_get_the_targets_pkg_config_search() -> None:
    """gopls and go vet in the shell run cgo's pkg-config as the build does: in a cross build the
    host machine's .pc files, never the build machine's."""
    def lib(search: pkgconfig.PkgConfigSearch, pc_files: tuple[str, ...] = ("/x/zlib.pc",)) -> DevTarget:
        return target("lib", SharedLibrary(), meson=dataclasses.replace(AARCH64, pkg_config=search), pc_files=pc_files)

    search = pkgconfig.search("pkg-config", "/b", [], ["/usr/lib/aarch64-linux-gnu/pkgconfig"], None, cross=True)
    env = go_tools_environment([lib(search)], "/b")
    assert {k: v for k, v in env.variables.items() if k.startswith("PKG_CONFIG")} == {
        "PKG_CONFIG": "pkg-config", "PKG_CONFIG_PATH": "/b/meson-uninstalled",
        "PKG_CONFIG_LIBDIR": "/usr/lib/aarch64-linux-gnu/pkgconfig"}
    bare = pkgconfig.search("pkg-config", "/b", [], None, None, cross=True)
    assert go_tools_environment([lib(bare)], "/b").variables["PKG_CONFIG_LIBDIR"] == ""
    # Without a `#cgo pkg-config:` line the shell's pkg-config is Meson's devenv's business.
    assert not [k for k in go_tools_environment([lib(search, ())], "/b").variables if k.startswith("PKG_CONFIG")]


def test_setup_says_what_meson_devenv_leaves_out(toolchain: None, tmp_path: Path) -> None:
    """Two Go targets of one module with different tags: setup says that the shell gets none."""
    src = tmp_path / "src"
    shutil.copytree(PROJECTS / "mixed", src)
    with open(src / "meson.build", "a") as f:
        f.write("go.executable('gen-tagged', 'go/cmd/gen', native: true, tags: ['extra'])\n"
                "go.executable('tool-tagged', 'go/cmd/tool', dependencies: calc_dep, tags: ['extra'])\n")
    project = Project(src, tmp_path / "build")
    out = project.setup().stdout
    assert re.search(r"^mesongo: meson devenv sets no build tags: the Go targets differ \(\(unset\) for gotool, "
                     r"calc; extra for tool-tagged\)$", out, re.M), out
    dumped = run([*meson_command(), "devenv", "-C", str(project.build), "--dump"]).stdout
    assert "-tags" not in dumped and f"-I{src / 'clib'}" in dumped


def test_a_go_workspace_in_devenv_and_introspection(toolchain: None, tmp_path: Path) -> None:
    """tests/projects/workspace: lib imports a package of another module of its go.work. The
    shell gets the go.work setup pinned and finds the library's uninstalled .pc; introspection
    lists the other module's files among the library's sources (an edit there rebuilds it)."""
    project = copy_project("workspace", tmp_path)
    project.setup()
    devenv = [*meson_command(), "devenv", "-C", str(project.build)]
    dumped = dict(re.findall(r'^(\w+)="(.*)"$', run([*devenv, "--dump"]).stdout, re.M))
    assert dumped["GOWORK"] == str(project.src / "go.work")
    env = {k: v for k, v in base_env().items() if k != "PKG_CONFIG_PATH"}
    assert run(["pkg-config", "--cflags", "ws"], env=env, check=False).returncode != 0
    assert run([*devenv, "pkg-config", "--cflags", "--libs", "ws"], env=env).stdout.split() == \
        [f"-I{project.build}", f"-L{project.build}", "-lws"]
    targets = {t["name"]: t for t in json.loads(project.meson("introspect", "--targets").stdout)}
    assert [s for part in targets["ws-go-part"]["target_sources"] for s in part["sources"]] == \
        [str(project.src / "lib" / "lib.go"), str(project.src / "util" / "util.go")]
