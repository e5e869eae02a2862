"""What Go says about a target's packages at `meson setup`: one `go list -deps` of the package
directories the target names (with `go env GOWORK` beside it), then one goscan run on the files
go list chose. The commands run concurrently where they can."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import ConfigError
from . import goscan, runner
from .gocmd import list_argv
from .gofacts import Package, parse_packages

OFFLINE = "GOPROXY=off"   # how Go says that it would have had to fetch a module


@dataclass(frozen=True)
class PackageFacts:
    packages: list[Package]                  # `go list -deps` order: every package of the build
    listed: tuple[Package, ...]              # the target's own packages, in the order of its sources
    scans: tuple[goscan.ScannedPackage, ...]   # what goscan says of each listed package
    pinned: dict[str, str]                   # settings fixed at setup, e.g. which go.work is in force
    fetched: tuple[str, ...] = ()            # module@version that setup had to fetch

    @property
    def package(self) -> Package:
        """The first listed package: where Go runs."""
        return self.listed[0]


class ModulesNotFetched(ConfigError):
    """The package needs modules that are neither vendored nor in the module cache, and fetching
    them is not allowed."""


def _listed(packages: Sequence[Package], package_dirs: Sequence[str]) -> tuple[Package, ...]:
    """The packages go list was asked about, in the order asked: those that are not only
    dependencies (DepOnly), by directory, or by the path given when Go could not load one."""
    roots = [p for p in packages if not p.dep_only]
    found: list[Package] = []
    for package_dir in package_dirs:
        asked = "." if len(package_dirs) == 1 else package_dir
        match = next((p for p in roots if p.dir == package_dir or p.import_path in (asked, package_dir)), None)
        if match is None and len(package_dirs) == 1 and len(roots) == 1:
            match = roots[0]
        if match is None:
            match = Package(dir="", import_path=package_dir, name="", standard=False, files={}, module_gomod=None,
                            module_path=None, module_version=None, cgo_cflags=(), cgo_ldflags=(),
                            error=f"go list said nothing of {package_dir}", deps_errors=())
        found.append(match)
    return tuple(found)


def package_facts(go: str, env: Mapping[str, str], package_dirs: Sequence[str], build_args: Sequence[str],
                  scanner: str, pin_gowork: bool, may_fetch: bool) -> PackageFacts:
    """`go list -deps` of `package_dirs` (run in the first), first without the network
    (GOPROXY=off): the usual case, everything at hand. If Go would have to fetch modules, it is
    asked again with the network when `may_fetch` (Meson's --wrap-mode allows downloads);
    `fetched` then names what came in. ninja never fetches: the build plan runs Go with
    GOPROXY=off. goscan then reads the listed packages' Go files."""
    first = package_dirs[0]
    where = f" in {first}" if len(package_dirs) == 1 else f"s in {', '.join(package_dirs)}"
    # Which go.work is in force is fixed at setup: a go.work added later is picked up by a
    # reconfigure, not silently by a rebuild. go list finds the same one on its own meanwhile.
    gowork = runner.start([go, "env", "GOWORK"], env, cwd=first) if pin_gowork else None
    argv = list_argv(go, build_args, deps=True, report_errors=True,
                     packages=["."] if len(package_dirs) == 1 else package_dirs)
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
        fetched = tuple(sorted({f"{p.module_path}@{p.module_version}" for p in packages
                                if p.import_path in missing and p.module_path and p.module_version}))
    pinned: dict[str, str] = {}
    if gowork is not None:
        pinned["GOWORK"] = runner.finish(gowork, what="go env GOWORK")[1].strip() or "off"
    if not packages:   # Go could not even start looking (no go.mod, a bad go.work, ...)
        raise ConfigError(f"Go cannot load the package{where}: "
                          f"{err.strip() or f'go list printed nothing (exit code {code})'}")
    listed = _listed(packages, [os.path.normpath(d) for d in package_dirs])
    readable = [p for p in listed if p.dir and not p.error]
    scanned = goscan.parse_scan(runner.run(
        goscan.scan_argv(scanner, [(p.dir, [*p.go_files, *p.cgo_files]) for p in readable]), env,
        what="scanning the Go package")) if readable else []
    by_package = {id(p): s for p, s in zip(readable, scanned, strict=True)}
    scans = tuple(by_package.get(id(p)) or goscan.ScannedPackage(p.dir, p.name, False, (), ()) for p in listed)
    return PackageFacts(packages, listed, scans, pinned, fetched)
