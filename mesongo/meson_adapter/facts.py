"""Reading Meson's facts for one Go target: the machine it runs on, the C compilers and their
arguments, the options, the install dirs, the sources' package directories, and what the Meson
C/C++ libraries and dependencies it uses give cgo. Meson objects in, plan/ types out."""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import typing as T
from dataclasses import dataclass

from mesonbuild import build
from mesonbuild.mesonlib import File

from ..errors import ConfigError, MesongoError
from ..fsutil import write_if_changed
from ..plan import goenv, pkgconfig
from ..plan.planner import CInputs, InstallDir, ModulePackage, import_path_shaped
from ..toolchain import cfacts, gofacts
from . import compat, probes
from .registry import Registry

if T.TYPE_CHECKING:
    from mesonbuild.modules import ModuleState

    from ..kinds import TargetKind


def go_environment_at_setup(state: ModuleState, configured: T.Mapping[str, str]) -> dict[str, str]:
    """The environment of the Go commands run at setup (the build step makes the same)."""
    return probes.go_environment(state.environment.get_build_dir(), configured)


def toolchain(state: ModuleState, registry: Registry) -> gofacts.GoToolchain:
    """The Go toolchain: Meson's find_program('go'), so that a machine file's [binaries] go
    chooses it; its facts are asked once per configure (from import('mesongo') on: probes.py)."""
    from mesonbuild import mlog

    if registry.go_program is None:
        registry.go_program = state.find_program("go", required=False)
    prog = registry.go_program
    if not prog.found():
        raise ConfigError("no Go toolchain found: install Go >= 1.21 and put it on PATH, or name it "
                          "with `go = '/path/to/go'` in the [binaries] of a native or cross file")
    path = prog.get_path()
    if not path or not os.access(path, os.X_OK) or os.path.isdir(path):
        raise ConfigError(f"the Go toolchain {path!r} (named by [binaries] go in a machine file) is not an "
                          "executable file: fix the path, or remove the entry to use the go on PATH")
    found = registry.toolchains.get(path)
    if found is None:
        found = gofacts.start_inspect_toolchain(path, probes.toolchain_environment(state.environment.get_build_dir()))
    if not isinstance(found, gofacts.GoToolchain):
        found = registry.toolchains[path] = found()
        mlog.log("Go toolchain:", mlog.bold(found.version_string), f"({path})")
    return found


def compilers(state: ModuleState, native: bool = False) -> goenv.CCompiler:
    all_compilers = state.environment.coredata.compilers
    by_language = all_compilers.build if native else all_compilers.host
    c = by_language.get("c")
    if c is None:
        which = "build" if native else "host"
        raise ConfigError(f"cgo needs a C compiler for the {which} machine: add 'c' to the languages "
                          f"of project() (or call add_languages('c'{', native: true' if native else ''}))")
    c_args, c_link_args = compat.external_args(state, "c", native)
    cxx = by_language.get("cpp")
    cxx_args = compat.external_args(state, "cpp", native)[0] if cxx is not None else []
    return goenv.CCompiler(
        exelist=tuple(c.get_exelist()), c_args=tuple(c_args), c_link_args=tuple(c_link_args),
        cxx_exelist=tuple(cxx.get_exelist()) if cxx is not None else None, cxx_args=tuple(cxx_args),
        cxx_runtime=tuple(compat.cxx_stdlib_link_flags(cxx, state.environment)) if cxx is not None else (),
        c_id=str(c.get_id()), linker_id=str(getattr(getattr(c, "linker", None), "id", "")),
    )


def runs_host_programs(state: ModuleState) -> bool:
    """Whether this machine runs the host's programs: natively, or through the exe_wrapper."""
    env = state.environment
    if not env.need_exe_wrapper():
        return True
    wrapper = env.get_exe_wrapper()
    return wrapper is not None and bool(wrapper.found())


def sanitizer_cc(state: ModuleState, cc: goenv.CCompiler, options: goenv.MesonOptions) -> tuple[str, ...] | None:
    """The C compiler as Go's -asan/-msan accept it, when b_sanitize asks for them. Go asks
    `$CC --version` and takes the compiler for gcc only when the answer starts with "gcc", i.e.
    when the program is called gcc (cc, x86_64-linux-gnu-gcc-12 and cross gccs are refused): a
    symlink named gcc in the build dir gives it that name."""
    if not set(options.sanitize) & set(goenv.GO_SANITIZERS):
        return None
    if "memory" in options.sanitize and cc.c_id != "clang":
        raise ConfigError("b_sanitize=memory needs clang as the C compiler (Go's -msan works only with it)")
    if cc.c_id not in ("gcc", "clang"):
        raise ConfigError(f"b_sanitize={','.join(options.sanitize)} needs gcc or clang as the C compiler for Go's "
                          f"-asan/-msan; this one is {cc.c_id}")
    if cc.c_id == "clang":
        return cc.exelist
    real = shutil.which(cc.exelist[0])
    if real is None:
        raise ConfigError(f"cannot find the C compiler {cc.exelist[0]!r} on PATH")
    link = os.path.join(state.environment.get_build_dir(), "meson-private", "mesongo", "sanitizer-cc", "gcc")
    os.makedirs(os.path.dirname(link), exist_ok=True)
    if not os.path.islink(link) or os.readlink(link) != os.path.realpath(real):
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(os.path.realpath(real), link)
    return (link, *cc.exelist[1:])


def c_facts(machine: goenv.HostMachine, cc: goenv.CCompiler, registry: Registry) -> T.Callable[[], cfacts.CFacts]:
    """The host's C library (the machine file's `libc` property, else what the compiler says) and
    whether the compiler builds PIE by default; asked once per C compiler and arguments. The
    compiler starts now; the function returned reads its answer (call it after asking Go)."""
    prop = machine.properties.get("libc")
    if prop is not None and prop not in ("glibc", "musl", "bionic", "uclibc"):
        raise ConfigError(f"machine file property libc = {prop!r}: use 'glibc', 'musl', 'bionic' or 'uclibc'")
    key = (cc.exelist, cc.c_args)
    if key not in registry.c_facts:
        registry.c_facts[key] = cfacts.start_host_c_facts(cc.exelist, cc.c_args, probes.c_compiler_environment())

    def answer() -> cfacts.CFacts:
        found = registry.c_facts[key]
        if not isinstance(found, cfacts.CFacts):
            found = registry.c_facts[key] = found()
        return found if prop is None else dataclasses.replace(found, libc=str(prop))
    return answer


def host_machine(state: ModuleState, native: bool = False) -> goenv.HostMachine:
    """The machine the target runs on: the host, or the build machine for native: true."""
    m = state.environment.machines.build if native else state.environment.machines.host
    props = (state.environment.properties.build if native else state.environment.properties.host).properties
    return goenv.HostMachine(m.system, m.cpu_family, m.cpu, m.endian, dict(props))


def pkg_config_search(state: ModuleState, native: bool = False) -> pkgconfig.PkgConfigSearch:
    """Where cgo's `#cgo pkg-config:` looks for the target's machine, as Meson's own pkg-config
    does for it (plan/pkgconfig.py): the machine file's `pkg-config` (or PKG_CONFIG at setup, else
    pkg-config on PATH), the `pkg_config_path` option, and the `pkg_config_libdir` and `sys_root`
    properties; the build tree's uninstalled .pc files first, unless the target is a build-machine
    program of a cross build."""
    from mesonbuild.mesonlib import MachineChoice

    env = state.environment
    cross = env.is_cross_build()
    machine = MachineChoice.BUILD if native and cross else MachineChoice.HOST
    properties = env.properties.build if machine is MachineChoice.BUILD else env.properties.host
    program = _pkg_config_program(state, machine)
    libdir = properties.get_pkg_config_libdir()
    host_of_cross = cross and not native
    return pkgconfig.search(
        program=program, build_root=None if native and cross else env.get_build_dir(),
        pkg_config_path=[str(p) for p in state.get_option("pkg_config_path", machine=machine) or []],
        libdir_property=libdir, sys_root=properties.get_sys_root(), cross=host_of_cross,
        program_knows_host=host_of_cross and not libdir and _searches_elsewhere(program))


@functools.cache
def _searches_elsewhere(program: str) -> bool:
    """Does the pkg-config `program` search other default directories than the build machine's
    pkg-config? A cross pkg-config does: pkgconf run as aarch64-linux-gnu-pkg-config takes the
    host machine's from its personality (DefaultSearchPaths of --dump-personality, which the
    freedesktop pkg-config lacks: then its pc_path variable). Asked once per program."""
    from ..toolchain import runner

    def default_search(which: str) -> str | None:
        env = probes.c_compiler_environment()
        try:
            code, out, _err = runner.run_full([which, "--dump-personality"], env, check=False)
            found = [line.split(":", 1)[1].strip() for line in out.splitlines()
                     if code == 0 and line.startswith("DefaultSearchPaths:")]
            if found:
                return found[0]
            code, out, _err = runner.run_full([which, "--variable=pc_path", "pkg-config"], env, check=False)
        except MesongoError:
            return None
        return out.strip() if code == 0 else None

    if os.path.basename(program) in ("pkg-config", "pkgconf"):
        return False
    own = default_search(program)
    return own is not None and own != default_search("pkg-config")


def _pkg_config_program(state: ModuleState, machine: T.Any) -> str:
    """One program: Go runs the first word of PKG_CONFIG only (cmd/go/internal/work, PkgconfigCmd).
    A machine file's command with arguments becomes a script in the build dir that runs it."""
    from ..toolchain.gocmd import quote_args

    command = state.environment.lookup_binary_entry(machine, "pkg-config") or ["pkg-config"]
    if len(command) == 1:
        return str(command[0])
    import shlex

    script = os.path.join(state.environment.get_build_dir(), "meson-private", "mesongo",
                          f"pkg-config-{machine.get_lower_case_name()}")
    os.makedirs(os.path.dirname(script), exist_ok=True)
    write_if_changed(script, f"#!/bin/sh\n# [binaries] pkg-config = {quote_args(command)}\n"
                             f"exec {' '.join(shlex.quote(str(c)) for c in command)} \"$@\"\n")
    os.chmod(script, 0o755)
    return script


def package_dirs(state: ModuleState, sources: T.Sequence[str | File]) -> tuple[tuple[str, ...], list[File]]:
    """The Go package directories named by the sources (files of a directory, or the directory),
    in their order, and the files named."""
    src_root = state.environment.get_source_dir()
    build_root = state.environment.get_build_dir()
    dirs: dict[str, None] = {}
    files: list[File] = []
    for src in sources:
        if isinstance(src, File):
            if src.is_built:
                raise ConfigError(f"{src.fname} is a generated file; mesongo builds Go packages from "
                                  "source directories only")
            path = src.absolute_path(src_root, build_root)
        else:
            path = os.path.normpath(os.path.join(src_root, state.subdir, src))
        if os.path.isdir(path):
            dirs[path] = None
            continue
        if not os.path.isfile(path):
            raise ConfigError(f"source {src if isinstance(src, str) else src.fname!r} does not exist "
                              f"(looked for {path})")
        dirs[os.path.dirname(path)] = None
        files.append(File.from_absolute_file(path))
    return tuple(dirs), files


def module_package(state: ModuleState, sources: T.Sequence[str | File], modfile: str | File | None
                   ) -> ModulePackage | None:
    """The program's package when the sources name it by import path (planner.import_path_shaped):
    with `modfile`, in the module of that go.mod (a project file); without, one source that names
    nothing in the source tree, in the module of the calling meson.build's directory. None: the
    sources are files and directories of the project (package_dirs)."""
    src_root, build_root = state.environment.get_source_dir(), state.environment.get_build_dir()
    here = os.path.normpath(os.path.join(src_root, state.subdir))
    first = sources[0] if len(sources) == 1 else None
    if modfile is None:
        if isinstance(first, str) and import_path_shaped(first, modfile=False) \
                and not os.path.exists(os.path.join(here, first)):
            return ModulePackage(first, None, here)
        return None
    if isinstance(modfile, File):
        if modfile.is_built:
            raise ConfigError(f"modfile: {modfile.fname} is a generated file: name the go.mod of a module in the "
                              "source tree")
        shown, path = modfile.fname, modfile.absolute_path(src_root, build_root)
    else:
        shown, path = modfile, os.path.normpath(os.path.join(here, modfile))
    if os.path.basename(path) != "go.mod":
        raise ConfigError(f"modfile: {shown!r} is not a go.mod file: name the go.mod of the module that pins the "
                          "program (Go builds it in that module's directory, with its go.sum); a module file of "
                          "another name goes into a directory of its own as go.mod")
    if not os.path.isfile(path):
        raise ConfigError(f"modfile: {shown!r} does not exist (looked for {path})")
    if first is None:
        raise ConfigError(f"with modfile:, the source is the import path of one program, and {len(sources)} were "
                          "given: call go.executable() once per program")
    named = first if isinstance(first, str) else first.fname
    if isinstance(first, File) or os.path.exists(os.path.join(here, first)) \
            or not import_path_shaped(first, modfile=True):
        raise ConfigError(f"with modfile:, the source is the import path of a program that the module of {shown} "
                          f"requires (e.g. golang.org/x/tools/cmd/stringer), and {named!r} is a file-system path: "
                          "pass the program's import path, or leave out modfile: to build a package of the project")
    return ModulePackage(first, path, os.path.dirname(path))


def install_dir(value: str | None) -> InstallDir | None:
    """A keyword's install dir, with the placeholder name Meson gave it (py.get_install_dir())."""
    return None if value is None else InstallDir(str(value), compat.install_dir_name(value))


def meson_dirs(state: ModuleState) -> dict[str, InstallDir]:
    return {option: InstallDir(str(state.get_option(option)), f"{{{option}}}")
            for option in ("libdir", "bindir", "includedir")}


def _shown(item: T.Any) -> str:
    """A library or dependency as a message names it."""
    from mesonbuild.dependencies import InternalDependency

    if isinstance(item, InternalDependency):   # named dep<N> by Meson: say what it links
        libs = [lib.name for lib in [*item.libraries, *item.whole_libraries]]
        return "the declare_dependency()" + (f" of {', '.join(map(repr, libs))}" if libs else "")
    if isinstance(item, build.CustomTargetIndex):
        item = item.target
    name = getattr(item, "name", None)
    return repr(name) if isinstance(name, str) else f"a {type(item).__name__}"


def refuse_c_without_cgo(kind: TargetKind, link_with: T.Sequence[T.Any], dependencies: T.Sequence[T.Any]) -> None:
    """A target built with cgo: false takes no C library or dependency: cgo is what would use it."""
    for keyword, items in (("link_with", link_with), ("dependencies", dependencies)):
        if items:
            raise ConfigError(f"{keyword}: {_shown(items[0])} reaches Go through cgo, and the Go {kind.NOUN} is built "
                              f"with cgo: false, which compiles and links no C: remove it from {keyword}:, or remove "
                              "cgo: false")


@dataclass(frozen=True)
class CDependencies:
    """What the Meson C/C++ libraries and dependencies of a Go target give it: the cgo flags
    (plan/planner.py CInputs), the Meson targets the Go step waits for (and reruns after), and
    the dependencies whose headers a library's header may include."""

    inputs: CInputs
    targets: tuple[T.Any, ...] = ()
    header_dependencies: tuple[T.Any, ...] = ()


def c_dependencies(state: ModuleState, kind: TargetKind, items: list[T.Any], registry: Registry) -> CDependencies:
    """Meson's C/C++ libraries and dependencies as cgo flags: include directories and compile
    arguments into CGO_CFLAGS, libraries (by path) and link arguments into CGO_LDFLAGS, with a
    build-dir RUNPATH ($ORIGIN/...) for shared ones, which `meson install` replaces as it does
    for its own targets."""
    from mesonbuild.dependencies import InternalDependency
    from mesonbuild.dependencies.pkgconfig import PkgConfigDependency

    src_root, build_root = state.environment.get_source_dir(), state.environment.get_build_dir()
    out_dir = os.path.join(build_root, state.subdir)
    cflags: list[str] = []
    ldflags: list[str] = []
    targets: list[T.Any] = []
    header_dirs: list[str] = []
    rpaths: list[str] = []
    header_deps: list[T.Any] = []
    pkgconfig_names: list[str] = []

    def add_library(lib: T.Any) -> None:
        record = registry.record_of(lib)
        if record is not None and not record.kind.LINKABLE:
            from .hooks import NOT_LINKABLE

            raise ConfigError(f"{record.files.filename} is a Go {record.kind.NOUN}: {NOT_LINKABLE}")
        if record is not None:
            raise ConfigError(
                f"{lib.name} is a Go library: a Go {kind.NOUN} linking it would carry a second Go runtime "
                f"in one process, which Go does not support (golang/go#18976); {kind.ONE_RUNTIME_ADVICE}")
        if isinstance(lib, build.BothLibraries):
            lib = lib.get_default_object()
        if isinstance(lib, (build.CustomTarget, build.CustomTargetIndex)):
            ct = lib.target if isinstance(lib, build.CustomTargetIndex) else lib
            raise ConfigError(f"{ct.name} is a custom target: a Go target links Meson's C/C++ libraries "
                              "(shared_library(), static_library()) or dependencies")
        if lib in targets:
            return
        targets.append(lib)
        # A DLL is linked through its import library (libNAME.dll.a), as Meson links its own.
        import_library = lib.get_import_filename() if isinstance(lib, build.SharedLibrary) else None
        path = os.path.join(build_root, lib.get_subdir(), import_library or lib.get_filename())
        ldflags.append(path)
        if isinstance(lib, build.SharedLibrary):
            rel = os.path.relpath(os.path.dirname(path), out_dir)
            rpath = "$ORIGIN" if rel == os.curdir else f"$ORIGIN/{rel}"
            if rpath not in rpaths:
                rpaths.append(rpath)
        else:   # an archive brings what it links itself
            for sub in [*lib.link_targets, *lib.link_whole_targets]:
                add_library(sub)
            for dep in lib.get_external_deps():
                add_dependency(dep)

    def add_dependency(dep: T.Any, top: bool = False) -> None:
        if isinstance(dep, InternalDependency):
            for incdirs in dep.include_directories:
                for path in compat.include_dir_paths(incdirs, src_root, build_root):
                    if os.path.isdir(path) and f"-I{path}" not in cflags:
                        cflags.append(f"-I{path}")
                        header_dirs.append(path)
            cflags.extend(str(a) for a in dep.compile_args)
            ldflags.extend(str(a) for a in dep.link_args)
            for lib in [*dep.libraries, *dep.whole_libraries]:
                add_library(lib)
            for ext in dep.ext_deps:
                add_dependency(ext)
            targets.extend(s for s in dep.sources if isinstance(s, (build.CustomTarget, build.CustomTargetIndex)))
            if top and (dep.include_directories or dep.compile_args or dep.ext_deps):
                header_deps.append(dep)
        elif isinstance(dep, (build.BuildTarget, build.BothLibraries, build.CustomTarget, build.CustomTargetIndex)):
            add_library(dep)
        else:
            if not dep.found():
                raise ConfigError(f"dependency {dep.name!r} was not found: install it, or make it required in "
                                  "dependency() to see what Meson looked for")
            cflags.extend(dep.get_compile_args())
            ldflags.extend(dep.get_link_args())
            if top and dep.get_compile_args():
                header_deps.append(dep)
            if top and isinstance(dep, PkgConfigDependency) and dep.name not in pkgconfig_names:
                pkgconfig_names.append(dep.name)

    for item in items:
        add_dependency(item, top=True)
    return CDependencies(CInputs(tuple(cflags), tuple(ldflags), tuple(header_dirs), tuple(rpaths),
                                 tuple(pkgconfig_names)), tuple(targets), tuple(header_deps))
