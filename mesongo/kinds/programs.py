"""The program kinds: a Go package main built into an executable, and a package's test binary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from .base import TargetFiles, TargetKind

if TYPE_CHECKING:
    from ..binfmt.formats import BinaryFormat
    from ..toolchain.packagefacts import PackageFacts


@dataclass(frozen=True)
class Program(TargetKind):
    """go.executable: `go build` of a package main, linked by Go; it starts its own runtime."""

    KEY: ClassVar[str] = "executable"
    NOUN: ClassVar[str] = "program"
    STRIPPED_AS_MESON_DOES: ClassVar[bool] = True
    RUNS_ON_HOST: ClassVar[bool] = True
    LINKED_AS_PROGRAM: ClassVar[bool] = True
    ONE_RUNTIME_ADVICE: ClassVar[str] = (
        "import the Go library's packages in the program instead (Go builds a program from the packages it "
        "imports), and link it with the C side only: the C libraries the Go library uses, not the Go library or a "
        "C library that links it")

    native: bool = False   # built for the build machine (a generator in a cross build)

    def files(self, name: str, fmt: BinaryFormat, header: str | None) -> TargetFiles:
        return TargetFiles(name, fmt.program_filename(name))

    def check_kind_rules(self, facts: PackageFacts, package_dirs: Sequence[str]) -> None:
        from ..plan import packagecheck  # at setup only (see TargetKind.check_package)

        packagecheck.check_program(facts, package_dirs[0])


@dataclass(frozen=True)
class GoTest(Program):
    """go.test: a package's tests as one test binary (`go test -c`), which `meson test` runs
    through mesongo.testrun; the package need not be main. Never installed."""

    KEY: ClassVar[str] = "test"
    NOUN: ClassVar[str] = "test program"
    STRIPPED_AS_MESON_DOES: ClassVar[bool] = False
    RUNS_ON_HOST: ClassVar[bool] = False   # meson test runs it through mesongo.testrun instead
    # The testing package writes its counters where mesongo.testrun's -test.gocoverdir says, as for `go test -cover`.
    ADDS_TO_RUNTIME_COVERAGE: ClassVar[bool] = False
    ONE_RUNTIME_ADVICE: ClassVar[str] = (
        "import the Go library's packages in the tests instead (Go builds a test program from the packages it "
        "imports), and link it with the C side only: the C libraries the Go library uses, not the Go library or a "
        "C library that links it")

    def go_command(self) -> tuple[str, ...]:
        return ("test", "-c")

    def check_kind_rules(self, facts: PackageFacts, package_dirs: Sequence[str]) -> None:
        from ..plan import packagecheck  # at setup only (see TargetKind.check_package)

        packagecheck.check_tests(facts, package_dirs[0])
