"""Facts that only Go's parser knows: syntax errors, func main, //export functions.

`go list` reads only a file's package clause and imports, so it neither sees a syntax error in a
function body nor knows which functions carry `//export`. goscan/main.go asks go/parser; it is
built once per build directory (and Go version) with the user's Go, for the build machine.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import runner
from .gocmd import build_environment

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "goscan", "main.go")


@dataclass(frozen=True)
class Forbidden:
    """A result (or parameter) of an //export function whose Go type C may not hold (cgo's
    pointer-passing rules; goscan/main.go forbiddenTypes says which)."""

    result: bool      # a result, else a parameter
    index: int        # 1-based among the results (or parameters)
    name: str         # its name, or ""
    kind: str         # string, slice, map, chan, func, interface, pointer
    type: str         # as written
    pos: str          # file:line:col of the type


@dataclass(frozen=True)
class Export:
    name: str
    pos: str          # file:line
    forbidden: tuple[Forbidden, ...] = ()


@dataclass(frozen=True)
class ScannedPackage:
    dir: str
    name: str
    func_main: bool
    exports: tuple[Export, ...]
    errors: tuple[str, ...]   # file:line:col: message


def scanner_dir(gocache: str | None, build_root: str) -> str:
    """Where the scanner binary lives: beside Go's build cache, so that a new build dir does not
    link it again (~150 ms); in the build dir when Go has no cache directory to share."""
    if gocache and os.path.isabs(gocache) and os.path.isdir(gocache) and os.access(gocache, os.W_OK):
        return os.path.join(gocache, "mesongo")
    return os.path.join(build_root, "meson-private", "mesongo")


def build_scanner(go: str, go_version: str, inherited: Mapping[str, str], dest_dir: str) -> str:
    """The goscan binary for this Go, built if it is not there yet; returns its path."""
    with open(SOURCE, "rb") as f:
        key = hashlib.sha256(f.read() + go_version.encode()).hexdigest()[:16]
    binary = os.path.join(dest_dir, f"goscan-{key}")
    if os.path.exists(binary):
        return binary
    os.makedirs(dest_dir, exist_ok=True)
    # For the build machine, whatever the cross-file says; no cgo, no workspace, no GOFLAGS.
    env = build_environment(inherited, {"CGO_ENABLED": "0", "GOFLAGS": "", "GOTOOLCHAIN": "local",
                                        "GOWORK": "off", "GO111MODULE": "on"})
    tmp = f"{binary}.{os.getpid()}.tmp"   # two setups at once each write their own, then rename
    runner.run([go, "build", "-trimpath", "-o", tmp, SOURCE], env, cwd=dest_dir,
               what="building mesongo's Go source scanner")
    os.replace(tmp, binary)
    return binary


def parse_scan(text: str) -> list[ScannedPackage]:
    return [ScannedPackage(dir=p["dir"], name=p["name"], func_main=bool(p["func_main"]),
                           exports=tuple(Export(e["name"], e["pos"], tuple(Forbidden(**f) for f in e["forbidden"]))
                                         for e in p["exports"]),
                           errors=tuple(p["errors"]))
            for p in json.loads(text)]


def scan_argv(binary: str, packages: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    argv = [binary]
    for i, (pdir, files) in enumerate(packages):
        argv += (["--"] if i else []) + [pdir, *files]
    return argv
