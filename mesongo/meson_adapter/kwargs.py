"""The keyword arguments of each mesongo function: one TypedDict per function for mypy, and the
KwargInfo lists Meson's typed_kwargs checks them with (validators return an error string). The
KwargInfos that several functions take are shared."""

from __future__ import annotations

import typing as T

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
