"""The keyword arguments of each mesongo function: one TypedDict per function for mypy, and the
KwargInfo lists Meson's typed_kwargs checks them with (validators return an error string). The
KwargInfos that several functions take are shared.

FUNCTIONS is the one table of the module's functions: module.py registers and checks each with
its entry, and the reference (docs/_ext/mesongo_docs.py) is rendered from the same entries and
the keyword descriptions below, so a keyword added here shows up there, and one without a
description fails the docs build."""

from __future__ import annotations

import dataclasses
import typing as T
from collections.abc import Mapping

from mesonbuild import build
from mesonbuild.interpreterbase import ContainerTypeInfo, KwargInfo
from mesonbuild.mesonlib import File

from ..plan import goenv, naming

NoneType = type(None)


class _GoKwargs(T.TypedDict):
    """Every Go target."""

    build_by_default: bool
    tags: list[str]
    ldflags: list[str]
    go_args: list[str]
    env: dict[str, str]
    glibc_max: str | None
    dependencies: list[T.Any]
    link_with: list[T.Any]


class _InstalledKwargs(_GoKwargs):
    install: bool
    install_dir: str | None
    install_tag: str | None


class _LibraryKwargs(_InstalledKwargs):
    header: str | bool | File          # a File: the project's own header (files('include/capi.h'))
    install_header: bool | None        # None: by the kind and where the library goes (planner.py)
    header_install_dir: str | None
    pkgconfig: bool | None


class SharedLibraryKwargs(_LibraryKwargs):
    version: str | None
    soversion: str | None
    darwin_versions: tuple[str, str] | None   # a dylib's (compatibility, current) versions
    exports: str | list[str]


class StaticLibraryKwargs(SharedLibraryKwargs):
    """version, soversion and exports are accepted only to say why they do not apply."""


class SharedModuleKwargs(_LibraryKwargs):
    name_prefix: str | None
    name_suffix: str | None
    exports: str | list[str]
    version: str | None                # accepted only to say why it does not apply
    soversion: str | None


class ExtensionModuleKwargs(_LibraryKwargs):
    subdir: str
    limited_api: str
    exports: str | list[str] | None    # None: PyInit_NAME, what Python looks up


class ExecutableKwargs(_InstalledKwargs):
    native: bool
    cgo: bool                          # false: CGO_ENABLED=0, a static program with no C
    modfile: str | File | None         # the go.mod that pins a program named by import path


class TestKwargs(_GoKwargs):
    """`env` is the test's run-time environment (as for Meson's test()); `build_env` is what the
    other functions call `env`, the environment of the Go commands that build it."""

    build_env: dict[str, str]
    cgo: bool
    depends: list[T.Any]
    args: list[str]
    suite: list[str]
    timeout: int
    is_parallel: bool


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
        return None if value in ("api", "export", "header", "all") else (
            "exports must be 'api' (the //export functions and the C functions of the package's own C/C++ "
            "files), 'export' (the //export functions), 'header' (the functions the project's own header "
            f"declares), 'all' (Go's default) or a list of names, not {value!r}")
    bad = [name for name in value if not name.isidentifier()]
    if not value or bad:
        return f"exports names C symbols: {bad[0]!r} is not one" if bad else "exports must not be an empty list"
    return None


def _check_header(value: str | bool | File | list[File]) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, list):
        if len(value) != 1:
            return (f"header takes one file of the project (the C API's own header), got {len(value)}: give the "
                    "one that declares the API, and install the others with install_headers()")
        value = value[0]
    if isinstance(value, File):
        if value.is_built:
            return (f"header must be a source file of the project, not the built file {value.fname!r}: the "
                    "project's own header is installed as it is")
        return None if value.fname.endswith(".h") else f"header must be a C header ending in .h, not {value.fname!r}"
    if "/" in value or "\\" in value:
        return (f"header {value!r} is a path: a string names the header mesongo generates (a file name ending in "
                ".h, e.g. 'libgreet.h'); to install the project's own header instead, give the file: "
                f"header: files({value!r})")
    return naming.check_header_name(value)


def _one_header(value: str | bool | File | list[File]) -> str | bool | File:
    return value[0] if isinstance(value, list) else value


def _check_name_part(what: str) -> T.Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is not None and ("/" in value or "\\" in value):
            return f"{what} must not contain a path separator, got {value!r}"
        return None
    return check


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


def _check_build_env(value: dict[str, str] | list[str]) -> str | None:
    return _check_env(value) or goenv.decided_by_meson(_env_to_dict(value), "build_env")


GO_KWARGS: list[KwargInfo] = [
    KwargInfo("build_by_default", bool, default=True),
    KwargInfo("tags", ContainerTypeInfo(list, str), listify=True, default=[],
              validator=_check_nonempty_str_list("tags")),
    KwargInfo("ldflags", ContainerTypeInfo(list, str), listify=True, default=[]),
    KwargInfo("go_args", ContainerTypeInfo(list, str), listify=True, default=[]),
    KwargInfo("env", (ContainerTypeInfo(dict, str), ContainerTypeInfo(list, str)), default={},
              validator=_check_env, convertor=_env_to_dict),
    KwargInfo("glibc_max", (str, NoneType), validator=naming.check_glibc_max),
    KwargInfo("dependencies", ContainerTypeInfo(list, object), listify=True, default=[]),
    KwargInfo("link_with", ContainerTypeInfo(list, object), listify=True, default=[]),
]
INSTALLED_KWARGS: list[KwargInfo] = [
    *GO_KWARGS,
    KwargInfo("install", bool, default=False),
    KwargInfo("install_dir", (str, NoneType)),
    KwargInfo("install_tag", (str, NoneType)),
]
LIBRARY_KWARGS: list[KwargInfo] = [
    *INSTALLED_KWARGS,
    KwargInfo("header", (str, bool, File, ContainerTypeInfo(list, File)), default=True, validator=_check_header,
              convertor=_one_header),
    KwargInfo("install_header", (bool, NoneType)),
    KwargInfo("header_install_dir", (str, NoneType)),
    KwargInfo("pkgconfig", (bool, NoneType)),
]
_VERSION = KwargInfo("version", (str, NoneType), validator=_check_version)
_SOVERSION = KwargInfo("soversion", (str, int, NoneType), validator=_check_soversion,
                       convertor=lambda v: None if v is None else str(v))
_EXPORTS = KwargInfo("exports", (str, ContainerTypeInfo(list, str)), default="api", validator=_check_exports)


def _darwin_versions(value: str | int | list[str | int] | None) -> tuple[str, str] | None:
    """As Meson's shared_library() takes it: one version for both, or [compatibility, current]."""
    if value is None:
        return None
    values = [str(v) for v in (value if isinstance(value, list) else [value])]
    return (values[0], values[-1])


def _check_darwin_versions(value: str | int | list[str | int] | None) -> str | None:
    values = [str(v) for v in (value if isinstance(value, list) else [value])] if value is not None else []
    if isinstance(value, list) and not 1 <= len(value) <= 2:
        return ("darwin_versions must be one version, or two: [compatibility_version, current_version], "
                f"not {len(value)}")
    problems = [p for v in values if (p := naming.check_version(v))]
    return f"darwin_versions: {problems[0]}" if problems else None


_DARWIN_VERSIONS = KwargInfo("darwin_versions", (str, int, ContainerTypeInfo(list, (str, int)), NoneType),
                             validator=_check_darwin_versions, convertor=_darwin_versions)

SHARED_LIBRARY_KWARGS: list[KwargInfo] = [*LIBRARY_KWARGS, _VERSION, _SOVERSION, _DARWIN_VERSIONS, _EXPORTS]
STATIC_LIBRARY_KWARGS = SHARED_LIBRARY_KWARGS
SHARED_MODULE_KWARGS: list[KwargInfo] = [
    *LIBRARY_KWARGS, _EXPORTS,
    KwargInfo("name_prefix", (str, NoneType), validator=_check_name_part("name_prefix")),
    KwargInfo("name_suffix", (str, NoneType), validator=_check_name_part("name_suffix")),
    KwargInfo("version", (str, NoneType)), KwargInfo("soversion", (str, int, NoneType)),
]
EXTENSION_MODULE_KWARGS: list[KwargInfo] = [
    *LIBRARY_KWARGS,
    KwargInfo("exports", (str, ContainerTypeInfo(list, str), NoneType), validator=lambda v: v and _check_exports(v)),
    KwargInfo("subdir", str, default=""),
    KwargInfo("limited_api", str, default=""),
]
# A program or test binary may be built without cgo (a library is C's, so always with it).
_CGO = KwargInfo("cgo", bool, default=True)
EXECUTABLE_KWARGS: list[KwargInfo] = [*INSTALLED_KWARGS, KwargInfo("native", bool, default=False), _CGO,
                                      KwargInfo("modfile", (str, File, NoneType))]
TEST_KWARGS: list[KwargInfo] = [
    *GO_KWARGS, _CGO,
    KwargInfo("build_env", (ContainerTypeInfo(dict, str), ContainerTypeInfo(list, str)), default={},
              validator=_check_build_env, convertor=_env_to_dict),
    KwargInfo("depends", ContainerTypeInfo(list, (build.BuildTarget, build.CustomTarget, build.CustomTargetIndex)),
              listify=True, default=[]),
    KwargInfo("args", ContainerTypeInfo(list, str), listify=True, default=[]),
    KwargInfo("suite", ContainerTypeInfo(list, str), listify=True, default=[]),
    KwargInfo("timeout", int, default=30),
    KwargInfo("is_parallel", bool, default=True),
]


# --- The reference: what each function and keyword means ---------------------------------------
# MyST Markdown, rendered by docs/_ext/mesongo_docs.py next to each keyword's type and default,
# which it takes from the KwargInfos above. Meson's KwargInfo has no place for a description.


@dataclasses.dataclass(frozen=True)
class KeywordDoc:
    text: str
    # For a keyword without a default in its KwargInfo: what applies when it is not given.
    unset: str = ""


@dataclasses.dataclass(frozen=True)
class PositionalDoc:
    name: str
    type: str                  # as Meson's reference writes types: str, file, python_installation, ...
    text: str
    variadic: bool = False     # one or more


@dataclasses.dataclass(frozen=True)
class Function:
    """One function of the module: its keywords (what typed_kwargs checks) and its reference."""

    name: str
    kwargs: list[KwargInfo]
    positional: tuple[PositionalDoc, ...]
    summary: str
    returns: str
    # What a keyword means for this function where it differs from KEYWORDS.
    keywords: Mapping[str, KeywordDoc] = dataclasses.field(default_factory=dict)

    def keyword_doc(self, keyword: str) -> KeywordDoc | None:
        return self.keywords.get(keyword) or KEYWORDS.get(keyword)


_ENV_RULE = ("it cannot set `GOOS`, `GOARCH`, `CGO_ENABLED`, `CC`, `CXX`, `GOFLAGS` or `GOTOOLCHAIN`, which "
             "Meson decides (a program or Go test takes `cgo: false` instead of `CGO_ENABLED`)")

KEYWORDS: dict[str, KeywordDoc] = {
    # Every Go target
    "build_by_default": KeywordDoc("As for Meson's targets: `false` builds it only when something needs it."),
    "tags": KeywordDoc("Go build tags (`-tags=a,b`)."),
    "ldflags": KeywordDoc("Go linker flags, merged with mesongo's own into one `-ldflags` (Go keeps only the last "
                          "one); `-extldflags` values are merged too."),
    "go_args": KeywordDoc("More `go build` arguments, e.g. `-gcflags=…`, `-mod=vendor`."),
    "env": KeywordDoc("Extra environment of the Go commands (a dict or `['K=V']`), e.g. `{'GOWORK': 'off'}`; "
                      + _ENV_RULE + "."),
    "glibc_max": KeywordDoc("The highest GLIBC symbol version the binary may need, e.g. `'2.28'`; checked at every "
                            "build. Linux (ELF) only: elsewhere it is an error.",
                            unset="the machine file's `glibc_max` property, if any"),
    "dependencies": KeywordDoc("Meson's C dependencies of the Go code: their include directories and compile "
                               "arguments go into `CGO_CFLAGS`, their libraries and link arguments into "
                               "`CGO_LDFLAGS` (and Meson's link of a library). A mesongo library here is an "
                               "error: it would be a second Go runtime."),
    "link_with": KeywordDoc("Meson's C libraries that the Go code calls, as for `dependencies`."),
    # Installed targets
    "install": KeywordDoc("Install the library, its symlinks, header and `NAME.pc` (into a Python package: the "
                          "library alone)."),
    "install_dir": KeywordDoc("Where the library, its symlinks and (under `pkgconfig/`) the `.pc` go; "
                              "`py.get_install_dir() / 'pkg'` puts the library into a Python package.",
                              unset="`libdir` (a DLL: `bindir`)"),
    "install_tag": KeywordDoc("One install tag for every installed file instead of Meson's split.",
                              unset="Meson's split: `runtime` for the library, `devel` for the header, the `.pc` "
                                    "and the import library"),
    # Libraries
    "header": KeywordDoc("The generated header's file name (`'greet_go.h'`); `false` for none; or the project's "
                         "own header, `files('include/capi.h')`, installed and given to consumers instead of "
                         "cgo's."),
    "install_header": KeywordDoc("Install the header with the library.",
                                 unset="`true`; `false` in a Python package unless `header_install_dir` is given"),
    "header_install_dir": KeywordDoc("Where the header goes.", unset="`includedir`"),
    "pkgconfig": KeywordDoc("Write `NAME.pc` (installed with the library) and "
                            "`meson-uninstalled/NAME-uninstalled.pc`; `false` when `pkg.generate()` writes one of "
                            "the same name.", unset="`true`; `false` in a Python package"),
    # Shared libraries
    "version": KeywordDoc("`X`, `X.Y` or `X.Y.Z`: the file is `libNAME.so.X.Y.Z`.",
                          unset="no version: plain `libNAME.so`, or `libNAME.so.SOVERSION` with a `soversion`"),
    "soversion": KeywordDoc("The soname is `libNAME.so.SOVERSION`; it must be a leading part of `version`.",
                            unset="the major of `version`"),
    "darwin_versions": KeywordDoc("A macOS dylib's versions, as for Meson's `shared_library()`: one for both, "
                                  "or `[compatibility, current]`.", unset="the soversion for both"),
    "exports": KeywordDoc("What the library exports: `'api'`: the `//export` functions and the functions with "
                          "C linkage that the package's own C, C++ and assembly files define (never the cgo "
                          "runtime, C++-mangled names or the C code of imported packages); `'export'`: exactly the "
                          "`//export` functions; `'header'`: exactly the functions (and `extern` variables) that "
                          "the project's own header declares; `'all'`: no export list, so everything, ~50 cgo "
                          "runtime symbols too; a list of names: exactly those."),
    # Plugins
    "name_prefix": KeywordDoc("The file name's prefix; `''` gives `pam_gohello.so`.", unset="`lib`, as Meson's"),
    "name_suffix": KeywordDoc("The file name's suffix.", unset="`so` (`dll`, `dylib`), as Meson's"),
    # Python extension modules
    "subdir": KeywordDoc("The package directory inside Python's platlib, as for `py.extension_module()`; "
                         "not with `install_dir`."),
    "limited_api": KeywordDoc("A Python version such as `'3.8'`: the module is named `NAME.abi3.so` and "
                              "compiled with `Py_LIMITED_API`, as Meson does."),
    # Programs and tests
    "native": KeywordDoc("`true` builds it for the build machine: a generator that a `custom_target()` runs in "
                         "a cross build."),
    "cgo": KeywordDoc("`false` builds with `CGO_ENABLED=0`: a static binary with no C, which needs no C "
                      "compiler."),
    "modfile": KeywordDoc("The `go.mod` that pins a program of another module named by import path "
                          "(`golang.org/x/example/hello`); Go builds it in that file's directory.",
                          unset="the module of the `meson.build`'s directory"),
    "build_env": KeywordDoc("The environment of the Go commands that build the test binary (what the other "
                            "functions call `env`); " + _ENV_RULE + ". The test does not see it when it runs."),
    "depends": KeywordDoc("Targets built before the test runs, as for Meson's `test(depends:)`: e.g. a "
                          "`custom_target()` that writes a file the test reads."),
    "args": KeywordDoc("Arguments of the test binary, e.g. `['-test.run=TestAdd']`."),
    "suite": KeywordDoc("As for Meson's `test()`."),
    "timeout": KeywordDoc("Seconds, as for Meson's `test()`."),
    "is_parallel": KeywordDoc("As for Meson's `test()`."),
}

_NAME = PositionalDoc("name", "str", "The library's name: `libNAME.so`, `libNAME.a`, `libNAME.h`, `NAME.pc`.")
_SOURCES = PositionalDoc("sources", "str | file", "Files of the Go package's directory, or the directory itself, in a "
                         "Go module; several directories: several packages that are not `main`, in one library "
                         "(one Go runtime).", variadic=True)
_NOT_FOR_ARCHIVES = ("Refused: an archive has no soname and no dynamic exports (accepted only to say so).")
_NOT_FOR_MODULES = ("Refused: a host loads a module by its file name, and nothing links it (accepted only to say "
                    "so).")

# go.library() and go.both_libraries(): the shared library's keywords, which the static one ignores.
_SHARED_AND_STATIC = {
    "version": KeywordDoc("As for `go.shared_library()`; the static library ignores it.", unset="no version"),
    "soversion": KeywordDoc("As for `go.shared_library()`; the static library ignores it.",
                            unset="the major of `version`"),
    "exports": KeywordDoc("As for `go.shared_library()`; the static library has no exports."),
}

# A module's header and .pc are for those who ask; it is installed as a runtime file.
_MODULE_EXTRAS = {
    "install_tag": KeywordDoc("One install tag for every installed file.", unset="`runtime`"),
    "install_header": KeywordDoc("Install the header.", unset="`false`"),
    "pkgconfig": KeywordDoc("Write and install `NAME.pc`.", unset="`false`"),
}

FUNCTIONS: dict[str, Function] = {f.name: f for f in (
    Function(
        "shared_library", SHARED_LIBRARY_KWARGS, (_NAME, _SOURCES),
        "A C shared library built from Go: the `//export` functions of a `package main` (with an empty "
        "`func main()`), or of one or more packages that are not `main`. `go build -buildmode=c-archive` makes "
        "the Go part, `NAME-go.o` and the cgo header `libNAME.h`; Meson's own `shared_library()` links it with "
        "the export list; a check step checks the linked file and writes its link interface.",
        "What Meson's `shared_library()` returns, usable as Meson's: in `link_with:`, as an argument of `test()` "
        "and an input of `custom_target()`, in `pkg.generate()`; `go.dependency()` is the fuller way to use it."),
    Function(
        "static_library", STATIC_LIBRARY_KWARGS, (_NAME, _SOURCES),
        "The same Go part, archived by Meson's own `static_library()`: `libNAME.a` and `libNAME.h`. Meson's "
        "static library carries `threads` to every consumer, so `link_with:` alone links it; `go.dependency()` "
        "adds the packages' `#cgo LDFLAGS` (and the C++ runtime when a package has C++ files).",
        "What Meson's `static_library()` returns.",
        keywords={
            "version": KeywordDoc(_NOT_FOR_ARCHIVES), "soversion": KeywordDoc(_NOT_FOR_ARCHIVES),
            "darwin_versions": KeywordDoc(_NOT_FOR_ARCHIVES),
            "exports": KeywordDoc(_NOT_FOR_ARCHIVES + " Its default, `'api'`, is the only value accepted."),
            "ldflags": KeywordDoc("Go linker flags: Go's linker runs for an archive too, so "
                                  "`['-X', 'main.rev=' + rev]` stamps a variable. `-extldflags` is refused: an "
                                  "archive has no link of its own (give its consumers `link_args`)."),
            "install": KeywordDoc("Install the archive, its header and `NAME.pc`."),
            "install_dir": KeywordDoc("Where the archive and (under `pkgconfig/`) the `.pc` go.", unset="`libdir`"),
            "install_tag": KeywordDoc("One install tag for every installed file instead of Meson's split.",
                                      unset="Meson's split: `devel` for the archive, the header and the `.pc`"),
        }),
    Function(
        "library", SHARED_LIBRARY_KWARGS, (_NAME, _SOURCES),
        "As Meson's `library()`: a shared library, a static library or both, as the `default_library` option "
        "says (`shared` by default; `both` is `go.both_libraries()`).",
        "What Meson's `library()` returns.",
        keywords=_SHARED_AND_STATIC),
    Function(
        "both_libraries", SHARED_LIBRARY_KWARGS, (_NAME, _SOURCES),
        "As Meson's `both_libraries()`: a shared and a static library from one Go part (one `go build`, one "
        "header, one object, which Meson links into `libNAME.so.X.Y.Z` and archives into `libNAME.a`).",
        "Meson's both-libraries object: `get_shared_lib()` and `get_static_lib()` give each; `link_with:` and "
        "`go.dependency()` take the one Meson links by default (the shared one, unless Meson's "
        "`default_both_libraries` option says `static`).",
        keywords=_SHARED_AND_STATIC),
    Function(
        "shared_module", SHARED_MODULE_KWARGS, (PositionalDoc("name", "str", "The module's name: "
                                                              "`{name_prefix}{name}.{name_suffix}`."), _SOURCES),
        "A Go plugin: a shared object that a host program loads with `dlopen()` (a PAM module, a SQLite or "
        "PostgreSQL extension), with Meson's `shared_module()` semantics: no soname, no version, no symlinks, "
        "and linked without `-Wl,--no-undefined`, since the host provides some of its symbols. Nothing links it: "
        "in `link_with:` or `go.dependency()` it is an error. On musl it is a setup error (the Go runtime cannot "
        "be `dlopen()`ed there).",
        "What Meson's `shared_module()` returns: an argument of `test()` and an input of `custom_target()`.",
        keywords={
            "version": KeywordDoc(_NOT_FOR_MODULES), "soversion": KeywordDoc(_NOT_FOR_MODULES),
            "exports": KeywordDoc("As for `go.shared_library()`, but `'all'` is refused: it would export the cgo "
                                  "runtime into the host process."),
            "install": KeywordDoc("Install the module alone (the header and a `.pc` only when asked)."),
            "install_dir": KeywordDoc("Where the module goes, e.g. `get_option('libdir') / 'security'`.",
                                      unset="`libdir`"),
            "header": KeywordDoc("As for `go.shared_library()`; the generated header is "
                                 "`{name_prefix}{name}.h`, in the build dir."),
            **_MODULE_EXTRAS,
        }),
    Function(
        "extension_module",
        EXTENSION_MODULE_KWARGS,
        (PositionalDoc("py", "python_installation", "What `import('python').find_installation()` returns."),
         PositionalDoc("name", "str", "The module's name; the file gets that Python's extension suffix "
                       "(`_gohello.cpython-311-x86_64-linux-gnu.so`)."),
         _SOURCES),
        "A Python extension module written in Go, with `py.extension_module()` semantics: a `go.shared_module` "
        "named with the Python's extension suffix, installed into its platlib, with Python's headers from "
        "`py.dependency()` (unless `dependencies` has it), linked without libpython, exporting `PyInit_NAME` "
        "alone. The package's C file creates the module with the Python C API and calls the Go functions.",
        "What Meson's `shared_module()` returns.",
        keywords={
            "exports": KeywordDoc("As for `go.shared_module()`.", unset="`PyInit_NAME` alone, what Python's "
                                  "import looks up"),
            "install": KeywordDoc("Install the module alone, into the Python's platlib."),
            "install_dir": KeywordDoc("Where the module goes; not with `subdir`.",
                                      unset="the Python's platlib, and `subdir` in it"),
            "dependencies": KeywordDoc("As for the other functions; `py.dependency()` is added unless it is "
                                       "here."),
            **_MODULE_EXTRAS,
        }),
    Function(
        "executable", EXECUTABLE_KWARGS,
        (PositionalDoc("name", "str", "The program's name."),
         PositionalDoc("sources", "str | file", "Files of the `package main` directory, or the directory itself; "
                       "or the import path of a program of another module (`golang.org/x/example/hello`).",
                       variadic=True)),
        "A Go program (`package main` with a `func main()`, with or without cgo), built by `go build`, "
        "incremental like the libraries, hardened as Meson's own executables are (PIE as Meson's C programs, "
        "bound at start-up).",
        "A target usable as the program of `test()` (Meson ≥ 1.4), of `custom_target(command: …)` and "
        "`run_target(command: …)`.",
        keywords={
            "install": KeywordDoc("Install the program."),
            "install_dir": KeywordDoc("Where the program goes.", unset="`bindir`"),
            "install_tag": KeywordDoc("The program's install tag.", unset="`runtime`"),
        }),
    Function(
        "test", TEST_KWARGS,
        (PositionalDoc("name", "str", "The test's name in `meson test`."),
         PositionalDoc("sources", "str | file", "Files of the package's directory (with its `_test.go` files), or "
                       "the directory itself; the package need not be `main`.", variadic=True)),
        "The Go tests of a package as one Meson test: ninja builds the test binary with `go test -c`, and "
        "`meson test` runs it in the package directory (through the cross-file's `exe_wrapper` when there is "
        "one), its output turned into TAP: every Go test and subtest is a named sub-result.",
        "Nothing: the test is registered with Meson, as `test()` does.",
        keywords={
            "env": KeywordDoc("The test's run-time environment (a dict or `['K=V']`), as for Meson's "
                              "`test(env:)`: a change reconfigures, and builds nothing. The build's environment "
                              "is `build_env`."),
            "glibc_max": KeywordDoc("As for `go.executable()`.", unset="the machine file's `glibc_max` property, "
                                    "if any"),
        }),
    Function(
        "dependency", [],
        (PositionalDoc("library", "lib | both_libs", "What `go.shared_library()`, `go.static_library()`, "
                       "`go.library()` or `go.both_libraries()` returned (of both libraries, the one Meson links "
                       "by default; `get_shared_lib()` and `get_static_lib()` choose)."),),
        "A dependency for C/C++ targets: links the library, makes every compile of the consumer wait for the "
        "generated header and puts its directory on the include path. For a static library it also brings the "
        "`#cgo LDFLAGS` of every package in the archive (and the C++ runtime when a package has C++ files), read "
        "at build time. It carries what the library's own `dependencies` give a compile, since the header may "
        "include their headers. Anything else than a Go library (a Meson C library, a string, a Go program or "
        "module) is an error that says what to pass instead.",
        "A dependency object, for `dependencies:` of Meson's targets."),
)}
