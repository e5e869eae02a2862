"""The Meson module behind ``import('mesongo')``: keyword arguments in, Meson targets out.

This sub-package is the only code that imports mesonbuild. It validates what the user wrote,
gathers Meson's facts (host machine, compilers, options, directories) and what Go says about the
package, makes one typed build plan per target (plan/model.py), writes it next to the target's
private files and returns a stock CustomTarget whose command runs ``python -m mesongo.buildstep``
on that plan.
"""

from __future__ import annotations

import os
import sys
import typing as T
from dataclasses import dataclass

from . import compat  # first: refuses a Meson that is too old, before the imports below

# isort: split
from mesonbuild import build, mlog
from mesonbuild.interpreterbase import noKwargs, typed_kwargs, typed_pos_args
from mesonbuild.mesonlib import EnvironmentVariables, File, MesonException
from mesonbuild.modules import ExtensionModule, ModuleInfo, ModuleReturnValue

from ..binfmt import elf, musl
from ..errors import ConfigError, MesongoError
from ..fsutil import fallback_locations, write_if_changed
from ..plan import goenv, mainpkg, naming
from ..plan.model import (
    LIBS_PRIVATE,
    BuildPlan,
    ExportMode,
    ExportRule,
    HeaderPlan,
    LinkStep,
    PkgConfigFiles,
    SuppliedMain,
    plan_json,
)
from ..plan.naming import TargetFiles, TargetKind
from ..plan.policy import Policy
from ..toolchain import cfacts, gocmd, gofacts, goscan, runner
from ..toolchain.packagefacts import PackageFacts, package_facts
from .kwargs import PROGRAM_DEFAULTS, PROGRAM_KWARGS, SHARED_KWARGS, TEST_KWARGS, TargetKwargs, check_glibc_max

if T.TYPE_CHECKING:
    from mesonbuild.interpreter import Interpreter
    from mesonbuild.modules import ModuleState

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass(frozen=True)
class TargetRecord:
    """What go.dependency(), the postconf checks and the install hook need to know about a Go target."""

    target: build.CustomTarget
    files: TargetFiles
    header_index: int | None           # which output of the target is the header
    link_args: tuple[str, ...]         # static: what its consumers link besides the archive
    strip: bool | None = None          # shared: the `strip` option of its project; None: never stripped
    build_rpaths: tuple[str, ...] = ()  # RUNPATH entries for Meson libraries in the build dir, dropped at install
    package_dir: str = ""
    native: bool = False               # built for the build machine (native: true)
    on_path: bool = False              # a program `meson devenv` puts on PATH (see add_programs_to_devenv)
    python_package_dir: str | None = None   # installed into a Python package: the dir's name ({py_platlib}/pkg)


@dataclass(frozen=True)
class CDependencies:
    """What Meson's C/C++ libraries and dependencies in `link_with:`/`dependencies:` give cgo."""

    cflags: tuple[str, ...] = ()
    ldflags: tuple[str, ...] = ()
    consumer_args: tuple[str, ...] = ()     # what a program linking a Go archive links too
    targets: tuple[T.Any, ...] = ()         # Meson targets the Go step waits for (and reruns after)
    header_dirs: tuple[str, ...] = ()       # include dirs whose headers the build step tracks
    build_rpaths: tuple[str, ...] = ()      # $ORIGIN/... entries for Meson's shared libraries


@dataclass(frozen=True)
class InstallPaths:
    """Where one library's files go, from its keywords and Meson's directory options."""

    prefix: str
    libdir: str       # Meson's OptionString where Meson names the dir ({libdir_shared}, {py_platlib}/pkg)
    includedir: str

    @property
    def python_package_dir(self) -> str | None:
        """The dir's name when the library goes into a Python package (`py.get_install_dir() / 'pkg'`)."""
        name = compat.install_dir_name(self.libdir)
        return name if name is not None and name.split("/", 1)[0] in ("{py_platlib}", "{py_purelib}") else None

    def relative(self, path: str) -> str:
        """`path` relative to the prefix when it is under it (as Meson writes .pc files)."""
        return os.path.relpath(path, self.prefix) if os.path.isabs(path) and path.startswith(
            self.prefix.rstrip("/") + "/") else path


# Keyed by CustomTarget id. Subprojects share the module instance; module-global all the same, so
# that nothing depends on which interpreter imported it first.
_TARGETS: dict[str, TargetRecord] = {}
_SYMLINKS: set[int] = set()   # id() of the SymlinkData objects made here
# Target id -> the meson.build node that defined it, for every target added after import('mesongo')
# by an interpreter that uses mesongo (compat.record_target_nodes): where the postconf checks point.
_NODES: dict[str, T.Any] = {}
_C_FAMILY = frozenset({"c", "cpp", "objc", "objcpp", "cuda"})
_DIST_VENDORED: set[str] = set()   # module dirs that already have a dist script
# One `go env` per go binary, one libc probe per C compiler, per configure.
_TOOLCHAINS: dict[str, gofacts.GoToolchain] = {}
_LIBCS: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}


class GoModule(ExtensionModule):
    INFO = ModuleInfo("mesongo")

    def __init__(self, interpreter: Interpreter) -> None:
        super().__init__(interpreter)
        compat.record_target_nodes(interpreter, _NODES)
        self._go_program: T.Any = None
        self.methods.update({
            "shared_library": self.shared_library,
            "static_library": self.static_library,
            "executable": self.executable,
            "test": self.test,
            "dependency": self.dependency,
        })

    # --- meson.build methods ------------------------------------------------------------------

    @typed_pos_args("mesongo.shared_library", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.shared_library", *SHARED_KWARGS)
    def shared_library(self, state: ModuleState, args: tuple[str, list[str | File]],
                       kwargs: TargetKwargs) -> ModuleReturnValue:
        return self._guarded("shared_library", lambda: self._go_target(state, TargetKind.SHARED, args, kwargs))

    @typed_pos_args("mesongo.static_library", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.static_library", *SHARED_KWARGS)
    def static_library(self, state: ModuleState, args: tuple[str, list[str | File]],
                       kwargs: TargetKwargs) -> ModuleReturnValue:
        # version/soversion/exports are accepted only to say clearly why they do not apply.
        for key in ("version", "soversion", "exports"):
            if kwargs[key] not in (None, "api"):
                raise MesonException(f"mesongo.static_library: {key!r} applies only to shared libraries (an archive "
                                     "has no soname and no dynamic exports): remove it, or use "
                                     "mesongo.shared_library")
        if kwargs["ldflags"]:
            raise MesonException("mesongo.static_library: 'ldflags' applies only to shared libraries (Go's linker "
                                 "does not run for an archive; its consumers' link does): remove it, or give the "
                                 "consumer link_args")
        return self._guarded("static_library", lambda: self._go_target(state, TargetKind.STATIC, args, kwargs))

    @typed_pos_args("mesongo.executable", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.executable", *PROGRAM_KWARGS)
    def executable(self, state: ModuleState, args: tuple[str, list[str | File]],
                   kwargs: TargetKwargs) -> ModuleReturnValue:
        full = T.cast(TargetKwargs, {**PROGRAM_DEFAULTS, **kwargs})
        return self._guarded("executable", lambda: self._go_target(state, TargetKind.PROGRAM, args, full))

    @typed_pos_args("mesongo.test", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.test", *TEST_KWARGS)
    def test(self, state: ModuleState, args: tuple[str, list[str | File]],
             kwargs: TargetKwargs) -> ModuleReturnValue:
        full = T.cast(TargetKwargs, {**PROGRAM_DEFAULTS, "install": False, "install_dir": None, "install_tag": None,
                                      **kwargs})
        result = self._guarded("test", lambda: self._go_target(state, TargetKind.TEST, args, full))
        self._register_test(state, args[0], result.return_value, full)
        return ModuleReturnValue(None, result.new_objects)

    @typed_pos_args("mesongo.dependency", build.CustomTargetIndex)
    @noKwargs
    def dependency(self, state: ModuleState, args: tuple[build.CustomTargetIndex],
                   kwargs: dict[str, T.Any]) -> T.Any:
        compat.record_target_nodes(getattr(state, "_interpreter", None), _NODES)   # a subproject's
        lib = args[0]
        record = _TARGETS.get(lib.target.get_id())
        if record is None:
            raise MesonException("mesongo.dependency: the argument is not a library returned by "
                                 "mesongo.shared_library() or mesongo.static_library()")
        dep_kwargs: dict[str, T.Any] = {"link_with": [lib]}
        if record.header_index is not None:
            dep_kwargs["sources"] = [lib.target[record.header_index]]
        if record.files.kind is TargetKind.STATIC:
            # A Go archive carries the Go runtime, which needs threads, and whatever its packages'
            # `#cgo LDFLAGS` say at build time (a response file the build step writes).
            dep_kwargs["dependencies"] = [state.dependency("threads")]
            dep_kwargs["link_args"] = list(record.link_args)
        # The interpreter of the calling (sub)project: its version is the dependency's default version.
        interpreter: T.Any = getattr(state, "_interpreter", None) or self.interpreter
        return interpreter.func_declare_dependency(state.current_node, [], dep_kwargs)

    def postconf_hook(self, b: build.Build) -> None:
        """Meson (>= 1.2; earlier, see initialize()) calls this when the whole project is read."""
        add_header_order_deps(b)
        run_programs_by_path(b)
        run_cross_programs_through_the_exe_wrapper(b)
        check_one_go_runtime(b)
        add_programs_to_devenv(b)
        set_install_rpath_to_python_package_libraries(b)

    # --- implementation -----------------------------------------------------------------------

    @staticmethod
    def _guarded(method: str, body: T.Callable[[], ModuleReturnValue]) -> ModuleReturnValue:
        """Turn mesongo's own errors into a Meson error that Meson prints with file:line."""
        try:
            return body()
        except MesongoError as exc:   # CommandError included: its text carries Go's stderr
            raise MesonException(f"mesongo.{method}: {exc}") from None

    def _toolchain(self, state: ModuleState) -> gofacts.GoToolchain:
        if self._go_program is None:
            self._go_program = state.find_program("go", required=False)
        prog = self._go_program
        if not prog.found():
            raise ConfigError("no Go toolchain found: install Go >= 1.21 and put it on PATH, or name it "
                              "with `go = '/path/to/go'` in the [binaries] of a native or cross file")
        path = prog.get_path()
        if not path or not os.access(path, os.X_OK) or os.path.isdir(path):
            raise ConfigError(f"the Go toolchain {path!r} (named by [binaries] go in a machine file) is not an "
                              "executable file: fix the path, or remove the entry to use the go on PATH")
        if path not in _TOOLCHAINS:
            tc = gofacts.inspect_toolchain(path, self._go_env(state, {"GOTOOLCHAIN": "local"}))
            mlog.log("Go toolchain:", mlog.bold(tc.version_string), f"({path})")
            _TOOLCHAINS[path] = tc
        return _TOOLCHAINS[path]

    @staticmethod
    def _compilers(state: ModuleState, native: bool = False) -> goenv.CCompiler:
        compilers = state.environment.coredata.compilers.build if native else state.environment.coredata.compilers.host
        c = compilers.get("c")
        if c is None:
            which = "build" if native else "host"
            raise ConfigError(f"cgo needs a C compiler for the {which} machine: add 'c' to the languages "
                              f"of project() (or call add_languages('c'{', native: true' if native else ''}))")
        c_args, c_link_args = compat.external_args(state, "c", native)
        cxx = compilers.get("cpp")
        cxx_args = compat.external_args(state, "cpp", native)[0] if cxx is not None else []
        return goenv.CCompiler(
            exelist=tuple(c.get_exelist()), c_args=tuple(c_args), c_link_args=tuple(c_link_args),
            cxx_exelist=tuple(cxx.get_exelist()) if cxx is not None else None, cxx_args=tuple(cxx_args),
            cxx_runtime=tuple(compat.cxx_stdlib_link_flags(cxx, state.environment)) if cxx is not None else (),
            c_id=str(c.get_id()),
        )

    @staticmethod
    def _sanitizer_cc(state: ModuleState, cc: goenv.CCompiler, options: goenv.MesonOptions) -> list[str]:
        """The C compiler as Go's -asan/-msan accept it. Go asks `$CC --version` and takes the
        compiler for gcc only when the answer starts with "gcc", i.e. when the program is called
        gcc (cc, x86_64-linux-gnu-gcc-12 and cross gccs are refused): a symlink named gcc in the
        build dir gives it that name."""
        if "memory" in options.sanitize and cc.c_id != "clang":
            raise ConfigError("b_sanitize=memory needs clang as the C compiler (Go's -msan works only with it)")
        if cc.c_id not in ("gcc", "clang"):
            raise ConfigError(f"b_sanitize={','.join(options.sanitize)} needs gcc or clang as the C compiler for Go's "
                              f"-asan/-msan; this one is {cc.c_id}")
        if cc.c_id == "clang":
            return list(cc.exelist)
        import shutil

        real = shutil.which(cc.exelist[0])
        if real is None:
            raise ConfigError(f"cannot find the C compiler {cc.exelist[0]!r} on PATH")
        link = os.path.join(state.environment.get_build_dir(), "meson-private", "mesongo", "sanitizer-cc", "gcc")
        os.makedirs(os.path.dirname(link), exist_ok=True)
        if not os.path.islink(link) or os.readlink(link) != os.path.realpath(real):
            if os.path.lexists(link):
                os.unlink(link)
            os.symlink(os.path.realpath(real), link)
        return [link, *cc.exelist[1:]]

    @staticmethod
    def _libc(machine: goenv.HostMachine, cc: goenv.CCompiler) -> str:
        """The host's C library: the machine file's `libc` property, else what the compiler says."""
        prop = machine.properties.get("libc")
        if prop is not None:
            if prop not in ("glibc", "musl", "bionic", "uclibc"):
                raise ConfigError(f"machine file property libc = {prop!r}: "
                                  "use 'glibc', 'musl', 'bionic' or 'uclibc'")
            return str(prop)
        key = (cc.exelist, cc.c_args)
        if key not in _LIBCS:
            _LIBCS[key] = cfacts.host_libc(cc.exelist, cc.c_args, gocmd.build_environment(os.environ, {}))
        return _LIBCS[key]

    @staticmethod
    def _host_machine(state: ModuleState, native: bool = False) -> goenv.HostMachine:
        """The machine the target runs on: the host, or the build machine for native: true."""
        m = state.environment.machines.build if native else state.environment.machines.host
        props = (state.environment.properties.build if native else state.environment.properties.host).properties
        return goenv.HostMachine(m.system, m.cpu_family, m.cpu, m.endian, dict(props))

    @staticmethod
    def _package_dirs(state: ModuleState, kind: TargetKind, sources: list[str | File]) -> tuple[list[str], list[File]]:
        """The Go package directories named by the sources (files of a directory, or the directory):
        one for a program or test; one or more for a library."""
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
        if len(dirs) > 1 and not kind.is_library:
            raise ConfigError(f"the sources come from more than one directory ({', '.join(dirs)}); a Go "
                              f"{kind.noun} is one package, i.e. one directory: pass files of one directory, or "
                              "the directory itself")
        return list(dirs), files

    @staticmethod
    def _build_args(build_args: T.Sequence[str], supplied: SuppliedMain | None) -> list[str]:
        return [*build_args, *([f"-overlay={supplied.overlay_file}"] if supplied is not None else [])]

    @staticmethod
    def _listed_packages(go: str, env: dict[str, str], package_dirs: list[str],
                         build_args: T.Sequence[str]) -> list[gofacts.Package]:
        """What `go list` says of the library's package directories themselves (not their deps)."""
        code, out, err = runner.run_full(gocmd.list_argv(go, build_args, deps=False, report_errors=True,
                                                         packages=package_dirs), env, cwd=package_dirs[0],
                                         check=False)
        listed = gofacts.parse_packages(out)
        if len(listed) != len(package_dirs):
            raise ConfigError(f"Go cannot load the packages in {', '.join(package_dirs)}: "
                              f"{err.strip() or f'go list printed nothing (exit code {code})'}")
        return listed

    @staticmethod
    def _supplied_main(listed: list[gofacts.Package], first_dir: str, private_dir: str) -> SuppliedMain:
        """The main package mesongo supplies (plan/mainpkg.py) for a library of the `listed`
        packages, none of them main, in `first_dir` (where Go runs); its files are written at once,
        as go list reads them too."""
        for package in listed:
            if package.error:
                hint = (": the packages of one library are built together, so each must belong to the module of "
                        f"the first ({first_dir}), to a module it requires, or to its go.work"
                        if "outside main module" in package.error else "")
                raise ConfigError(f"Go cannot load the package {package.dir or package.import_path}: "
                                  f"{package.error.strip()}{hint}")
            if package.name == "main":
                raise ConfigError(
                    f"the package in {package.dir} is 'package main', and a library of several packages is made "
                    "of packages that are not main (mesongo supplies the main package): turn its //export "
                    "functions into a package of their own, or build the library from that one package")
        supplied = SuppliedMain(
            virtual_dir=mainpkg.virtual_main_dir(first_dir), source_file=os.path.join(private_dir, "main", "main.go"),
            overlay_file=os.path.join(private_dir, "overlay.json"),
            source=mainpkg.main_source([p.import_path for p in listed]),
            exporting=tuple(p.import_path for p in listed))
        for path, text in supplied.files():
            write_if_changed(path, text)
        return supplied

    @staticmethod
    def _install_paths(state: ModuleState, kind: TargetKind, kwargs: TargetKwargs) -> InstallPaths:
        # The names Meson gives its own targets' default dirs, so that its install plan (and
        # meson-python, which maps it to wheel dirs) names them as it does for a C library.
        option, name = {TargetKind.SHARED: ("libdir", "{libdir_shared}"),
                        TargetKind.STATIC: ("libdir", "{libdir_static}")}.get(kind, ("bindir", "{bindir}"))
        return InstallPaths(
            prefix=str(state.get_option("prefix")),
            libdir=kwargs["install_dir"] or compat.option_string(str(state.get_option(option)), name),
            includedir=kwargs["header_install_dir"]
            or compat.option_string(str(state.get_option("includedir")), "{includedir}"),
        )

    @staticmethod
    def _resolved(kwargs: TargetKwargs, paths: InstallPaths) -> TargetKwargs:
        """install_header and pkgconfig by where the library goes unless given: a library installed
        into a Python package is a private part of it, so no header or .pc goes under the prefix
        (meson-python could not put them into the wheel); a header_install_dir asks for the header.
        Anywhere else, both are installed, as for a C library."""
        private = paths.python_package_dir is not None
        install_header = kwargs["install_header"]
        if install_header is None:
            install_header = kwargs["header_install_dir"] is not None or not private
        pkgconfig = kwargs["pkgconfig"]
        return T.cast(TargetKwargs, {**kwargs, "install_header": install_header,
                                      "pkgconfig": not private if pkgconfig is None else pkgconfig})

    def _go_target(self, state: ModuleState, kind: TargetKind, args: tuple[str, list[str | File]],
                 kwargs: TargetKwargs) -> ModuleReturnValue:
        # A subproject shares the module (and this module's __init__ ran for the first importer only).
        compat.record_target_nodes(getattr(state, "_interpreter", None), _NODES)
        name, sources = args
        problem = naming.check_name(name) or naming.check_consistent(kwargs["version"], kwargs["soversion"])
        if problem:
            raise ConfigError(problem)
        paths = self._install_paths(state, kind, kwargs)
        kwargs = self._resolved(kwargs, paths)
        if kind.is_library:
            header = kwargs["header"]
            files = naming.library_files(name, kind, kwargs["version"], kwargs["soversion"],
                                         header=None if header is False else (None if header is True else header),
                                         soname_file=paths.python_package_dir is not None)
            if header is False:
                files = naming.without_header(files)
        else:
            files = naming.program_files(name, kind)
        package_dirs, source_files = self._package_dirs(state, kind, sources)
        package_dir = package_dirs[0]
        native = bool(kwargs.get("native", False))

        toolchain = self._toolchain(state)
        machine = self._host_machine(state, native)
        cc = self._compilers(state, native)
        configured = goenv.go_environment(machine, cc, kwargs["env"], os.environ, toolchain.has_nodwarf5)
        libc = self._libc(machine, cc) if configured["GOOS"] == "linux" else None
        on_musl = libc == "musl"
        export_mode = ExportMode(kwargs["exports"] if isinstance(kwargs["exports"], str) else "list")
        options = compat.meson_options(state)
        if set(options.sanitize) & set(goenv.GO_SANITIZERS):
            configured["CC"] = gocmd.quote_args(self._sanitizer_cc(state, cc, options))
        go_build = goenv.go_build(files, kwargs["tags"], kwargs["ldflags"], kwargs["go_args"], options, musl=on_musl,
                                  go_links=kind is TargetKind.SHARED and export_mode is ExportMode.ALL)
        if on_musl and kind is TargetKind.SHARED:
            compat.log_once(mlog.bold("mesongo:"), "the host C library is musl: Go shared libraries are built so "
                            "that they work when linked at program start or LD_PRELOADed; dlopen() of a Go library "
                            "cannot work on musl (the Go runtime needs initial-exec TLS, golang/go#54805)")
        if "GOCACHEPROG" in configured and toolchain.version < (1, 24):
            raise ConfigError(f"GOCACHEPROG is set, but {toolchain.version_string} uses it only from Go 1.24 on: "
                              "use a newer Go, or unset GOCACHEPROG for meson setup")
        c_deps = self._c_dependencies(state, kind, files, [*kwargs["link_with"], *kwargs["dependencies"]])
        for var, flags in (("CGO_CFLAGS", c_deps.cflags), ("CGO_LDFLAGS", c_deps.ldflags)):
            if flags:
                configured[var] = gocmd.quote_args([*gocmd.split_args(configured[var]), *flags])
        env = self._go_env(state, configured)
        gofacts.check_target(toolchain, env, configured["GOOS"], configured["GOARCH"])

        private_dir = os.path.join(state.environment.get_build_dir(), "meson-private", "mesongo", "targets",
                                   state.subdir, files.filename)
        scanner_dir = goscan.scanner_dir(toolchain.env.get("GOCACHE"), state.environment.get_build_dir())
        scanner = goscan.build_scanner(toolchain.path, toolchain.version_string, self._go_env(state, {}), scanner_dir)

        def facts_of(supplied: SuppliedMain | None) -> PackageFacts:
            return package_facts(
                toolchain.path, env, package_dir, self._build_args(go_build.build_args, supplied), scanner,
                pin_gowork="GOWORK" not in configured, may_fetch=compat.wrap_mode(state) != "nodownload",
                target=mainpkg.GO_PACKAGE if supplied else ".",
                exporting=supplied.exporting if supplied else ())

        # A library of several packages, or of one that is not main: mesongo supplies the main
        # package. Asked only when it cannot be a main package, so that the usual case costs nothing.
        supplied = self._supplied_main(self._listed_packages(toolchain.path, env, package_dirs, go_build.build_args),
                                       package_dir, private_dir) if kind.is_library and len(package_dirs) > 1 else None
        facts = facts_of(supplied)
        if kind.is_library and supplied is None and not facts.package.error and facts.package.name != "main":
            supplied = self._supplied_main([facts.package], package_dir, private_dir)
            facts = facts_of(supplied)
        build_args = self._build_args(go_build.build_args, supplied)
        if facts.fetched:
            mlog.log(mlog.bold("mesongo:"), f"fetched Go modules for {files.filename}:", ", ".join(facts.fetched))
        configured.update(facts.pinned)
        self._check_package(facts, package_dir, kind, cc)
        self._regenerate_on_module_changes(facts)
        self._vendor_in_dist(state, toolchain.path, facts)
        # What Go needs is at hand now: ninja never fetches (a go.mod edit reconfigures first).
        configured["GOPROXY"] = "off"

        output = os.path.join(state.subdir, files.filename)
        start_args = (f"-Wl,-u,{musl.START_SYMBOL}",) if on_musl and kind is TargetKind.STATIC else ()
        link_args_file = os.path.join(private_dir, "consumer-link-args") if kind is TargetKind.STATIC else None
        plan = BuildPlan(
            name=name, kind=kind, go=toolchain.path, package_dir=package_dir, env=configured,
            go_args=tuple(build_args), output=output,
            header=HeaderPlan(os.path.join(state.subdir, files.header), self._inline_dirs(facts))
            if files.header else None,
            private_dir=private_dir, depfile=os.path.join(state.subdir, f"{files.filename}.d"),
            cc=cc.exelist, cxx=cc.cxx_exelist, cxx_runtime=cc.cxx_runtime, symlinks=files.symlinks,
            link=LinkStep(tuple(go_build.link_args), tuple(gocmd.split_args(configured["CGO_LDFLAGS"])))
            if go_build.link_args is not None else None,
            musl=on_musl and kind.is_library,   # a Go program starts its runtime itself
            exports=ExportRule(export_mode, tuple(kwargs["exports"]) if export_mode is ExportMode.LIST else ()),
            policy=self._policy(machine, libc, files, kwargs),
            link_args_file=link_args_file, fixed_link_args=(*start_args, *c_deps.consumer_args),
            pkgconfig=self._pkgconfig(state, files, paths, start_args, kwargs)
            if kwargs["pkgconfig"] and kind.is_library else None,
            tracked_header_dirs=c_deps.header_dirs, supplied_main=supplied,
        )
        plan_path = os.path.join(private_dir, "plan.json")
        write_if_changed(plan_path, plan_json(plan))
        if plan.pkgconfig is not None:   # before the first build, as Meson writes its own at setup
            for path, text in plan.pkgconfig.rendered(["-pthread"]):
                full = os.path.join(state.environment.get_build_dir(), path)
                if not os.path.exists(full):
                    write_if_changed(full, text)

        ct = self._custom_target(state, plan, plan_path, files, source_files, paths, kwargs, c_deps)
        header_index = 1 if files.header else None
        consumer_args = (*start_args, "@" + link_args_file) if link_args_file else ()
        strip = bool(compat.option(state, "strip", False)) if kind in (TargetKind.SHARED, TargetKind.PROGRAM) else None
        # As Meson's executable(): an installed host program in the default bindir is on devenv's PATH.
        on_path = kind is TargetKind.PROGRAM and bool(kwargs["install"]) and not kwargs["install_dir"] and not native
        _TARGETS[ct.get_id()] = TargetRecord(ct, files, header_index, consumer_args, strip, c_deps.build_rpaths,
                                             package_dir, native, on_path, paths.python_package_dir)
        new_objects: list[T.Any] = [ct]
        new_objects += self._install_symlinks(state, files, paths, kwargs)
        if plan.pkgconfig is not None and kwargs["install"]:
            pc_file = File.from_built_file(os.path.dirname(plan.pkgconfig.path), os.path.basename(plan.pkgconfig.path))
            pc_dir = os.path.join(paths.libdir, "pkgconfig")
            # Named as Meson's pkgconfig module names its dir, for the install plan.
            libdir_name = compat.install_dir_name(paths.libdir)
            if libdir_name in ("{libdir_shared}", "{libdir_static}"):
                libdir_name = "{libdir}"
            new_objects.append(build.Data([pc_file], pc_dir, os.path.join(libdir_name, "pkgconfig") if libdir_name
                                          else pc_dir, None, state.subproject,
                                          install_tag=kwargs["install_tag"] or "devel"))
        return ModuleReturnValue(ct[0], new_objects)

    @staticmethod
    def _go_env(state: ModuleState, configured: dict[str, str]) -> dict[str, str]:
        """The environment of the Go commands run at setup (the build step makes the same)."""
        env = gocmd.build_environment(os.environ, configured)
        private = os.path.join(state.environment.get_build_dir(), "meson-private", "mesongo")
        env.update(fallback_locations(env, private))
        return env

    @staticmethod
    def _check_package(facts: PackageFacts, package_dir: str, kind: TargetKind, cc: goenv.CCompiler) -> None:
        """What `go list` and Go's parser say about the package, as errors that say what to do."""
        package = facts.package
        if package.error:
            if "no Go files" in package.error or "build constraints exclude all Go files" in package.error:
                raise ConfigError(f"{package_dir} has no Go files for this build ({package.error.strip()}): point "
                                  "the library at the directory of a Go package main, or one of its .go files")
            raise ConfigError(f"Go cannot load the package in {package_dir}: {package.error.strip()}")
        broken = [p for p in facts.packages if p.error and not p.standard]
        if broken:
            raise ConfigError(f"Go cannot load {broken[0].import_path}, which the package in {package_dir} "
                              f"imports: {broken[0].error}")
        for scan in [facts.scan, *(s for _, s in facts.exporting)]:
            if scan.errors:
                # Go's parser reports what follows the first error too; the first is the one to fix.
                raise ConfigError(f"{scan.errors[0]}: Go cannot parse the package in {scan.dir or package_dir}; "
                                  "fix the Go source")
        if facts.exporting:
            GoModule._check_exporting(facts, cc)
            return
        if kind is TargetKind.TEST:
            if not package.files.get("TestGoFiles") and not package.files.get("XTestGoFiles"):
                raise ConfigError(f"the package in {package_dir} has no _test.go files: go test -c would build "
                                  "nothing; point go.test() at a package with tests")
        elif kind is TargetKind.PROGRAM:
            if package.name != "main" or not facts.scan.func_main:
                raise ConfigError(f"the package in {package_dir} is 'package {package.name}'"
                                  + ("" if package.name != "main" else " without func main()")
                                  + ": a Go program is a package main with a func main()")
        if not kind.is_library:
            GoModule._check_cxx(facts, cc)
            return
        GoModule._check_c_api(package, facts.scan, package_dir, kind.buildmode)
        GoModule._check_cxx(facts, cc)

    @staticmethod
    def _check_exporting(facts: PackageFacts, cc: goenv.CCompiler) -> None:
        """A library of non-main packages: each is there for its //export functions."""
        for package, scan in facts.exporting:
            GoModule._check_c_api(package, scan, package.dir, None)
        GoModule._check_cxx(facts, cc)

    @staticmethod
    def _check_c_api(package: gofacts.Package, scan: goscan.ScannedPackage, package_dir: str,
                     buildmode: str | None) -> None:
        """What makes a package part of a C library: cgo and //export functions, and for the main
        package (`buildmode` given) a func main. A non-main package (None) may be left out instead."""
        what = f"package main in {package_dir}" if buildmode else f"the package in {package_dir}"
        if not package.cgo_files:
            raise ConfigError(f"{what} does not import \"C\": C can only call functions that a cgo file marks "
                              "with //export (add import \"C\" and //export Name)")
        if buildmode and not scan.func_main:
            raise ConfigError(f"{what} has no func main(): -buildmode={buildmode} needs one, and it can be empty: "
                              "add 'func main() {}'")
        if not scan.exports:
            raise ConfigError(f"{what} has no //export functions, so C has nothing to call"
                              + ("" if buildmode else " in it")
                              + ": mark the functions of the C API with a '//export Name' line above them"
                              + ("" if buildmode else ", or leave the package out of the library's sources"))

    @staticmethod
    def _check_cxx(facts: PackageFacts, cc: goenv.CCompiler) -> None:
        with_cxx = [p for p in facts.packages if p.cxx_files and not p.standard]
        if with_cxx and cc.cxx_exelist is None:
            first = with_cxx[0]
            raise ConfigError(f"the Go package {first.import_path} has C++ files ({', '.join(first.cxx_files)}), "
                              "and the project has no C++ compiler for cgo to build them with: add 'cpp' to the "
                              "languages of project() (or call add_languages('cpp'))")

    @staticmethod
    def _c_dependencies(state: ModuleState, kind: TargetKind, files: TargetFiles, items: list[T.Any]) -> CDependencies:
        """Meson's C/C++ libraries and dependencies as cgo flags: include directories and compile
        arguments into CGO_CFLAGS, libraries (by path) and link arguments into CGO_LDFLAGS, with a
        build-dir RUNPATH ($ORIGIN/...) for shared ones, which `meson install` replaces as it does
        for its own targets."""
        from mesonbuild.dependencies import InternalDependency

        src_root, build_root = state.environment.get_source_dir(), state.environment.get_build_dir()
        out_dir = os.path.join(build_root, state.subdir)
        cflags: list[str] = []
        ldflags: list[str] = []
        targets: list[T.Any] = []
        header_dirs: list[str] = []
        rpaths: list[str] = []

        def add_library(lib: T.Any) -> None:
            if isinstance(lib, (build.CustomTarget, build.CustomTargetIndex)):
                ct = lib.target if isinstance(lib, build.CustomTargetIndex) else lib
                if ct.get_id() in _TARGETS:
                    raise ConfigError(
                        f"{ct.name} is a Go library: a Go {kind.noun} linking it would carry a second Go runtime "
                        "in one process, which Go does not support (golang/go#18976); build one library from both "
                        "packages instead")
                raise ConfigError(f"{ct.name} is a custom target: a Go target links Meson's C/C++ libraries "
                                  "(shared_library(), static_library()) or dependencies")
            if lib in targets:
                return
            targets.append(lib)
            path = os.path.join(build_root, lib.get_subdir(), lib.get_filename())
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

        def add_dependency(dep: T.Any) -> None:
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
            elif isinstance(dep, build.BuildTarget):
                add_library(dep)
            elif isinstance(dep, (build.CustomTarget, build.CustomTargetIndex)):
                add_library(dep)
            else:
                if not dep.found():
                    raise ConfigError(f"dependency {dep.name!r} was not found: install it, or make it required in "
                                      "dependency() to see what Meson looked for")
                cflags.extend(dep.get_compile_args())
                ldflags.extend(dep.get_link_args())

        for item in items:
            add_dependency(item)
        if not ldflags and not cflags:
            return CDependencies()
        consumer = tuple(ldflags) if kind is TargetKind.STATIC else ()
        if rpaths and kind is not TargetKind.STATIC:
            ldflags.append("-Wl,-rpath," + ":".join(rpaths))
        return CDependencies(tuple(cflags), tuple(ldflags), consumer, tuple(targets), tuple(header_dirs),
                             tuple(rpaths))

    def _register_test(self, state: ModuleState, name: str, binary: T.Any, kwargs: TargetKwargs) -> None:
        """A Meson test that runs the Go test binary through mesongo.testrun, which speaks TAP: one
        result per Go test function (and subtest), named, as `meson test -v` and its log show."""
        from mesonbuild.programs import ExternalProgram

        record = _TARGETS[binary.target.get_id()]
        go = self._toolchain(state).path
        wrapper: list[str] = []
        if not kwargs.get("native") and state.environment.need_exe_wrapper():
            exe_wrapper = state.environment.get_exe_wrapper()
            if exe_wrapper is None or not exe_wrapper.found():
                raise MesonException(f"mesongo.test: the cross-file has no exe_wrapper, so the Go test {name!r} cannot "
                                     "run on this machine: add exe_wrapper (e.g. a qemu-user emulator) to its "
                                     "[binaries], or skip go.test() when meson.can_run_host_binaries() is false")
            wrapper = list(exe_wrapper.get_command())
        package_dir = record.package_dir
        args: list[T.Any] = ["-m", "mesongo.testrun", "--go", go, "--dir", package_dir]
        for part in wrapper:
            args.append(f"--exe-wrapper={part}")
        args += [binary, "--", *kwargs["args"]]
        python = ExternalProgram("python3", [sys.executable], silent=True)
        test_kwargs: dict[str, T.Any] = {
            "args": args, "env": [f"{k}={v}" for k, v in kwargs["env"].items()], "protocol": "tap",
            "timeout": kwargs["timeout"], "is_parallel": kwargs["is_parallel"], "workdir": package_dir,
        }
        if kwargs["suite"]:
            test_kwargs["suite"] = kwargs["suite"]
        interpreter: T.Any = getattr(state, "_interpreter", None) or self.interpreter
        interpreter.func_test(state.current_node, [name, python], test_kwargs)

    def _regenerate_on_module_changes(self, facts: PackageFacts) -> None:
        """go.mod, go.sum and go.work are inputs of the configuration: an edit (a new requirement
        for one) reruns setup, which fetches what it needs, before ninja builds offline."""
        gomod, gowork = facts.package.module_gomod, facts.pinned.get("GOWORK", "off")
        candidates = [gomod, os.path.join(os.path.dirname(gomod), "go.sum")] if gomod else []
        if gowork != "off":
            candidates += [gowork, gowork + ".sum"]
        for path in candidates:
            if os.path.isabs(path) and os.path.exists(path):
                self.interpreter.build_def_files.add(path)

    def _vendor_in_dist(self, state: ModuleState, go: str, facts: PackageFacts) -> None:
        """A dist script that vendors the package's module into the `meson dist` tarball, once per
        module of the project's own source tree that needs modules from elsewhere."""
        gomod = facts.package.module_gomod
        source_root = state.environment.get_source_dir()
        if not gomod or not any(p.module_version for p in facts.packages if not p.standard):
            return
        module_dir = os.path.relpath(os.path.dirname(gomod), source_root)
        if module_dir.startswith(os.pardir) or module_dir in _DIST_VENDORED:
            return
        _DIST_VENDORED.add(module_dir)
        script = compat.executable_serialisation(
            self.interpreter, [sys.executable, "-m", "mesongo", "vendor-for-dist", "--go", go,
                               "" if module_dir == os.curdir else module_dir])
        self.interpreter.build.dist_scripts.append(script)

    @staticmethod
    def _inline_dirs(facts: PackageFacts) -> tuple[str, ...]:
        """Directories whose headers the generated header may inline: the packages' own, and their
        `#cgo CFLAGS: -I` directories inside the same module."""
        dirs: dict[str, None] = {}
        for package in [p for p, _ in facts.exporting] or [facts.package]:
            module_root = os.path.dirname(package.module_gomod) if package.module_gomod else package.dir
            dirs[package.dir] = None
            dirs.update(dict.fromkeys(d for d in package.include_dirs
                                      if d == module_root or d.startswith(module_root.rstrip(os.sep) + os.sep)))
        return tuple(dirs)

    @staticmethod
    def _policy(machine: goenv.HostMachine, libc: str | None, files: TargetFiles,
                kwargs: TargetKwargs) -> Policy:
        """The after-link checks (plan/policy.py); the export list is known only after the build."""
        expected = elf.MACHINE_OF_CPU_FAMILY.get(machine.cpu_family)
        if "go_arch" in machine.properties:
            expected = None
        glibc_max = kwargs["glibc_max"] or machine.properties.get("glibc_max")
        glibc: tuple[int, ...] | None = None
        if glibc_max is not None and libc == "glibc":
            if not isinstance(glibc_max, str) or check_glibc_max(glibc_max):
                raise ConfigError(f"machine file property glibc_max = {glibc_max!r}: use a version such as '2.17'")
            glibc = elf.parse_version(glibc_max)
        return Policy(machine=expected[0] if expected else None, elf_class=expected[1] if expected else None,
                      soname=files.soname, libc=libc if libc in ("glibc", "musl") else None, glibc_max=glibc)

    @staticmethod
    def _custom_target(state: ModuleState, plan: BuildPlan, plan_path: str, files: TargetFiles,
                       source_files: list[File], paths: InstallPaths, kwargs: TargetKwargs,
                       c_deps: CDependencies) -> build.CustomTarget:
        command: list[str] = [sys.executable, "-m", "mesongo.buildstep",
                              os.path.relpath(plan_path, state.environment.get_build_dir()),
                              "--", *plan.shown_command()]
        outputs = [files.filename]
        install_dirs: list[str | bool] = [paths.libdir]
        tag = kwargs["install_tag"]
        install_tags: list[str | None] = [tag or ("devel" if files.kind is TargetKind.STATIC else "runtime")]
        if files.header:
            outputs.append(files.header)
            install_dirs.append(paths.includedir if kwargs["install_header"] else False)
            install_tags.append(tag or "devel")
        # The build-dir symlinks are outputs too, so that `ninja clean` removes them; SymlinkData
        # objects install them (a custom target would install copies).
        for link, _target in files.symlinks:
            outputs.append(link)
            install_dirs.append(False)
            install_tags.append(None)
        return compat.custom_target(
            state, files.name, command, list(source_files), outputs,
            build_by_default=kwargs["build_by_default"],
            depfile=f"{files.filename}.d",
            install=kwargs["install"],
            install_dir=install_dirs,
            install_tag=install_tags,
            extra_depends=list(c_deps.targets),
            description=f"Building Go {files.kind.noun} {os.path.join(state.subdir, files.filename)}",
        )

    @staticmethod
    def _install_symlinks(state: ModuleState, files: TargetFiles, paths: InstallPaths,
                          kwargs: TargetKwargs) -> list[T.Any]:
        if not kwargs["install"] or paths.python_package_dir is not None:
            return []   # in a Python package the file is named by its soname: nothing links to it
        tag = kwargs["install_tag"]
        links = [
            build.SymlinkData(target, link, paths.libdir, state.subproject,
                              tag or ("runtime" if link == files.soname else "devel"))
            for link, target in files.symlinks
        ]
        _SYMLINKS.update(id(s) for s in links)
        return links

    @staticmethod
    def _pkgconfig(state: ModuleState, files: TargetFiles, paths: InstallPaths, start_args: tuple[str, ...],
                   kwargs: TargetKwargs) -> PkgConfigFiles:
        pc = naming.PkgConfig(
            name=files.name, description=f"Go {files.kind.noun} {files.name}",
            version=kwargs["version"] or str(state.project_version), prefix=paths.prefix,
            libdir=paths.relative(paths.libdir), includedir=paths.relative(paths.includedir),
            # On musl, an archive's runtime start-up is a member that only -Wl,-u pulls in (binfmt/musl.py).
            libs=(f"-l{files.name}", *start_args),
            # An archive's consumers need -pthread and, known only at build time, its packages' #cgo LDFLAGS.
            libs_private=(LIBS_PRIVATE,) if files.kind is TargetKind.STATIC else (),
        )
        target_dir = os.path.normpath(os.path.join(state.environment.get_build_dir(), state.subdir))
        return PkgConfigFiles(
            text=naming.pkgconfig_text(pc), uninstalled_text=naming.pkgconfig_uninstalled_text(pc, target_dir),
            path=os.path.join("meson-private", "mesongo", f"{files.name}.pc"),
            uninstalled_path=os.path.join("meson-uninstalled", f"{files.name}-uninstalled.pc"),
        )


def add_header_order_deps(b: build.Build) -> None:
    """Give every compile of a C-family target that links a Go library, directly (`link_with:`) or
    through other libraries (an executable that links a C library that links the Go library),
    an order-only dependency on the library's generated header: Meson gives one for the headers
    of its own generated sources but not for a custom target's, so a clean parallel build would
    compile `#include "libNAME.h"` before go build wrote it."""
    memo: dict[str, list[TargetRecord]] = {}
    for target in b.get_targets().values():
        if not isinstance(target, build.BuildTarget) or not _C_FAMILY & set(target.compilers):
            continue
        for record in _go_libraries_linked(target, memo):
            if record.header_index is None:
                continue
            header = record.target[record.header_index]
            if not any(isinstance(g, build.CustomTargetIndex) and g.target is header.target
                       and g.output == header.output for g in target.generated):
                target.generated.append(header)


def _go_libraries_linked(target: build.BuildTarget, memo: dict[str, list[TargetRecord]]) -> list[TargetRecord]:
    """The mesongo libraries a target links, directly or through the libraries it links."""
    key = target.get_id()
    if key not in memo:
        memo[key] = []   # a guard against cycles
        found: list[TargetRecord] = []
        for dep in [*target.link_targets, *target.link_whole_targets]:
            lib = dep.target if isinstance(dep, build.CustomTargetIndex) else dep
            record = _TARGETS.get(lib.get_id()) if isinstance(lib, build.CustomTarget) else None
            if record is not None:
                found.append(record)
            elif isinstance(dep, build.BuildTarget):
                found += _go_libraries_linked(dep, memo)
        memo[key] = list({id(r): r for r in found}.values())
    return memo[key]


def check_one_go_runtime(b: build.Build) -> None:
    """Go supports one Go runtime per process (golang/go#18976): a target that links two mesongo
    libraries, or a Go program or test that links one through Meson's libraries (directly, it is
    refused at the call), is an error when an archive is among them (they do not even link:
    duplicate crosscall2, _cgo_topofstack, ...) and a warning when all are shared (it may work,
    unsupported). Located at the target's call in meson.build when its node is known."""
    memo: dict[str, list[TargetRecord]] = {}
    for target in b.get_targets().values():
        record = _TARGETS.get(target.get_id()) if isinstance(target, build.CustomTarget) else None
        node = _NODES.get(target.get_id())
        # Without a node (a target of a subproject that does not use mesongo) the text says where.
        where = "" if node is not None else f" ({target.get_subdir() or '.'}/meson.build)"
        if isinstance(target, build.BuildTarget):
            linked = _go_libraries_linked(target, memo)
            if len(linked) < 2:
                continue
            message = (f"mesongo: {target.get_typename()} {target.name!r}{where} links {len(linked)} Go libraries, "
                       f"{' and '.join(r.files.filename for r in linked)}: each carries a Go runtime, and Go supports "
                       "one per process (golang/go#18976); build one Go library from both packages instead")
        elif record is not None and not record.files.kind.is_library:
            # The C libraries a Go program links are its extra_depends (see _c_dependencies).
            found = [lib for dep in target.extra_depends if isinstance(dep, build.BuildTarget)
                     for lib in _go_libraries_linked(dep, memo)]
            linked = list({id(r): r for r in found}.values())
            if not linked:
                continue
            noun = record.files.kind.noun
            libs = "library " if len(linked) == 1 else "libraries "
            message = (f"mesongo: Go {noun} {target.name!r}{where} links the Go {libs}"
                       f"{' and '.join(r.files.filename for r in linked)} through Meson's libraries: the {noun} and "
                       f"the {libs}each carry a Go runtime, and Go supports one per process (golang/go#18976); build "
                       f"the Go {noun} from both packages instead")
        else:
            continue
        if any(r.files.kind is TargetKind.STATIC for r in linked):
            raise _located(message, target)
        mlog.warning(message, location=node)


def add_programs_to_devenv(b: build.Build) -> None:
    """`meson devenv` puts the build dir of every installed executable() on PATH (when it goes to
    the default bindir and runs on the host), but looks at Meson's Executable targets only. The
    same for Go programs: an environment of the build (b.devenv, which every Meson from 1.0 saves
    and `meson devenv` applies) that prepends their build dirs."""
    targets = b.get_targets()
    dirs = sorted({os.path.normpath(os.path.join(b.environment.get_build_dir(), r.target.get_subdir()))
                   for r in _TARGETS.values()
                   if r.on_path and targets.get(r.target.get_id()) is r.target})
    if dirs:
        env = EnvironmentVariables()
        env.prepend("PATH", dirs)
        b.devenv.append(env)


def set_install_rpath_to_python_package_libraries(b: build.Build) -> None:
    """An installed target (a Python extension module) that links a Go library installed into a
    Python package gets the install_rpath that finds it there ($ORIGIN, or $ORIGIN/../sub), unless
    it has one: without it the installed module would not load, and meson-python relocates only
    libraries installed into libdir. The user's own install_rpath is left alone."""
    for target in b.get_targets().values():
        if not isinstance(target, build.BuildTarget) or not target.should_install() or target.install_rpath:
            continue
        libs: list[TargetRecord] = []
        for dep in target.link_targets:
            record = _TARGETS.get(dep.target.get_id()) if isinstance(dep, build.CustomTargetIndex) else None
            if record is not None and record.python_package_dir and record.target.should_install():
                libs.append(record)
        if not libs:
            continue
        own = compat.install_dir_name(target.install_dir[0]) if target.install_dir else None
        rpaths: list[str] = []
        for record in libs:
            lib_dir = T.cast(str, record.python_package_dir)
            if own is None or own.split("/", 1)[0] != lib_dir.split("/", 1)[0]:
                mlog.warning(f"mesongo: {target.get_typename()} {target.name!r} links {record.files.filename}, which "
                             f"is installed into the Python package dir {lib_dir}, but is installed elsewhere itself: "
                             "give it an install_rpath that finds the library there")
                continue
            rel = os.path.relpath(lib_dir, own)
            rpath = "$ORIGIN" if rel == os.curdir else f"$ORIGIN/{rel}"
            if rpath not in rpaths:
                rpaths.append(rpath)
        if rpaths:
            target.install_rpath = ":".join(rpaths)
            mlog.log(mlog.bold("mesongo:"), f"{target.name} gets install_rpath {target.install_rpath!r}: it links",
                     ", ".join(r.files.filename for r in libs), "installed into its Python package")


def run_programs_by_path(b: build.Build) -> None:
    """A Go program as the command of a custom_target() or run_target(): Meson writes a custom
    target's output as the bare file name (`gen`), which the shell then looks up on PATH. Name it
    by its path in the build dir (`./gen`; both kinds of target run there); the dependency on it
    is already recorded. A host program in a cross build runs through the exe_wrapper, as Meson
    runs its own executables there."""
    programs = {(r.target.get_subdir(), r.files.filename): r for r in _TARGETS.values()
                if not r.files.kind.is_library}
    env = b.environment
    for target in b.get_targets().values():
        command = getattr(target, "command", None)
        if not isinstance(target, (build.CustomTarget, build.RunTarget)) or not command:
            continue
        first = command[0]
        if isinstance(first, build.CustomTargetIndex):   # Meson < 1.x keeps the index; newer ones a File
            key = (first.target.get_subdir(), first.output)
        elif isinstance(first, build.CustomTarget):
            key = (first.get_subdir(), first.get_outputs()[0])
        elif isinstance(first, File) and first.is_built:
            key = (first.subdir, first.fname)
        else:
            continue
        record = programs.get(key)
        if record is None:
            continue
        wrapper: list[str] = []
        if not record.native and env.need_exe_wrapper():
            exe_wrapper = env.get_exe_wrapper()
            if exe_wrapper is None or not exe_wrapper.found():
                function = "run_target" if isinstance(target, build.RunTarget) else "custom_target"
                raise _located(
                    f"mesongo: {function} {target.name!r} runs the Go {record.files.kind.noun} "
                    f"{record.files.filename!r}, built for the host machine, and the cross-file has no exe_wrapper "
                    "to run it on this machine: add exe_wrapper (e.g. a qemu-user emulator) to its [binaries], or "
                    "build the program with native: true", target)
            wrapper = list(exe_wrapper.get_command())
        command[0:1] = [*wrapper, os.path.join(os.curdir, *key) if key[0] else os.path.join(os.curdir, key[1])]


def _located(message: str, target: T.Any) -> MesonException:
    """An error at the meson.build call that defined `target`, when known."""
    node = _NODES.get(target.get_id())
    if node is None:
        return MesonException(message)
    return MesonException(message, file=node.filename, lineno=node.lineno, colno=node.colno)


def run_cross_programs_through_the_exe_wrapper(b: build.Build) -> None:
    """test(name, go_program) in a cross build: Meson runs a custom target's output directly, as
    if it were for the build machine, so a host program would fail to start ("Exec format
    error"). The test runs the cross-file's exe_wrapper with the program as its first argument."""
    env = b.environment
    if not env.need_exe_wrapper():
        return
    wrapper = env.get_exe_wrapper()
    if wrapper is None or not wrapper.found():
        return
    for test in [*b.tests, *b.benchmarks]:
        exe = test.exe
        program = exe.target if isinstance(exe, build.CustomTargetIndex) else exe
        record = _TARGETS.get(program.get_id()) if isinstance(program, build.CustomTarget) else None
        if record is not None and record.files.kind is TargetKind.PROGRAM and not record.native:
            test.cmd_args = [exe, *test.cmd_args]
            test.exe = wrapper


def stripped_outputs(backend: T.Any) -> dict[str, bool]:
    """The installed file of every Go shared library of this build, as the backend names it in
    install.dat, and whether the `strip` option of its project asks for stripping. An archive is
    left out: Meson never strips a static library either."""
    targets = backend.build.get_targets()
    return {
        os.path.join(backend.get_target_dir(r.target), r.files.filename): r.strip
        for r in _TARGETS.values()
        if r.strip is not None and targets.get(r.target.get_id()) is r.target
    }


def installed_build_rpaths(backend: T.Any) -> dict[str, set[bytes]]:
    """The build-dir RUNPATH entries of the Go targets that link Meson's shared libraries."""
    targets = backend.build.get_targets()
    return {
        os.path.join(backend.get_target_dir(r.target), r.files.filename): {p.encode() for p in r.build_rpaths}
        for r in _TARGETS.values()
        if r.build_rpaths and targets.get(r.target.get_id()) is r.target
    }


def installed_links(backend: T.Any) -> set[str]:
    """The install paths of the symlinks of this module's libraries (InstallSymlinkData.name)."""
    return {os.path.join(s.install_dir, s.name) for s in backend.build.get_symlinks() if id(s) in _SYMLINKS}


def initialize(interpreter: Interpreter) -> GoModule:
    compat.warn_if_untested()
    runner.set_logger(mlog.debug)   # every command mesongo runs at setup goes to meson-log.txt
    # Upgrading mesongo must regenerate the build files that it wrote.
    for dirpath, _dirs, names in os.walk(PACKAGE_DIR):
        for fname in names:
            if fname.endswith((".py", ".j2", ".go", ".c")):
                interpreter.build_def_files.add(os.path.join(dirpath, fname))
    module = GoModule(interpreter)
    compat.call_before_generate(interpreter, module.postconf_hook)
    compat.adjust_install_data(interpreter, stripped_outputs, installed_links, installed_build_rpaths)
    return module

