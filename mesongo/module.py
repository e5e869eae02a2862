"""The Meson module behind ``import('mesongo')``: keyword arguments in, Meson targets out.

This is the only file (with _meson_compat.py) that imports mesonbuild. It validates what the
user wrote, gathers Meson's facts (host machine, C compiler, directories), hands them to the pure
modules (naming, goenv) and turns the result into a stock CustomTarget whose command runs
``python -m mesongo.build``.
"""

from __future__ import annotations

import os
import re
import sys
import typing as T
from dataclasses import dataclass

from . import _meson_compat as compat  # first: refuses a Meson that is too old, before the imports below

# isort: split
from mesonbuild import build, mlog
from mesonbuild.interpreterbase import ContainerTypeInfo, KwargInfo, noKwargs, typed_kwargs, typed_pos_args
from mesonbuild.mesonlib import File, MesonException
from mesonbuild.modules import ExtensionModule, ModuleInfo, ModuleReturnValue

from . import cfacts, elf, gocmd, goenv, gofacts, musl, naming, runner
from .errors import ConfigError, MesongoError
from .fsutil import fallback_locations, write_if_changed
from .naming import LibraryFiles, LibraryKind

if T.TYPE_CHECKING:
    from mesonbuild.interpreter import Interpreter
    from mesonbuild.modules import ModuleState

NoneType = type(None)
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


@dataclass(frozen=True)
class LibraryRecord:
    """What go.dependency() needs to know about a library made by this module."""

    files: LibraryFiles
    link_args: tuple[str, ...]


# Keyed by CustomTarget id; module-global because every subproject gets its own module instance.
_LIBRARIES: dict[str, LibraryRecord] = {}
# One `go env` per go binary, one libc probe per C compiler, per configure.
_TOOLCHAINS: dict[str, gofacts.GoToolchain] = {}
_LIBCS: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
_NOTED: set[str] = set()


def _note_musl_dlopen_once() -> None:
    if "musl-dlopen" not in _NOTED:
        _NOTED.add("musl-dlopen")
        mlog.log(mlog.bold("mesongo:"), "the host C library is musl: Go shared libraries are built so that they work "
                 "when linked at program start or LD_PRELOADed; dlopen() of a Go library cannot work on musl "
                 "(the Go runtime needs initial-exec TLS, golang/go#54805)")


def _check_nonempty_str_list(what: str) -> T.Callable[[list[str]], str | None]:
    def check(values: list[str]) -> str | None:
        return f"{what} must not contain empty strings" if any(not v for v in values) else None
    return check


def _check_version(value: str | None) -> str | None:
    return None if value is None else naming.check_version(value)


def _check_soversion(value: str | int | None) -> str | None:
    return None if value is None else naming.check_soversion(str(value))


def _check_exports(value: str | list[str]) -> str | None:
    if isinstance(value, str):
        return None if value in ("export", "all") else (
            f"exports must be 'export' (the //export functions), 'all' (Go's default) or a list of names, "
            f"not {value!r}")
    bad = [name for name in value if not name.isidentifier()]
    if not value or bad:
        return f"exports names C symbols: {bad[0]!r} is not one" if bad else "exports must not be an empty list"
    return None


def _check_glibc_max(value: str | None) -> str | None:
    if value is None or re.fullmatch(r"\d+\.\d+", value):
        return None
    return f"glibc_max must be a glibc version such as '2.17', not {value!r}"


def _env_to_dict(value: dict[str, str] | list[str]) -> dict[str, str]:
    if isinstance(value, dict):
        return dict(value)
    return dict(item.split("=", 1) for item in value)


def _check_env(value: dict[str, str] | list[str]) -> str | None:
    if isinstance(value, list):
        bad = [item for item in value if "=" not in item or item.startswith("=")]
        if bad:
            return f"env entries must look like 'KEY=VALUE', got {bad[0]!r}"
        return None
    if any(not k or "=" in k for k in value):
        return "env keys must be non-empty and contain no '='"
    return None


_COMMON_KWARGS: list[KwargInfo] = [
    KwargInfo("install", bool, default=False),
    KwargInfo("install_dir", (str, NoneType)),
    KwargInfo("install_tag", (str, NoneType)),
    KwargInfo("build_by_default", bool, default=True),
    KwargInfo("install_header", bool, default=True),
    KwargInfo("header_install_dir", (str, NoneType)),
    KwargInfo("pkgconfig", bool, default=True),
    KwargInfo("tags", ContainerTypeInfo(list, str), listify=True, default=[],
              validator=_check_nonempty_str_list("tags")),
    KwargInfo("ldflags", ContainerTypeInfo(list, str), listify=True, default=[]),
    KwargInfo("go_args", ContainerTypeInfo(list, str), listify=True, default=[]),
    KwargInfo("env", (ContainerTypeInfo(dict, str), ContainerTypeInfo(list, str)), default={},
              validator=_check_env, convertor=_env_to_dict),
    KwargInfo("glibc_max", (str, NoneType), validator=_check_glibc_max),
]
_SHARED_KWARGS: list[KwargInfo] = [
    *_COMMON_KWARGS,
    KwargInfo("version", (str, NoneType), validator=_check_version),
    KwargInfo("soversion", (str, int, NoneType), validator=_check_soversion,
              convertor=lambda v: None if v is None else str(v)),
    KwargInfo("exports", (str, ContainerTypeInfo(list, str)), default="export", validator=_check_exports),
]


class GoModule(ExtensionModule):
    INFO = ModuleInfo("mesongo")

    def __init__(self, interpreter: Interpreter) -> None:
        super().__init__(interpreter)
        self._go_program: T.Any = None
        self.methods.update({
            "shared_library": self.shared_library,
            "static_library": self.static_library,
            "dependency": self.dependency,
        })

    # --- meson.build methods ------------------------------------------------------------------

    @typed_pos_args("mesongo.shared_library", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.shared_library", *_SHARED_KWARGS)
    def shared_library(self, state: ModuleState, args: tuple[str, list[str | File]],
                       kwargs: dict[str, T.Any]) -> ModuleReturnValue:
        return self._guarded("shared_library", lambda: self._library(state, LibraryKind.SHARED, args, kwargs))

    @typed_pos_args("mesongo.static_library", str, varargs=(str, File), min_varargs=1)
    @typed_kwargs("mesongo.static_library", *_SHARED_KWARGS)
    def static_library(self, state: ModuleState, args: tuple[str, list[str | File]],
                       kwargs: dict[str, T.Any]) -> ModuleReturnValue:
        # version/soversion/exports are accepted only to say clearly why they do not apply.
        for key in ("version", "soversion", "exports"):
            if kwargs[key] not in (None, "export"):
                raise MesonException(f"mesongo.static_library: {key!r} applies only to shared libraries (an archive "
                                     "has no soname and no dynamic exports): remove it, or use "
                                     "mesongo.shared_library")
        return self._guarded("static_library", lambda: self._library(state, LibraryKind.STATIC, args, kwargs))

    @typed_pos_args("mesongo.dependency", build.CustomTargetIndex)
    @noKwargs
    def dependency(self, state: ModuleState, args: tuple[build.CustomTargetIndex],
                   kwargs: dict[str, T.Any]) -> T.Any:
        lib = args[0]
        record = _LIBRARIES.get(lib.target.get_id())
        if record is None:
            raise MesonException("mesongo.dependency: the argument is not a library returned by "
                                 "mesongo.shared_library() or mesongo.static_library()")
        header = lib.target[1]
        dep_kwargs: dict[str, T.Any] = {"link_with": [lib], "sources": [header]}
        if record.files.kind is LibraryKind.STATIC:
            # A Go archive carries the Go runtime, which needs threads and whatever its cgo
            # packages declare in `#cgo LDFLAGS`.
            dep_kwargs["dependencies"] = [self.interpreter.func_dependency(state.current_node, ["threads"], {})]
            dep_kwargs["link_args"] = list(record.link_args)
        return self.interpreter.func_declare_dependency(state.current_node, [], dep_kwargs)

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
    def _c_compiler(state: ModuleState) -> goenv.CCompiler:
        compilers = state.environment.coredata.compilers.host
        c = compilers.get("c")
        if c is None:
            raise ConfigError("cgo needs a C compiler for the host machine: add 'c' to the languages "
                              "of project() (or call add_languages('c'))")
        c_args, c_link_args = compat.external_args(state, "c")
        cxx = compilers.get("cpp")
        cxx_args = compat.external_args(state, "cpp")[0] if cxx is not None else []
        return goenv.CCompiler(
            exelist=tuple(c.get_exelist()), c_args=tuple(c_args), c_link_args=tuple(c_link_args),
            cxx_exelist=tuple(cxx.get_exelist()) if cxx is not None else None, cxx_args=tuple(cxx_args),
        )

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
    def _host_machine(state: ModuleState) -> goenv.HostMachine:
        m = state.environment.machines.host
        props = state.environment.properties.host.properties
        return goenv.HostMachine(m.system, m.cpu_family, m.cpu, m.endian, dict(props))

    @staticmethod
    def _package_dir(state: ModuleState, sources: list[str | File]) -> tuple[str, list[File]]:
        """The Go package directory named by the sources (files of one directory, or the directory)."""
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
        if len(dirs) > 1:
            raise ConfigError("the sources come from more than one directory (" + ", ".join(dirs) + "); a Go "
                              "library is one package, i.e. one directory: pass files of one directory, or "
                              "the directory itself")
        return next(iter(dirs)), files

    def _library(self, state: ModuleState, kind: LibraryKind, args: tuple[str, list[str | File]],
                 kwargs: dict[str, T.Any]) -> ModuleReturnValue:
        name, sources = args
        problem = naming.check_name(name)
        if problem:
            raise ConfigError(problem)
        version: str | None = kwargs.get("version")
        soversion: str | None = kwargs.get("soversion")
        problem = naming.check_consistent(version, soversion)
        if problem:
            raise ConfigError(problem)
        files = naming.library_files(name, kind, version, soversion)
        package_dir, source_files = self._package_dir(state, sources)

        toolchain = self._toolchain(state)
        machine = self._host_machine(state)
        cc = self._c_compiler(state)
        configured = goenv.go_environment(machine, cc, kwargs["env"], os.environ)
        libc = self._libc(machine, cc) if configured["GOOS"] == "linux" else None
        on_musl = libc == "musl"
        exports = kwargs.get("exports", "export")
        build = goenv.go_build(files, kwargs["tags"], kwargs["ldflags"], kwargs["go_args"], musl=on_musl,
                               go_links=exports == "all")
        if on_musl and kind is LibraryKind.SHARED:
            _note_musl_dlopen_once()
        configured.update(self._pinned_locations(state, toolchain, package_dir, configured))
        env = self._go_env(state, configured)
        gofacts.check_target(toolchain, env, configured["GOOS"], configured["GOARCH"])

        packages = gofacts.list_packages(toolchain.path, env, package_dir, build.build_args,
                                         deps=kind is LibraryKind.STATIC)
        self._check_package(toolchain, env, package_dir, packages[-1], kind, bool(kwargs["tags"]))
        cgo_link_args = tuple(f for f in gofacts.cgo_link_flags(packages) if f != "-lpthread")
        # On musl a Go archive's runtime start-up is an extra member that nothing references (musl.py).
        start_args = (f"-Wl,-u,{musl.START_SYMBOL}",) if on_musl and kind is LibraryKind.STATIC else ()

        checks = self._check_args(machine, libc, exports if kind is LibraryKind.SHARED else "all", kwargs)
        ct = self._custom_target(state, files, toolchain, package_dir, source_files, configured, build, checks,
                                 kwargs)
        _LIBRARIES[ct.get_id()] = LibraryRecord(files, start_args + cgo_link_args)
        new_objects: list[T.Any] = [ct]
        new_objects += self._install_symlinks(state, files, kwargs)
        if kwargs["pkgconfig"]:
            new_objects += self._pkgconfig(state, files, version, start_args, cgo_link_args, kwargs)
        return ModuleReturnValue(ct[0], new_objects)

    @staticmethod
    def _go_env(state: ModuleState, configured: dict[str, str]) -> dict[str, str]:
        """The environment of the Go commands run at setup (build.py makes the same at build time)."""
        env = gocmd.build_environment(os.environ, configured)
        private = os.path.join(state.environment.get_build_dir(), "meson-private", "mesongo")
        env.update(fallback_locations(env, private))
        return env

    @staticmethod
    def _check_package(toolchain: gofacts.GoToolchain, env: dict[str, str], package_dir: str,
                       package: dict[str, T.Any], kind: LibraryKind, tagged: bool) -> None:
        """What `go list` and `go doc` say about the package (the last one `go list -deps` prints),
        as errors that say what to do."""
        error = (package.get("Error") or {}).get("Err")
        if error:
            if "no Go files" in error or "build constraints exclude all Go files" in error:
                raise ConfigError(f"{package_dir} has no Go files for this build ({error.strip()}): point the "
                                  "library at the directory of a Go package main, or one of its .go files")
            raise ConfigError(f"Go cannot load the package in {package_dir}: {error.strip()}")
        if package.get("Name") != "main":
            raise ConfigError(
                f"the package in {package_dir} is 'package {package.get('Name')}', but -buildmode={kind.buildmode} "
                "needs 'package main' with an empty func main() and //export functions")
        if not package.get("CgoFiles"):
            raise ConfigError(f"package main in {package_dir} does not import \"C\": C can only call functions "
                              "that a cgo file marks with //export (add import \"C\" and //export Name)")
        if tagged:   # go doc has no -tags: a func main behind a build tag would look missing
            return
        doc = runner.run([toolchain.path, "doc", "-u", "-short", ".", "main"], env, cwd=package_dir,
                         check=False).strip()
        if not doc.startswith("func main()"):
            raise ConfigError(f"package main in {package_dir} has no func main(): -buildmode={kind.buildmode} "
                              "needs one, and it can be empty: add 'func main() {}'")

    @staticmethod
    def _check_args(machine: goenv.HostMachine, libc: str | None, exports: str | list[str],
                    kwargs: dict[str, T.Any]) -> list[str]:
        """build.py's arguments for the after-link checks (policy.py) and the exports."""
        args: list[str] = []
        if libc == "musl":
            args.append("--musl")
        args.append("--exports=" + (exports if isinstance(exports, str) else ",".join(exports)))
        expected = elf.MACHINE_OF_CPU_FAMILY.get(machine.cpu_family)
        if expected and "go_arch" not in machine.properties:
            args.append(f"--expect-machine={expected[0]}:{expected[1]}")
        if libc in ("glibc", "musl"):
            args.append(f"--expect-libc={libc}")
        glibc_max = kwargs["glibc_max"] or machine.properties.get("glibc_max")
        if glibc_max is not None and libc == "glibc":
            if not isinstance(glibc_max, str) or _check_glibc_max(glibc_max):
                raise ConfigError(f"machine file property glibc_max = {glibc_max!r}: use a version such as '2.17'")
            args.append(f"--glibc-max={glibc_max}")
        return args

    @classmethod
    def _pinned_locations(cls, state: ModuleState, toolchain: gofacts.GoToolchain, package_dir: str,
                          configured: dict[str, str]) -> dict[str, str]:
        """Fix at setup time which go.work is in force (a go.work added later is picked up by a
        reconfigure, not silently by a rebuild) and where the module cache is."""
        pinned: dict[str, str] = {}
        if "GOWORK" not in configured:
            env = cls._go_env(state, configured)
            out = runner.run([toolchain.path, "env", "GOWORK"], env, cwd=package_dir,
                                     what="go env GOWORK").strip()
            pinned["GOWORK"] = out or "off"
        modcache = toolchain.env.get("GOMODCACHE")
        if modcache and "GOMODCACHE" not in os.environ:
            pinned["GOMODCACHE"] = modcache
        return pinned

    @staticmethod
    def _custom_target(state: ModuleState, files: LibraryFiles, toolchain: gofacts.GoToolchain,
                       package_dir: str, source_files: list[File], configured: dict[str, str],
                       go_build: goenv.GoBuild, checks: list[str], kwargs: dict[str, T.Any]) -> build.CustomTarget:
        command: list[str] = [
            sys.executable, "-m", "mesongo.build", "--go", toolchain.path, "--kind", files.kind.value,
            "--package-dir", package_dir, "--output", "@OUTPUT0@", "--header", "@OUTPUT1@",
            "--private-dir", "@PRIVATE_DIR@", "--depfile", "@DEPFILE@",
        ]
        for link, target in files.symlinks:
            command += ["--symlink", f"{link}={target}"]
        for key, value in sorted(configured.items()):
            command += ["--env", f"{key}={value}"]
        if files.soname:
            command.append(f"--soname={files.soname}")
        command += checks
        for arg in go_build.link_args or ():
            command.append(f"--link={arg}")
        command += ["--", *go_build.build_args]

        install_dir = kwargs["install_dir"] or str(state.get_option("libdir"))
        header_dir: str | bool = False
        if kwargs["install_header"]:
            header_dir = kwargs["header_install_dir"] or str(state.get_option("includedir"))
        tag = kwargs["install_tag"]
        lib_tag = tag or ("runtime" if files.kind is LibraryKind.SHARED else "devel")
        return compat.custom_target(
            state, files.name, command, list(source_files), [files.filename, files.header],
            build_by_default=kwargs["build_by_default"],
            depfile=f"{files.filename}.d",
            install=kwargs["install"],
            install_dir=[install_dir, header_dir],
            install_tag=[lib_tag, tag or "devel"],
            description=f"Building Go {files.kind.noun} {os.path.join(state.subdir, files.filename)}",
        )

    @staticmethod
    def _install_symlinks(state: ModuleState, files: LibraryFiles, kwargs: dict[str, T.Any]) -> list[T.Any]:
        if not kwargs["install"]:
            return []
        install_dir = kwargs["install_dir"] or str(state.get_option("libdir"))
        tag = kwargs["install_tag"]
        return [
            build.SymlinkData(target, link, install_dir, state.subproject,
                              tag or ("runtime" if link == files.soname else "devel"))
            for link, target in files.symlinks
        ]

    @staticmethod
    def _pkgconfig(state: ModuleState, files: LibraryFiles, version: str | None, start_args: tuple[str, ...],
                   cgo_link_args: tuple[str, ...], kwargs: dict[str, T.Any]) -> list[T.Any]:
        prefix = str(state.get_option("prefix"))
        libdir = kwargs["install_dir"] or str(state.get_option("libdir"))
        includedir = kwargs["header_install_dir"] or str(state.get_option("includedir"))

        def rel(path: str) -> str:
            return os.path.relpath(path, prefix) if os.path.isabs(path) and path.startswith(prefix + "/") else path

        private = ("-pthread", *cgo_link_args) if files.kind is LibraryKind.STATIC else ()
        pc = naming.PkgConfig(
            name=files.name, description=f"Go {files.kind.noun} {files.name}",
            version=version or str(state.project_version), prefix=prefix, libdir=rel(libdir),
            includedir=rel(includedir), libs=(f"-l{files.name}", *start_args), libs_private=private,
        )
        build_root = state.environment.get_build_dir()
        target_dir = os.path.normpath(os.path.join(build_root, state.subdir))
        write_if_changed(os.path.join(build_root, "meson-uninstalled", f"{files.name}-uninstalled.pc"),
                         naming.pkgconfig_uninstalled_text(pc, target_dir))
        if not kwargs["install"]:
            return []
        pc_dir = os.path.join(build_root, "meson-private", "mesongo")
        write_if_changed(os.path.join(pc_dir, f"{files.name}.pc"), naming.pkgconfig_text(pc))
        pc_file = File.from_built_file(os.path.join("meson-private", "mesongo"), f"{files.name}.pc")
        install_dir = os.path.join(libdir, "pkgconfig")
        return [build.Data([pc_file], install_dir, install_dir, None, state.subproject,
                           install_tag=kwargs["install_tag"] or "devel")]


def initialize(interpreter: Interpreter) -> GoModule:
    compat.warn_if_untested()
    # Upgrading mesongo must regenerate the build files that it wrote.
    for dirpath, _dirs, names in os.walk(PACKAGE_DIR):
        for fname in names:
            if fname.endswith((".py", ".j2")):
                interpreter.build_def_files.add(os.path.join(dirpath, fname))
    return GoModule(interpreter)
