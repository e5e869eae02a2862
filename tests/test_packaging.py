"""mesongo as users get it: a wheel installed next to an unmodified Meson, and every Meson minor
from 1.0 to the newest running the same small project."""

from __future__ import annotations

import json
import os
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import REPO, Project, assert_meson_tests_passed, base_env, copy_project, run

from mesongo import _finder

# The newest patch release of every Meson minor mesongo supports (meson_adapter/compat.py
# MESON_MIN to TESTED_UP_TO), and the exact versions distros ship: Debian 12 1.0.1, Ubuntu 24.04
# 1.3.2, Debian 13 1.7.0; and 1.0.0.
MESON_VERSIONS = ["1.0.0", "1.0.1", "1.0.2", "1.1.1", "1.2.3", "1.3.2", "1.4.2", "1.5.2", "1.6.1", "1.7.0", "1.7.2",
                  "1.8.5", "1.9.2", "1.10.2", "1.11.2", "1.12.1"]


def _venv(path: Path, *requirements: str, with_mesongo_pth: bool = True) -> Path:
    """A venv holding `requirements`; mesongo itself is put on its path the way an editable
    install does (a .pth naming the repo, plus mesongo.pth's hook line)."""
    run([sys.executable, "-m", "venv", "--without-pip", path])
    run([sys.executable, "-m", "pip", "--python", path / "bin" / "python", "install", "-q",
         "--disable-pip-version-check", *requirements])
    if with_mesongo_pth:
        site = Path(run([path / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
                        ).stdout.strip())
        (site / "mesongo-dev.pth").write_text(f"{REPO}\n{(REPO / 'mesongo.pth').read_text()}")
    return path


def _smoke(project: Project, meson: list[str], dest: Path) -> None:
    """setup, build, run, test, install, and regenerate after touching meson.build."""
    project.setup("--prefix=/usr", "--libdir=lib", meson=meson)
    project.ninja()
    # A Go library is Meson's own library target; its Go part lists the Go sources and the header
    # (compat.introspect_go_targets).
    targets = {t["name"]: t for t in json.loads(project.meson("introspect", "--targets", meson=meson).stdout)}
    assert targets["greet"]["install_filename"] == ["/usr/lib/libgreet.so.1.2.3", "/usr/lib/libgreet.so.1",
                                                    "/usr/lib/libgreet.so"]
    assert "/usr/include/libgreet.h" in targets["greet-go-part"]["install_filename"]
    assert [s for part in targets["count-go-part"]["target_sources"] for s in part["sources"]] == \
        [str(project.src / "gostatic" / "count.go")]
    dumped = project.meson("devenv", "--dump", meson=meson).stdout
    assert f'PKG_CONFIG_PATH="{project.build / "meson-uninstalled"}' in dumped and 'CGO_ENABLED="1"' in dumped
    env = base_env() | {"MESONGO_PROBE": "m"}
    assert run([project.build / "app", "matrix"], env=env).stdout.startswith("hello, matrix\nadd=42\n")
    assert run([project.build / "app-link-with", "lw"], env=env).stdout.startswith("hello, lw\nadd=42\n")
    assert "libgreet.h" in run(["ninja", "-C", project.build, "-t", "query", "app-link-with.p/main.c.o"]).stdout
    assert run([project.build / "count-app"]).stdout == "words=3\n"
    assert_meson_tests_passed(project.meson("test", "--print-errorlogs", meson=meson).stdout, 2)
    project.meson("install", "--destdir", str(dest), "--strip", meson=meson)
    lib = dest / "usr" / "lib"
    assert _stripped(lib / "libgreet.so.1.2.3"), "--strip strips the Go library as Meson's own"
    devel = dest.parent / "devel"
    project.meson("install", "--tags", "devel", "--destdir", str(devel), meson=meson)
    assert os.readlink(devel / "usr/lib/libgreet.so") == "libgreet.so.1"
    # One header for every target: cgo's pointer-size typedefs are made the preprocessor's.
    assert "sizeof(void*)==sizeof(GoInt)" in (project.build / "libgreet.h").read_text()
    assert os.readlink(lib / "libgreet.so") == "libgreet.so.1"
    assert os.readlink(lib / "libgreet.so.1") == "libgreet.so.1.2.3"
    assert (lib / "libgreet.so.1.2.3").is_file() and (dest / "usr/include/libgreet.h").is_file()
    assert (lib / "pkgconfig" / "greet.pc").is_file()
    build_file = project.src / "meson.build"
    build_file.write_text(build_file.read_text() + "\n# touched\n")
    out = project.ninja().stdout
    assert "Regenerating build files" in out or "regenerate" in out
    assert run([project.build / "app", "again"], env=env).stdout.startswith("hello, again\n")
    assert "ninja: no work to do." in project.ninja().stdout


def _stripped(path: Path) -> bool:
    from elftools.elf.elffile import ELFFile

    with open(path, "rb") as f:
        return ELFFile(f).get_section_by_name(".symtab") is None


def _plugin_smoke(meson_version: str, meson: list[str], tmp: Path) -> None:
    """A Go plugin (go.shared_module) loaded by its host through test(); from Meson 1.2 (what
    tests/projects/pyext asks for) a Python extension module written in Go, imported."""
    sqlite = copy_project("sqlite", tmp / "sqlite")
    sqlite.setup(meson=meson)
    sqlite.ninja()
    assert_meson_tests_passed(sqlite.meson("test", "--print-errorlogs", meson=meson).stdout, 1)
    if tuple(int(p) for p in meson_version.split(".")[:2]) >= (1, 2):
        pyext = copy_project("pyext", tmp / "pyext")
        pyext.setup(meson=meson)
        pyext.ninja()
        out = run([sys.executable, "-c", "import _gohello; print(_gohello.greet('matrix'))"], cwd=pyext.build).stdout
        assert out == "hello, MATRIX, from Go\n"


@pytest.mark.parametrize("meson_version", MESON_VERSIONS)
def test_meson_version_matrix(meson_version: str, toolchain: None, tmp_path: Path) -> None:
    venv = _venv(tmp_path / "venv", f"meson=={meson_version}", "pyelftools", "jinja2", "tree-sitter",
                 "tree-sitter-go")
    meson = [str(venv / "bin" / "meson")]
    assert run([*meson, "--version"]).stdout.strip() == meson_version
    _smoke(copy_project("basic", tmp_path), meson, tmp_path / "dest")
    _plugin_smoke(meson_version, meson, tmp_path)


def test_meson_older_than_1_0_gets_one_clear_error(toolchain: None, tmp_path: Path) -> None:
    venv = _venv(tmp_path / "venv", "meson==0.64.1", "pyelftools", "jinja2")
    project = copy_project("basic", tmp_path)
    build_file = project.src / "meson.build"
    build_file.write_text(build_file.read_text().replace("meson_version: '>=1.0'", "meson_version: '>=0.60'"))
    proc = project.setup(meson=[str(venv / "bin" / "meson")], check=False)
    assert proc.returncode != 0
    assert "meson.build:3:0: ERROR: mesongo needs Meson >= 1.0, but this is Meson 0.64.1" in proc.stdout
    assert "Traceback" not in proc.stdout


# The running Meson, as a release newer than compat.TESTED_UP_TO says its version.
NEWER_MESON = ("import sys\nfrom mesonbuild import coredata\ncoredata.version = '{version}'\n"
               "from mesonbuild import mesonmain\nsys.exit(mesonmain.main())")


def test_meson_newer_than_tested_gets_a_notice_that_fatal_warnings_let_pass(toolchain: None, tmp_path: Path) -> None:
    """A Meson release newer than the newest tested must not fail a --fatal-meson-warnings build."""
    from mesongo.meson_adapter.compat import TESTED_UP_TO

    major, minor = TESTED_UP_TO.split(".")
    newer = f"{major}.{int(minor) + 1}.0"
    project = copy_project("basic", tmp_path)
    proc = project.setup(meson=[sys.executable, "-c", NEWER_MESON.format(version=newer)])
    assert f"NOTICE: mesongo was tested with Meson up to {TESTED_UP_TO}.x; this is Meson {newer}. Please report " \
        "anything that breaks." in proc.stdout.splitlines()
    assert "WARNING" not in proc.stdout


def test_wheel_in_fresh_venv_builds_a_project_outside_the_repo(toolchain: None, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv])
    run([venv / "bin" / "pip", "install", "-q", "--disable-pip-version-check", REPO])
    site = Path(run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
                    ).stdout.strip())
    assert (site / "mesongo.pth").read_text().strip() == "import mesongo._finder; mesongo._finder.install()"
    assert not (site / "mesonbuild" / "modules" / "mesongo.py").exists(), "Meson's own files stay untouched"
    project = copy_project("basic", tmp_path)
    assert not project.src.is_relative_to(REPO)
    project.setup(meson=[str(venv / "bin" / "meson")])
    project.ninja()
    assert run([project.build / "app", "wheel"], env=base_env() | {"MESONGO_PROBE": "w"}).stdout == (
        "hello, wheel\nadd=42\nsum=5050\nenv=w\nargc=2\n")
    assert_meson_tests_passed(project.meson("test", meson=[str(venv / "bin" / "meson")]).stdout, 2)


def test_finder_answers_only_for_its_module() -> None:
    finder = _finder.MesongoFinder()
    assert finder.find_spec("mesonbuild.modules.rust", None) is None
    assert finder.find_spec("mesongo", None) is None
    spec = finder.find_spec(_finder.MODULE_NAME, None)
    assert spec is not None and spec.name == "mesonbuild.modules.mesongo"
    assert sysconfig.get_path("purelib")
