"""What the Go toolchain says about itself and a package (`go env -json`, `go list -json`).

Parsing is pure; the functions that run `go` go through runner.py.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from . import runner
from .gocmd import FILE_FIELDS, TEST_FILE_FIELDS

MIN_GO = (1, 21)

GO_ENV_KEYS = ("GOVERSION", "GOROOT", "GOMODCACHE", "GOCACHE", "GOWORK", "GOHOSTOS", "GOHOSTARCH")


# Go 1.25 made DWARF 5 its default (GOEXPERIMENT=nodwarf5 turns it off).
DWARF5_DEFAULT_SINCE = (1, 25)


@dataclass(frozen=True)
class GoToolchain:
    path: str
    version: tuple[int, int]
    version_string: str
    env: Mapping[str, str]
    has_nodwarf5: bool = False    # writes DWARF 5 unless told GOEXPERIMENT=nodwarf5, which it knows
    has_bindnow: bool = False     # its linker takes -bindnow (BIND_NOW on internal and external links)


def parse_go_version(text: str) -> tuple[int, int] | None:
    """'go1.26.8' -> (1, 26); 'devel go1.27-abc' -> (1, 27)."""
    m = re.search(r"go(\d+)\.(\d+)", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def start_inspect_toolchain(go: str, env: Mapping[str, str]) -> Callable[[], GoToolchain]:
    """Ask Go about itself: the questions start now; the function returned waits for the answers
    (so that the caller can go on meanwhile) and raises ConfigError or CommandError as they say."""
    # Three independent questions, asked at once: each Go process takes ~10-20 ms to start.
    facts_proc = runner.start([go, "env", "-json", *GO_ENV_KEYS], env)
    # Does this Go still know the experiment? (it says no at once; asked of Go >= 1.25 only)
    dwarf_proc = runner.start([go, "env", "GOEXPERIMENT"], {**env, "GOEXPERIMENT": "nodwarf5"})
    # The linker lists its flags on -help (and exits 2): asked rather than assumed from the version.
    link_proc = runner.start([go, "tool", "link", "-help"], env)

    def answer() -> GoToolchain:
        try:
            out = runner.finish(facts_proc, what="asking Go about itself")[1]
        finally:
            dwarf_code = runner.finish(dwarf_proc, check=False)[0]
            usage = runner.finish(link_proc, check=False)[2]
        return _toolchain(go, json.loads(out), dwarf_code, usage)
    return answer


def _toolchain(go: str, facts: dict[str, str], dwarf_code: int, link_usage: str) -> GoToolchain:
    version = parse_go_version(facts.get("GOVERSION", ""))
    if version is None:
        raise ConfigError(f"cannot read the version of {go} (go env GOVERSION says {facts.get('GOVERSION')!r})")
    if version < MIN_GO:
        need = f"{MIN_GO[0]}.{MIN_GO[1]}"
        raise ConfigError(f"{go} is {facts['GOVERSION']}, mesongo needs Go >= {need}: install a newer Go "
                          f"(on Debian 12, golang-{need} or newer from bookworm-backports, which installs "
                          f"/usr/lib/go-{need}/bin/go) and put it first on PATH, or name it with "
                          "`go = '/path/to/go'` in the [binaries] of a native or cross file")
    has_nodwarf5 = version >= DWARF5_DEFAULT_SINCE and dwarf_code == 0
    has_bindnow = re.search(r"^\s*-bindnow\b", link_usage, re.M) is not None
    return GoToolchain(go, version, facts["GOVERSION"], facts, has_nodwarf5, has_bindnow)


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


@dataclass(frozen=True)
class Package:
    """One package as `go list -json` describes it (the fields of gocmd.LIST_FIELDS)."""

    dir: str
    import_path: str
    name: str
    standard: bool
    files: dict[str, tuple[str, ...]]        # FILE_FIELDS -> names inside dir
    module_gomod: str | None
    module_path: str | None
    module_version: str | None
    cgo_cflags: tuple[str, ...]
    cgo_ldflags: tuple[str, ...]
    error: str | None
    deps_errors: tuple[str, ...]
    cgo_cppflags: tuple[str, ...] = ()
    cgo_pkgconfig: tuple[str, ...] = ()
    dep_only: bool = False                   # go list -deps: a dependency, not a package asked about
    deps: tuple[str, ...] = ()               # the import paths it needs, directly or not (when listed)

    @property
    def cgo_files(self) -> tuple[str, ...]:
        return self.files.get("CgoFiles", ())

    @property
    def go_files(self) -> tuple[str, ...]:
        return self.files.get("GoFiles", ())

    @property
    def cxx_files(self) -> tuple[str, ...]:
        return self.files.get("CXXFiles", ())

    @property
    def own_c_files(self) -> tuple[str, ...]:
        """The package's own non-Go source files in the order cgo compiles them (SFiles, CFiles,
        MFiles, CXXFiles, FFiles): what its C API functions may be written in."""
        return tuple(f for fld in ("SFiles", "CFiles", "MFiles", "CXXFiles", "FFiles") for f in self.files.get(fld, ()))

    @property
    def include_dirs(self) -> tuple[str, ...]:
        """The -I directories of its `#cgo CFLAGS` (go list expands ${SRCDIR})."""
        dirs: list[str] = []
        flags = list(self.cgo_cflags)
        for i, flag in enumerate(flags):
            if flag == "-I" and i + 1 < len(flags):
                dirs.append(flags[i + 1])
            elif flag.startswith("-I") and len(flag) > 2:
                dirs.append(flag[2:])
        return tuple(os.path.normpath(os.path.join(self.dir, d)) for d in dirs)


def _package(obj: Mapping[str, Any]) -> Package:
    module = obj.get("Module") or {}
    return Package(
        dir=obj.get("Dir") or "", import_path=obj.get("ImportPath") or "", name=obj.get("Name") or "",
        standard=bool(obj.get("Standard")),
        files={fld: tuple(obj.get(fld) or ()) for fld in (*FILE_FIELDS, *TEST_FILE_FIELDS) if obj.get(fld)},
        module_gomod=module.get("GoMod"), module_path=module.get("Path"), module_version=module.get("Version"),
        cgo_cflags=tuple(obj.get("CgoCFLAGS") or ()),
        cgo_ldflags=tuple(obj.get("CgoLDFLAGS") or ()), error=((obj.get("Error") or {}).get("Err") or None),
        deps_errors=tuple(str(e.get("Err", "")) for e in obj.get("DepsErrors") or ()),
        cgo_cppflags=tuple(obj.get("CgoCPPFLAGS") or ()), cgo_pkgconfig=tuple(obj.get("CgoPkgConfig") or ()),
        dep_only=bool(obj.get("DepOnly")), deps=tuple(obj.get("Deps") or ()),
    )


def parse_packages(text: str) -> list[Package]:
    return [_package(obj) for obj in parse_json_stream(text)]


def dependency_files(packages: Sequence[Package], go_env: Mapping[str, str], tests: bool = False) -> list[str]:
    """Every file whose change (or whose directory's change) must rebuild the library.

    Standard-library packages are covered by the go binary itself; packages in the module cache
    are immutable (their version, hence go.sum, changes instead).
    """
    modcache = go_env.get("GOMODCACHE") or ""
    files: dict[str, None] = {}
    module_dirs: dict[str, None] = {}
    for pkg in packages:
        if pkg.standard or not pkg.dir or (modcache and pkg.dir.startswith(modcache + os.sep)):
            continue
        files[pkg.dir] = None   # a new or removed file changes the directory's mtime
        for field, names in pkg.files.items():
            if field in TEST_FILE_FIELDS and not tests:
                continue
            for name in names:
                files[os.path.join(pkg.dir, name)] = None
        gomod = pkg.module_gomod
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


# Link flags whose value is the next argument (Apple's linker): kept with it when flags are merged.
FLAGS_WITH_VALUE = frozenset({"-framework", "-weak_framework", "-needed_framework"})


def cgo_link_flags(packages: Sequence[Package]) -> list[str]:
    """The union of `#cgo LDFLAGS` of a package and its deps: what a c-archive's user must link
    (`-framework NAME` is one flag of two arguments)."""
    flags: dict[tuple[str, ...], None] = {}
    for pkg in packages:
        args = iter(pkg.cgo_ldflags)
        for flag in args:
            flags[(flag, next(args, "")) if flag in FLAGS_WITH_VALUE else (flag,)] = None
    return [arg for flag in flags for arg in flag]


DistTargets = dict[str, dict[tuple[str, str], bool]]   # go binary -> (GOOS, GOARCH) -> cgo supported


def check_target(toolchain: GoToolchain, env: Mapping[str, str], goos: str, goarch: str,
                 known: DistTargets, cgo: bool = True) -> None:
    """Refuse a GOOS/GOARCH pair this Go cannot build for, or cannot build cgo for when the
    target has cgo (`go tool dist list -json`, asked only for cross builds, once per go binary
    in `known`: it takes ~0.2 s)."""
    if (goos, goarch) == (toolchain.env.get("GOHOSTOS"), toolchain.env.get("GOHOSTARCH")):
        return
    if toolchain.path not in known:
        out = runner.run([toolchain.path, "tool", "dist", "list", "-json"], env, what="go tool dist list")
        known[toolchain.path] = {(t["GOOS"], t["GOARCH"]): bool(t.get("CgoSupported")) for t in json.loads(out)}
    targets = known[toolchain.path]
    if (goos, goarch) not in targets:
        raise ConfigError(f"{toolchain.version_string} cannot build for {goos}/{goarch} (go tool dist list): "
                          "check the host machine in the cross file, or set go_os/go_arch in its [properties]")
    if cgo and not targets[(goos, goarch)]:
        raise ConfigError(f"{toolchain.version_string} has no cgo for {goos}/{goarch}, and the target is built with "
                          "cgo: choose a host machine that Go supports with cgo (go tool dist list -json shows "
                          "CgoSupported), or, for a program or Go test without C, give it cgo: false")
