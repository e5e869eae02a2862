"""What Go says about one package at `meson setup`: `go list -deps` (with `go env GOWORK` beside
it) and then goscan on the files go list chose. The commands run concurrently where they can."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import ConfigError
from . import goscan, runner
from .gocmd import list_argv
from .gofacts import Package, parse_packages


@dataclass(frozen=True)
class PackageFacts:
    packages: list[Package]          # `go list -deps` order: the package itself last
    scan: goscan.ScannedPackage
    pinned: dict[str, str]           # settings fixed at setup, e.g. which go.work is in force

    @property
    def package(self) -> Package:
        return self.packages[-1]


def package_facts(go: str, env: Mapping[str, str], package_dir: str, build_args: Sequence[str], scanner: str,
                  pin_gowork: bool) -> PackageFacts:
    # Which go.work is in force is fixed at setup: a go.work added later is picked up by a
    # reconfigure, not silently by a rebuild. go list finds the same one on its own meanwhile.
    gowork = runner.start([go, "env", "GOWORK"], env, cwd=package_dir) if pin_gowork else None
    argv = list_argv(go, build_args, deps=True, report_errors=True)
    # With -e, go list describes a broken package in its Error field but may still exit 1.
    code, out, err = runner.run_full(argv, env, cwd=package_dir, check=False)
    pinned: dict[str, str] = {}
    if gowork is not None:
        pinned["GOWORK"] = runner.finish(gowork, what="go env GOWORK")[1].strip() or "off"
    packages = parse_packages(out)
    if not packages:   # Go could not even start looking (no go.mod, a bad go.work, ...)
        raise ConfigError(f"Go cannot load the package in {package_dir}: "
                          f"{err.strip() or f'go list printed nothing (exit code {code})'}")
    package = packages[-1]
    files = [*package.go_files, *package.cgo_files]
    scanned = goscan.parse_scan(runner.run(goscan.scan_argv(scanner, [(package_dir, files)]), env,
                                           what="scanning the Go package"))
    return PackageFacts(packages, scanned[0] if scanned else goscan.ScannedPackage(package_dir, "", False, (), ()),
                        pinned)
