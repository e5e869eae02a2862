"""Asking pkg-config what cgo's `#cgo pkg-config:` lines name (plan/pkgconfig.py says where it
looks): which .pc file a name resolves to, and the link flags of a package's names."""

from __future__ import annotations

import os

from . import runner
from .gocmd import split_args

# typing.TYPE_CHECKING without importing typing or collections.abc: the build step imports this.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


def package_names(cgo_pkgconfig: Sequence[str]) -> tuple[list[str], list[str]]:
    """A package's CgoPkgConfig (go list) -> (pkg-config options, package names), split as cgo
    splits them: options start with --."""
    options = [a for a in cgo_pkgconfig if a.startswith("--") and a != "--"]
    names = [a for a in cgo_pkgconfig if not a.startswith("-")]
    return options, names


def split_output(text: str) -> list[str]:
    """pkg-config's output as arguments (cgo splits it with shell-like quoting)."""
    import shlex

    try:
        return shlex.split(text)
    except ValueError:
        return split_args(text)


def resolve(names: Sequence[str], env: Mapping[str, str]) -> dict[str, str | None]:
    """Each name -> the .pc file pkg-config ($PKG_CONFIG of `env`) reads for it, None when it
    finds none. pkgconf says it (--path, one call for all); the freedesktop pkg-config, which has
    no --path, says the directory (--variable=pcfiledir)."""
    program = env.get("PKG_CONFIG") or "pkg-config"
    if not names:
        return {}
    code, out, _err = runner.run_full([program, "--path", *names], env, check=False)
    lines = out.splitlines()
    if code == 0 and len(lines) == len(names):
        return dict(zip(names, lines, strict=True))
    found: dict[str, str | None] = {}
    for name in names:
        code, out, _err = runner.run_full([program, "--path", name], env, check=False)
        if code == 0 and out.strip():
            found[name] = out.strip()
            continue
        code, out, _err = runner.run_full([program, "--variable=pcfiledir", name], env, check=False)
        pcdir = out.strip()
        if code != 0 or not pcdir:
            found[name] = None
            continue
        candidates = [os.path.join(pcdir, f"{name}-uninstalled.pc"), os.path.join(pcdir, f"{name}.pc")]
        found[name] = next((c for c in candidates if os.path.isfile(c)), candidates[-1])
    return found


def link_flags(cgo_pkgconfig: Sequence[Sequence[str]], env: Mapping[str, str], what: str) -> list[str]:
    """`pkg-config --libs` of the `#cgo pkg-config:` lines of the packages (go list's
    CgoPkgConfig of each), asked as cgo asks (the line's --options, then `--` and the names),
    once per set of options (pkg-config names a library once per call)."""
    by_options: dict[tuple[str, ...], dict[str, None]] = {}
    for line in cgo_pkgconfig:
        line_options, line_names = package_names(line)
        by_options.setdefault(tuple(line_options), {}).update(dict.fromkeys(line_names))
    program = env.get("PKG_CONFIG") or "pkg-config"
    flags: list[str] = []
    for options, named in by_options.items():
        if named:
            flags += split_output(runner.run([program, "--libs", *options, "--", *named], env, what=what))
    return flags
