"""What the Go toolchain says about itself and a package (`go env -json`, `go list -json`).

Parsing is pure; the two functions that run `go` go through runner.py.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import runner
from .errors import CommandError, ConfigError
from .gocmd import FILE_FIELDS, list_argv

MIN_GO = (1, 21)

GO_ENV_KEYS = ("GOVERSION", "GOROOT", "GOMODCACHE", "GOWORK", "GOHOSTOS", "GOHOSTARCH")


@dataclass(frozen=True)
class GoToolchain:
    path: str
    version: tuple[int, int]
    version_string: str
    env: Mapping[str, str]


def parse_go_version(text: str) -> tuple[int, int] | None:
    """'go1.26.8' -> (1, 26); 'devel go1.27-abc' -> (1, 27)."""
    m = re.search(r"go(\d+)\.(\d+)", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def inspect_toolchain(go: str, env: Mapping[str, str]) -> GoToolchain:
    out = runner.run([go, "env", "-json", *GO_ENV_KEYS], env, what="asking Go about itself")
    facts = json.loads(out)
    version = parse_go_version(facts.get("GOVERSION", ""))
    if version is None:
        raise ConfigError(f"cannot read the version of {go} (go env GOVERSION says {facts.get('GOVERSION')!r})")
    if version < MIN_GO:
        raise ConfigError(f"{go} is {facts['GOVERSION']}, mesongo needs Go >= {MIN_GO[0]}.{MIN_GO[1]}: "
                          "install a newer Go or point [binaries] go in a machine file at one")
    return GoToolchain(go, version, facts["GOVERSION"], facts)


def parse_json_stream(text: str) -> Iterator[dict[str, Any]]:
    """`go list -json` prints one JSON object after another, not a list."""
    decoder = json.JSONDecoder()
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            return
        obj, pos = decoder.raw_decode(text, pos)
        yield obj


def list_packages(go: str, env: Mapping[str, str], package_dir: str, build_args: Sequence[str],
                  deps: bool) -> list[dict[str, Any]]:
    argv = list_argv(go, build_args, deps, report_errors=True)
    # With -e, go list describes a broken package in its Error field but may still exit 1.
    packages = list(parse_json_stream(runner.run(argv, env, cwd=package_dir, check=False)))
    if not packages:   # Go could not even start looking (no go.mod, a bad go.work, ...)
        try:
            runner.run(argv, env, cwd=package_dir)
        except CommandError as exc:
            raise ConfigError(f"Go cannot load the package in {package_dir}: {exc.stderr.strip()}") from None
        raise ConfigError(f"go list printed nothing for {package_dir}")
    return packages


def dependency_files(packages: Sequence[Mapping[str, Any]], go_env: Mapping[str, str]) -> list[str]:
    """Every file whose change (or whose directory's change) must rebuild the library.

    Standard-library packages are covered by the go binary itself; packages in the module cache
    are immutable (their version, hence go.sum, changes instead).
    """
    modcache = go_env.get("GOMODCACHE") or ""
    files: dict[str, None] = {}
    module_dirs: dict[str, None] = {}
    for pkg in packages:
        if pkg.get("Standard"):
            continue
        pdir = pkg.get("Dir") or ""
        if not pdir or (modcache and pdir.startswith(modcache + os.sep)):
            continue
        files[pdir] = None   # a new or removed file changes the directory's mtime
        for fld in FILE_FIELDS:
            for name in pkg.get(fld) or ():
                files[os.path.join(pdir, name)] = None
        module = pkg.get("Module") or {}
        gomod = module.get("GoMod")
        if gomod and not (modcache and gomod.startswith(modcache + os.sep)):
            module_dirs[os.path.dirname(gomod)] = None
            files[gomod] = None
    for mdir in module_dirs:
        for extra in ("go.sum", os.path.join("vendor", "modules.txt")):
            path = os.path.join(mdir, extra)
            if os.path.exists(path):
                files[path] = None
    gowork = go_env.get("GOWORK") or ""
    if gowork and gowork != "off":
        files[gowork] = None
        if os.path.exists(gowork + ".sum"):
            files[gowork + ".sum"] = None
    return list(files)


def cgo_link_flags(packages: Sequence[Mapping[str, Any]]) -> list[str]:
    """The union of `#cgo LDFLAGS` of a package and its deps: what a c-archive's user must link."""
    flags: dict[str, None] = {}
    for pkg in packages:
        for flag in pkg.get("CgoLDFLAGS") or ():
            flags[flag] = None
    return list(flags)


def check_target(toolchain: GoToolchain, env: Mapping[str, str], goos: str, goarch: str) -> None:
    """Refuse a GOOS/GOARCH pair this Go cannot build for, or cannot build cgo for
    (`go tool dist list -json`, asked only for cross builds: it takes ~0.2 s)."""
    if (goos, goarch) == (toolchain.env.get("GOHOSTOS"), toolchain.env.get("GOHOSTARCH")):
        return
    if toolchain.path not in _DIST_TARGETS:
        out = runner.run([toolchain.path, "tool", "dist", "list", "-json"], env, what="go tool dist list")
        _DIST_TARGETS[toolchain.path] = {(t["GOOS"], t["GOARCH"]): bool(t.get("CgoSupported"))
                                         for t in json.loads(out)}
    targets = _DIST_TARGETS[toolchain.path]
    if (goos, goarch) not in targets:
        raise ConfigError(f"{toolchain.version_string} cannot build for {goos}/{goarch} (go tool dist list): "
                          "check the host machine in the cross file, or set go_os/go_arch in its [properties]")
    if not targets[(goos, goarch)]:
        raise ConfigError(f"{toolchain.version_string} has no cgo for {goos}/{goarch}, and a C library made from "
                          "Go needs cgo: choose a host machine that Go supports with cgo (go tool dist list -json "
                          "shows CgoSupported)")


_DIST_TARGETS: dict[str, dict[tuple[str, str], bool]] = {}
