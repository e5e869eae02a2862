"""A target kind is a type: what a Go target of that kind is, and how it is made.

Every fact that depends on the kind lives on its class (libraries.py, programs.py): the Go build
mode, the file names (asked of the binary format), the default install dir and tags, the header,
soname and .pc, whether Meson targets may link it, the rules its Go packages must meet,
the link arguments it asks for, and how the build step finishes it. An instance carries what the
meson.build call said that belongs to its kind alone (a library's version, a module's prefix and
suffix); it is part of the build plan, tagged with its KEY.

Adding a kind is one class (usually a subclass that overrides what differs, as Meson's own
SharedModule(SharedLibrary) does), its entry in KINDS (kinds/__init__.py) and one method of the
Meson module; docs/explanation/how-it-is-built.md, "Adding a target kind", has the checklist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..binfmt.formats import BinaryFacts, BinaryFormat
    from ..buildstep.build import BuildStep
    from ..plan.policy import Policy
    from ..toolchain.packagefacts import PackageFacts


@dataclass(frozen=True)
class TargetFiles:
    """Every file name one Go target produces (relative to its build and install dirs)."""

    name: str
    filename: str                           # libgreet.so.1.2.3, libgreet.a, pam_greet.so, tool
    header: str | None = None               # libgreet.h; None: no header is made
    soname: str | None = None               # libgreet.so.1 (shared libraries only)


@dataclass(frozen=True)
class InstallDefault:
    """Where Meson installs its own targets of a kind: the option, and the placeholder name that
    Meson's install plan reports and meson-python maps to a wheel directory."""

    option: str          # libdir, bindir
    name: str            # {libdir_shared}, {libdir_static}, {bindir}


@dataclass(frozen=True)
class Finished:
    """What a kind's finish() hands back to the build step."""

    path: str                                # the new output, checked and then moved into place
    exports: tuple[str, ...] | None = None   # the symbols it must export exactly (None: not checked)
    relink_consumers: bool = False           # the consumers must relink even if the bytes are the same
    checked: str | None = None               # what the after-build checks read (None: `path`)


@dataclass(frozen=True)
class TargetKind:
    """The base of every kind. Class attributes are the kind's fixed facts."""

    KEY: ClassVar[str]                       # the mesongo function, and the kind's tag in the plan
    NOUN: ClassVar[str]                      # in messages: "shared library"
    LINKABLE: ClassVar[bool] = False         # Meson targets may link it (link_with:, go.dependency())
    C_API: ClassVar[bool] = False            # a library: a header, exports, packages with //export
    INSTALL: ClassVar[InstallDefault] = InstallDefault("bindir", "{bindir}")
    INSTALL_TAG: ClassVar[str] = "runtime"   # a program's (Meson's own target installs a library)
    STRIPPED_AS_MESON_DOES: ClassVar[bool] = False   # a program: stripped at install when Meson strips its own
    RUNS_ON_HOST: ClassVar[bool] = False     # a program test() and custom_target() may run
    SHARED_OBJECT: ClassVar[bool] = False    # a shared library or module: Meson links it from the Go object
    ARCHIVE: ClassVar[bool] = False          # a static library: its consumers link what it needs
    # b_coverage: mesongo's file in runtime/coverage (plan/coverage.py) sets the default GOCOVERDIR
    # (and for a library writes the counters at the C program's exit).
    ADDS_TO_RUNTIME_COVERAGE: ClassVar[bool] = True
    # What to do instead of linking a Go library into this kind (one Go runtime per process).
    ONE_RUNTIME_ADVICE: ClassVar[str] = "build one library from both packages instead"
    LINKED_AS_PROGRAM: ClassVar[bool] = False   # Go links an executable: PIE and bind-now as Meson's are
    # A library: Meson's build target that links its Go object (shared_library, shared_module,
    # static_library); None: Go links the target itself.
    MESON_FUNCTION: ClassVar[str | None] = None

    def files(self, name: str, fmt: BinaryFormat, header: str | None) -> TargetFiles:
        """The kind's file names in format `fmt`; `header`: the header's name, or None for none."""
        raise NotImplementedError

    def in_python_package(self) -> TargetKind:
        """The kind as installed into a Python package (a wheel holds no symlinks)."""
        return self

    def default_header(self, name: str, fmt: BinaryFormat) -> str | None:
        """The header's name when the call names none (None: the kind has no header)."""
        return None

    def buildmode(self) -> str | None:
        """go build -buildmode; None: Go's default (a program)."""
        return None

    def go_command(self) -> tuple[str, ...]:
        """The go subcommand that builds it."""
        return ("build",)

    def go_output_name(self, files: TargetFiles) -> str:
        """What `go build -o` writes in the target's private dir."""
        return files.filename

    def install_default(self, fmt: BinaryFormat) -> InstallDefault:
        """Where `meson install` puts the target's file unless install_dir says."""
        return self.INSTALL

    def check_sources(self, package_dirs: Sequence[str]) -> None:
        """How many package directories the kind takes: one, but for libraries."""
        if len(package_dirs) > 1:
            raise ConfigError(f"the sources come from more than one directory ({', '.join(package_dirs)}); a Go "
                              f"{self.NOUN} is one package, i.e. one directory: pass files of one directory, or "
                              "the directory itself")

    def supplies_main(self, facts: PackageFacts) -> bool:
        """Whether mesongo supplies the main package (plan/mainpkg.py) for these packages."""
        return False

    def check_package(self, facts: PackageFacts, package_dirs: Sequence[str], has_cxx_compiler: bool) -> None:
        """The rules the kind's packages must meet, each a ConfigError that says what to do."""
        # Imported here: the build step imports the kinds to read its plan, and checks no package.
        from ..plan import packagecheck

        packagecheck.check_loaded(facts, package_dirs, self.NOUN, package_main=self.go_command() == ("build",))
        packagecheck.check_parsed(facts, package_dirs[0])
        self.check_kind_rules(facts, package_dirs)
        packagecheck.check_cxx(facts, has_cxx_compiler)

    def check_kind_rules(self, facts: PackageFacts, package_dirs: Sequence[str]) -> None:
        """What the kind asks of a package that loads and parses."""

    def musl(self) -> tuple[bool, str | None]:
        """On a musl host: (mesongo starts the Go runtime itself, the note setup prints once).
        A kind that cannot work there raises ConfigError."""
        return False, None

    # --- the build step -------------------------------------------------------------------------

    def finish(self, step: BuildStep) -> Finished:
        """After `go build`: make the output from what Go wrote (buildstep/build.py runs this)."""
        return Finished(step.go_output)

    def checked_binaries(self, fmt: BinaryFormat, path: str, policy: Policy) -> tuple[list[BinaryFacts], Policy]:
        """What the after-link checks read of the output, and the rules that apply to it."""
        return [fmt.read(path)], policy
