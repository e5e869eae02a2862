"""What Go says about one package at `meson setup`: `go list -deps` (with `go env GOWORK` beside
it) and then goscan on the files go list chose. The commands run concurrently where they can."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import ConfigError
from . import goscan, runner
from .gocmd import list_argv
from .gofacts import Package, parse_packages

OFFLINE = "GOPROXY=off"   # how Go says that it would have had to fetch a module


@dataclass(frozen=True)
class PackageFacts:
    packages: list[Package]          # `go list -deps` order: the package itself last
    scan: goscan.ScannedPackage
    pinned: dict[str, str]           # settings fixed at setup, e.g. which go.work is in force
    fetched: tuple[str, ...] = ()    # module@version that setup had to fetch
    # A library of non-main packages: those packages (go list order) and what goscan says of each.
    exporting: tuple[tuple[Package, goscan.ScannedPackage], ...] = ()

    @property
    def package(self) -> Package:
        return self.packages[-1]


class ModulesNotFetched(ConfigError):
    """The package needs modules that are neither vendored nor in the module cache, and fetching
    them is not allowed."""


def package_facts(go: str, env: Mapping[str, str], package_dir: str, build_args: Sequence[str], scanner: str,
                  pin_gowork: bool, may_fetch: bool, target: str = ".",
                  exporting: Sequence[str] = ()) -> PackageFacts:
    """`go list -deps` first without the network (GOPROXY=off): the usual case, everything at hand.
    If Go would have to fetch modules, it is asked again with the network when `may_fetch`
    (Meson's --wrap-mode allows downloads); `fetched` then names what came in. ninja never
    fetches: the build plan runs Go with GOPROXY=off. `target` is the package built (relative to
    `package_dir`); goscan reads it, or, if given, the packages of the import paths `exporting`."""
    # Which go.work is in force is fixed at setup: a go.work added later is picked up by a
    # reconfigure, not silently by a rebuild. go list finds the same one on its own meanwhile.
    gowork = runner.start([go, "env", "GOWORK"], env, cwd=package_dir) if pin_gowork else None
    argv = list_argv(go, build_args, deps=True, report_errors=True, packages=[target])
    # With -e, go list describes a broken package in its Error field but may still exit 1.
    code, out, err = runner.run_full(argv, {**env, "GOPROXY": "off"}, cwd=package_dir, check=False)
    packages = parse_packages(out)
    missing = [p.import_path for p in packages if p.error and OFFLINE in p.error]
    fetched: tuple[str, ...] = ()
    if missing or (not packages and OFFLINE in err):
        if not may_fetch:
            what = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            raise ModulesNotFetched(
                f"the package in {package_dir} needs Go modules that are neither vendored nor in the module cache "
                f"({what or err.strip()}), and --wrap-mode=nodownload forbids fetching them: vendor them with "
                "`go mod vendor` in the module's directory (or fetch them with `go mod download` before meson setup)")
        code, out, err = runner.run_full(argv, env, cwd=package_dir, check=False)
        packages = parse_packages(out)
        fetched = tuple(sorted({f"{p.module_path}@{p.module_version}" for p in packages
                                if p.import_path in missing and p.module_path and p.module_version}))
    pinned: dict[str, str] = {}
    if gowork is not None:
        pinned["GOWORK"] = runner.finish(gowork, what="go env GOWORK")[1].strip() or "off"
    if not packages:   # Go could not even start looking (no go.mod, a bad go.work, ...)
        raise ConfigError(f"Go cannot load the package in {package_dir}: "
                          f"{err.strip() or f'go list printed nothing (exit code {code})'}")
    by_path = {p.import_path: p for p in packages}
    scanned_packages = [by_path[i] for i in exporting if i in by_path] or [packages[-1]]
    scanned = goscan.parse_scan(runner.run(
        goscan.scan_argv(scanner, [(p.dir, [*p.go_files, *p.cgo_files]) for p in scanned_packages]), env,
        what="scanning the Go package"))
    empty = goscan.ScannedPackage(package_dir, "", False, (), ())
    return PackageFacts(packages, scanned[-1] if scanned and not exporting else empty, pinned, fetched,
                        tuple(zip(scanned_packages, scanned, strict=True)) if exporting else ())
