"""What Go says about the targets' packages at `meson setup`: `go list -deps` of the package
directories (with `go env GOWORK` beside it), then goscan (tree-sitter) on the files go list chose.

The targets of one Go module that list alike (same go, environment and build flags) are asked
about together (facts_of_targets): one go list, one go env and one goscan for all of them. A
target whose packages do not load cleanly that way is asked about alone (package_facts), so that
what it reports, fetches and says is exactly what it would be for that target alone."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import ConfigError, MesongoError
from . import goscan, runner
from .gocmd import NO_GO_MOD, list_argv
from .gofacts import Package, parse_packages

OFFLINE = "GOPROXY=off"   # how Go says that it would have had to fetch a module
# How Go announces a module whose source it fetches into the module cache, one line each on stderr
# (cmd/go/internal/modfetch, "go: downloading PATH VERSION"), only when it is not there already.
DOWNLOADING = "go: downloading "


@dataclass(frozen=True)
class PackageFacts:
    packages: list[Package]                  # `go list -deps` order: every package of the build
    listed: tuple[Package, ...]              # the target's own packages, in the order of its sources
    scans: tuple[goscan.ScannedPackage, ...]   # what goscan says of each listed package
    pinned: dict[str, str]                   # settings fixed at setup, e.g. which go.work is in force
    # module@version of each module whose source Go downloaded while answering for this target
    # (sorted): targets are asked in order, so a module fetched for an earlier one is not here.
    fetched: tuple[str, ...] = ()
    # A target without cgo (CGO_ENABLED=0): the packages of its build that Go left files out of,
    # as a build with cgo lists them, and goscan's view of their cgo files (cgo_view()).
    with_cgo: tuple[Package, ...] = ()
    cgo_scans: tuple[goscan.ScannedPackage, ...] = ()
    # A package named by import path: the go.mod of the module Go resolved it in (`go env GOMOD`
    # where it ran; None: in no module).
    module_file: str | None = None

    @property
    def package(self) -> Package:
        """The first listed package: where Go runs."""
        return self.listed[0]


class ModulesNotFetched(ConfigError):
    """The package needs modules that are neither vendored nor in the module cache, and fetching
    them is not allowed."""


def downloaded_modules(stderr: str) -> tuple[str, ...]:
    """module@version of every module Go said it downloaded, sorted. That is each module whose
    source (its zip) came in: the build's indirect modules too, and those Go only had to look into
    to find which module provides an import. The go.mod files Go fetches silently to build the
    module graph bring no source and are not counted. Read from Go's stderr, not worked out from
    what go list loaded: offline, go list cannot see what a missing package imports."""
    fetched: set[str] = set()
    for line in stderr.splitlines():
        fields = line[len(DOWNLOADING):].split() if line.startswith(DOWNLOADING) else []
        # Not "go: downloading go1.N (os/arch)", a toolchain: GOTOOLCHAIN=local never fetches one.
        if len(fields) == 2 and fields[1].startswith("v"):
            fetched.add(f"{fields[0]}@{fields[1]}")
    return tuple(sorted(fetched))


def _listed(packages: Sequence[Package], package_dirs: Sequence[str], import_path: str | None = None
            ) -> tuple[Package, ...]:
    """The packages go list was asked about, in the order asked: those that are not only
    dependencies (DepOnly), by directory, or by the path given when Go could not load one; or
    the one package named by `import_path`."""
    roots = [p for p in packages if not p.dep_only]
    if import_path is not None:
        match = next((p for p in roots if p.import_path == import_path), None)
        return (match or _unlisted(import_path),)
    found: list[Package] = []
    for package_dir in package_dirs:
        asked = "." if len(package_dirs) == 1 else package_dir
        match = next((p for p in roots if p.dir == package_dir or p.import_path in (asked, package_dir)), None)
        if match is None and len(package_dirs) == 1 and len(roots) == 1:
            match = roots[0]
        found.append(match or _unlisted(package_dir))
    return tuple(found)


def _unlisted(asked: str) -> Package:
    return Package(dir="", import_path=asked, name="", standard=False, files={}, module_gomod=None, module_path=None,
                   module_version=None, cgo_cflags=(), cgo_ldflags=(), error=f"go list said nothing of {asked}",
                   deps_errors=())


def _outside_any_module(go: str, env: Mapping[str, str], package_dirs: Sequence[str], build_args: Sequence[str],
                        no_module: str) -> list[Package]:
    """The package directories as Go describes them outside any module (GOPATH mode), which it
    still does: a directory with no Go files for this build keeps Go's "no Go files" error, every
    other one gets `no_module`, Go's "go.mod file not found" (packagecheck.check_in_module)."""
    tags = [a for a in build_args if a.startswith("-tags")]
    # GOPATH mode takes a directory outside GOPATH by a relative path only ("cannot import absolute path").
    relative = [os.path.relpath(d, package_dirs[0]) for d in package_dirs]
    argv = list_argv(go, tags, deps=False, report_errors=True,
                     packages=[r if r.startswith(os.curdir) else os.path.join(os.curdir, r) for r in relative])
    out = runner.run_full(argv, {**env, "GO111MODULE": "off", "GOFLAGS": ""}, cwd=package_dirs[0], check=False)[1]
    return [dataclasses.replace(p, error=p.error if p.error and "no Go files" in p.error else no_module,
                                dep_only=False)
            for p in parse_packages(out)]


def without_cgo(env: Mapping[str, str]) -> bool:
    """The target is built with CGO_ENABLED=0 (cgo: false)."""
    return env.get("CGO_ENABLED") == "0"


def cgo_view(go: str, env: Mapping[str, str], packages: Sequence[Package], build_args: Sequence[str],
             gofmt: str | None, cwd: str) -> tuple[tuple[Package, ...], tuple[goscan.ScannedPackage, ...]]:
    """For a build without cgo: the packages (not the standard library's) that Go left files out
    of, as Go lists them with CGO_ENABLED=1, and goscan's view of their cgo files. Go leaves out a
    file that imports "C" when cgo is off, as it leaves out a file of another system or for other
    tags, and says nothing of why (IgnoredGoFiles): the listing with cgo tells which of them are
    cgo files (CgoFiles) and which files a build with cgo leaves out (a //go:build !cgo variant).
    Nothing is asked when no package has files left out, the usual case."""
    left_out = [p for p in packages if not p.standard and p.files.get("IgnoredGoFiles")]
    if not left_out:
        return (), ()
    argv = list_argv(go, build_args, report_errors=True, deps=False,
                     packages=list(dict.fromkeys(p.import_path for p in left_out)))
    out = runner.run_full(argv, {**env, "CGO_ENABLED": "1", "GOPROXY": "off"}, cwd=cwd, check=False)[1]
    listed = [p for p in parse_packages(out) if p.cgo_files and p.dir]
    scans = goscan.scan_packages([(p.dir, p.cgo_files) for p in listed], gofmt, env) if listed else []
    return tuple(listed), tuple(scans)


def _with_cgo_view(facts: PackageFacts, go: str, env: Mapping[str, str], build_args: Sequence[str],
                   gofmt: str | None, cwd: str) -> PackageFacts:
    if not without_cgo(env):
        return facts
    with_cgo, scans = cgo_view(go, env, facts.packages, build_args, gofmt, cwd)
    return dataclasses.replace(facts, with_cgo=with_cgo, cgo_scans=scans)


def package_facts(go: str, env: Mapping[str, str], package_dirs: Sequence[str], build_args: Sequence[str],
                  gofmt: str, pin_gowork: bool, may_fetch: bool, import_path: str | None = None) -> PackageFacts:
    """`go list -deps` of `package_dirs` (run in the first), or of the package `import_path` in
    the module of the one directory given (with `go env GOMOD` there), first without the network
    (GOPROXY=off): the usual case, everything at hand. If Go would have to fetch modules, it is
    asked again with the network when `may_fetch` (Meson's --wrap-mode allows downloads);
    `fetched` then names what came in (what Go says it downloaded: the offline run's own
    "downloading" lines are attempts that failed). ninja never fetches: the build plan runs Go with
    GOPROXY=off. goscan then reads the listed packages' Go files."""
    first = package_dirs[0]
    where = f" {import_path}" if import_path is not None else f" in {first}" if len(package_dirs) == 1 \
        else f"s in {', '.join(package_dirs)}"
    # Which go.work is in force is fixed at setup: a go.work added later is picked up by a
    # reconfigure, not silently by a rebuild. go list finds the same one on its own meanwhile.
    gowork = runner.start([go, "env", "GOWORK"], env, cwd=first) if pin_gowork else None
    gomod = runner.start([go, "env", "GOMOD"], env, cwd=first) if import_path is not None else None
    argv = list_argv(go, build_args, deps=True, report_errors=True,
                     packages=[import_path] if import_path is not None else ["."] if len(package_dirs) == 1
                     else package_dirs)
    # With -e, go list describes a broken package in its Error field but may still exit 1.
    code, out, err = runner.run_full(argv, {**env, "GOPROXY": "off"}, cwd=first, check=False)
    packages = parse_packages(out)
    missing = [p.import_path for p in packages if p.error and OFFLINE in p.error]
    fetched: tuple[str, ...] = ()
    if missing or (not packages and OFFLINE in err):
        if not may_fetch:
            what = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            raise ModulesNotFetched(
                f"the package{where} needs Go modules that are neither vendored nor in the module cache "
                f"({what or err.strip()}), and --wrap-mode=nodownload forbids fetching them: vendor them with "
                "`go mod vendor` in the module's directory (or fetch them with `go mod download` before meson setup)")
        code, out, err = runner.run_full(argv, env, cwd=first, check=False)
        packages = parse_packages(out)
        fetched = downloaded_modules(err)
    pinned: dict[str, str] = {}
    if gowork is not None:
        pinned["GOWORK"] = runner.finish(gowork, what="go env GOWORK")[1].strip() or "off"
    module_file: str | None = None
    if gomod is not None:   # outside any module Go says /dev/null (NUL on Windows)
        found_gomod = runner.finish(gomod, what="go env GOMOD")[1].strip()
        module_file = found_gomod if os.path.isabs(found_gomod) and os.path.isfile(found_gomod) else None
    if not packages and NO_GO_MOD in err and import_path is None:
        packages = _outside_any_module(go, env, package_dirs, build_args, err.strip())
    if not packages:   # Go could not even start looking (a bad go.work, ...)
        raise ConfigError(f"Go cannot load the package{where}: "
                          f"{err.strip() or f'go list printed nothing (exit code {code})'}")
    listed = _listed(packages, [os.path.normpath(d) for d in package_dirs], import_path)
    readable = [p for p in listed if p.dir and not p.error]
    scanned = goscan.scan_packages([(p.dir, [*p.go_files, *p.cgo_files]) for p in readable], gofmt, env)
    by_package = {id(p): s for p, s in zip(readable, scanned, strict=True)}
    scans = tuple(by_package.get(id(p)) or goscan.ScannedPackage(p.dir, p.name, False, (), ()) for p in listed)
    return _with_cgo_view(PackageFacts(packages, listed, scans, pinned, fetched, module_file=module_file), go, env,
                          build_args, gofmt, first)


# Build flags that change how Go links, not which packages and files it loads.
_LINK_ONLY_FLAGS = ("-ldflags=",)
# Variables that reach cgo's compiler and linker only: go list loads the same packages and files.
_COMPILE_ONLY_VARS = frozenset({"CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_FFLAGS", "CGO_LDFLAGS"})


@dataclass(frozen=True)
class FactsRequest:
    """One target's question to Go: package_facts' arguments."""

    go: str
    env: Mapping[str, str]
    package_dirs: tuple[str, ...]
    build_args: tuple[str, ...]
    gofmt: str                  # the toolchain's, for Go's own words on a syntax error (goscan)
    pin_gowork: bool
    may_fetch: bool
    import_path: str | None = None           # a program named by import path, in the module of package_dirs[0]

    def alone(self) -> PackageFacts:
        return package_facts(self.go, self.env, self.package_dirs, self.build_args, self.gofmt,
                             pin_gowork=self.pin_gowork, may_fetch=self.may_fetch, import_path=self.import_path)


def module_marker_dir(package_dir: str) -> str | None:
    """The nearest directory at or above `package_dir` that holds a go.mod or a go.work (None:
    none). Packages under the same one belong to one module (or workspace) and find the same
    go.work, so one go list and one `go env GOWORK`, run in any of them, answer for all."""
    here = os.path.normpath(package_dir)
    while True:
        if os.path.isfile(os.path.join(here, "go.mod")) or os.path.isfile(os.path.join(here, "go.work")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def _batch_key(request: FactsRequest) -> tuple[object, ...] | None:
    """Requests with the same key list alike (None: ask alone: a package named by import path too)."""
    marker = module_marker_dir(request.package_dirs[0]) \
        if len(request.package_dirs) == 1 and request.import_path is None else None
    if marker is None:
        return None
    return (request.go, request.gofmt, request.pin_gowork, request.may_fetch, marker,
            tuple(sorted((k, v) for k, v in request.env.items() if k not in _COMPILE_ONLY_VARS)),
            tuple(a for a in request.build_args if not a.startswith(_LINK_ONLY_FLAGS)))


def facts_of_targets(requests: Sequence[FactsRequest]) -> list[PackageFacts | MesongoError]:
    """package_facts() of every request, in order, asking Go as few times as the modules and
    environments allow. A request's error is its result: each error stays with its target.
    Only a request asked alone fetches (the go list of a batch runs offline), one after the other:
    each one's `fetched` is what came in for it, and no module is named for two targets."""
    results: list[PackageFacts | MesongoError | None] = [None] * len(requests)
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, request in enumerate(requests):
        key = _batch_key(request)
        if key is not None:
            groups.setdefault(key, []).append(i)
    for members in groups.values():
        if len(members) > 1:
            try:
                together = _listed_together([requests[i] for i in members])
            except MesongoError:   # e.g. goscan failed: each target asks alone and reports its own
                continue
            for i, found in zip(members, together, strict=True):
                results[i] = found
    done: list[PackageFacts | MesongoError] = []
    for request, result in zip(requests, results, strict=True):
        if result is None:
            try:
                result = request.alone()
            except MesongoError as exc:
                result = exc
        done.append(result)
    return done


def _listed_together(requests: Sequence[FactsRequest]) -> list[PackageFacts | None]:
    """One go list (and go env GOWORK, and goscan) for requests of one batch key; None for a
    request whose packages did not load cleanly offline (it is then asked alone)."""
    first = requests[0]
    dirs = list(dict.fromkeys(os.path.normpath(r.package_dirs[0]) for r in requests))
    gowork = runner.start([first.go, "env", "GOWORK"], first.env, cwd=dirs[0]) if first.pin_gowork else None
    argv = list_argv(first.go, first.build_args, deps=True, report_errors=True, packages=dirs, extra_fields=("Deps",))
    out = runner.run_full(argv, {**first.env, "GOPROXY": "off"}, cwd=dirs[0], check=False)[1]
    packages = parse_packages(out)
    pinned: dict[str, str] = {}
    if gowork is not None:
        code, gowork_out, _err = runner.finish(gowork, what="go env GOWORK", check=False)
        if code != 0:
            return [None] * len(requests)
        pinned["GOWORK"] = gowork_out.strip() or "off"
    roots = {p.dir: p for p in packages if not p.dep_only}
    by_path = {p.import_path: p for p in packages}
    # Each request's own package and what it needs, or None when that did not load cleanly.
    own: list[tuple[Package, list[Package]] | None] = []
    for request in requests:
        root = roots.get(os.path.normpath(request.package_dirs[0]))
        needed = [by_path.get(path) for path in root.deps] if root is not None else []
        if root is None or root.error or root.deps_errors or any(p is None or p.error for p in needed):
            own.append(None)
            continue
        wanted = {root.import_path, *root.deps}
        # In go list's order (dependencies first), as a go list of this package alone prints them.
        own.append((root, [p if p is root else dataclasses.replace(p, dep_only=True)
                           for p in packages if p.import_path in wanted]))
    readable = list({entry[0].dir: entry[0] for entry in own if entry is not None}.values())
    scans: dict[str, goscan.ScannedPackage] = {}
    if readable:
        scanned = goscan.scan_packages([(p.dir, [*p.go_files, *p.cgo_files]) for p in readable], first.gofmt,
                                       first.env)
        scans = {p.dir: s for p, s in zip(readable, scanned, strict=True)}
    found = [PackageFacts(entry[1], (entry[0],), (scans[entry[0].dir],), dict(pinned)) if entry is not None else None
             for entry in own]
    if not without_cgo(first.env):
        return found
    # One listing with cgo for the packages of all of them (a batch is all with cgo or all without).
    with_cgo, cgo_scans = cgo_view(first.go, first.env, [p for f in found if f is not None for p in f.packages],
                                   first.build_args, first.gofmt, dirs[0])
    cgo_by_path = {p.import_path: (p, scan) for p, scan in zip(with_cgo, cgo_scans, strict=True)}
    for i, facts in enumerate(found):
        if facts is not None:
            mine = [cgo_by_path[package.import_path] for package in facts.packages
                    if package.import_path in cgo_by_path]
            found[i] = dataclasses.replace(facts, with_cgo=tuple(listed for listed, _ in mine),
                                           cgo_scans=tuple(scan for _, scan in mine))
    return found
