"""The keyword arguments of go.shared_library()/static_library(): their types for mypy
(TargetKwargs) and for Meson (KwargInfo, with validators that return an error string)."""

from __future__ import annotations

import re
import typing as T

from mesonbuild.interpreterbase import ContainerTypeInfo, KwargInfo

from ..plan import naming

NoneType = type(None)


class TargetKwargs(T.TypedDict):
    install: bool
    install_dir: str | None
    install_tag: str | None
    build_by_default: bool
    header: str | bool
    install_header: bool | None        # None: by where the library is installed (module.py, _resolved)
    header_install_dir: str | None
    pkgconfig: bool | None
    tags: list[str]
    ldflags: list[str]
    go_args: list[str]
    env: dict[str, str]
    glibc_max: str | None
    version: str | None
    soversion: str | None
    exports: str | list[str]
    dependencies: list[T.Any]
    link_with: list[T.Any]
    native: bool
    # go.test() only
    args: list[str]
    suite: list[str]
    timeout: int
    is_parallel: bool


# What go.executable()/go.test() leave out of TargetKwargs: the library-only keywords' values
# for a program (no header, no soname, no .pc), and go.test()'s for the others.
PROGRAM_DEFAULTS: dict[str, object] = {
    "version": None, "soversion": None, "exports": "api", "header": False, "install_header": False,
    "header_install_dir": None, "pkgconfig": False, "args": [], "suite": [], "timeout": 30,
    "is_parallel": True, "native": False,
}


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
        return None if value in ("api", "export", "all") else (
            "exports must be 'api' (the //export functions and the C functions of the package's own C/C++ "
            f"files), 'export' (the //export functions), 'all' (Go's default) or a list of names, not {value!r}")
    bad = [name for name in value if not name.isidentifier()]
    if not value or bad:
        return f"exports names C symbols: {bad[0]!r} is not one" if bad else "exports must not be an empty list"
    return None


def _check_header(value: str | bool) -> str | None:
    if isinstance(value, bool):
        return None
    return naming.check_header_name(value)


def check_glibc_max(value: str | None) -> str | None:
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


COMMON_KWARGS: list[KwargInfo] = [
    KwargInfo("install", bool, default=False),
    KwargInfo("install_dir", (str, NoneType)),
    KwargInfo("install_tag", (str, NoneType)),
    KwargInfo("build_by_default", bool, default=True),
    KwargInfo("header", (str, bool), default=True, validator=_check_header),
    KwargInfo("install_header", (bool, NoneType)),
    KwargInfo("header_install_dir", (str, NoneType)),
    KwargInfo("pkgconfig", (bool, NoneType)),
    KwargInfo("tags", ContainerTypeInfo(list, str), listify=True, default=[],
              validator=_check_nonempty_str_list("tags")),
    KwargInfo("ldflags", ContainerTypeInfo(list, str), listify=True, default=[]),
    KwargInfo("go_args", ContainerTypeInfo(list, str), listify=True, default=[]),
    KwargInfo("env", (ContainerTypeInfo(dict, str), ContainerTypeInfo(list, str)), default={},
              validator=_check_env, convertor=_env_to_dict),
    KwargInfo("glibc_max", (str, NoneType), validator=check_glibc_max),
    KwargInfo("dependencies", ContainerTypeInfo(list, object), listify=True, default=[]),
    KwargInfo("link_with", ContainerTypeInfo(list, object), listify=True, default=[]),
]
_LIBRARY_ONLY = ("header", "install_header", "header_install_dir", "pkgconfig")
PROGRAM_KWARGS: list[KwargInfo] = [
    *(k for k in COMMON_KWARGS if k.name not in _LIBRARY_ONLY),
    KwargInfo("native", bool, default=False),
]
TEST_KWARGS: list[KwargInfo] = [
    *(k for k in COMMON_KWARGS if k.name not in (*_LIBRARY_ONLY, "install", "install_dir", "install_tag")),
    KwargInfo("args", ContainerTypeInfo(list, str), listify=True, default=[]),
    KwargInfo("suite", ContainerTypeInfo(list, str), listify=True, default=[]),
    KwargInfo("timeout", int, default=30),
    KwargInfo("is_parallel", bool, default=True),
]
SHARED_KWARGS: list[KwargInfo] = [
    *COMMON_KWARGS,
    KwargInfo("version", (str, NoneType), validator=_check_version),
    KwargInfo("soversion", (str, int, NoneType), validator=_check_soversion,
              convertor=lambda v: None if v is None else str(v)),
    KwargInfo("exports", (str, ContainerTypeInfo(list, str)), default="api", validator=_check_exports),
]
