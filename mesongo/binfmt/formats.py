"""Binary formats as strategies: how a format names a target's files, which link arguments limit a
shared object's exports (and make a DLL's import library), and how its binaries are read for
the after-link checks and `mesongo inspect`. ELF for Linux and the BSDs, PE for Windows, Mach-O
for macOS; a new format is one more class here and one entry in FORMATS.

Pure but for the readers, which open files; nothing heavy is imported at module level, since the
ninja-run build step imports this on every Go step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..errors import BinaryFormatError

if TYPE_CHECKING:
    from ..plan.policy import Policy
    from .elf import ElfFacts
    from .macho import MachOFacts
    from .pe import PeFacts

    BinaryFacts = ElfFacts | PeFacts | MachOFacts


@dataclass(frozen=True)
class SharedObjectNames:
    """What Meson names one shared library: the file itself and the name it records (an ELF
    soname; None where the format has none)."""

    filename: str
    soname: str | None


class BinaryFormat:
    """The strategy interface; see ElfFormat for what each method means."""

    KEY: ClassVar[str]
    MODULE_PREFIX: ClassVar[str]             # shared_module()'s default name_prefix and name_suffix
    MODULE_SUFFIX: ClassVar[str]
    # What Go's own c-shared link passes besides what Meson's shared_library() link does: the link
    # arguments of a Go shared library or module.
    SHARED_OBJECT_LINK_ARGS: ClassVar[tuple[str, ...]]
    EXPORT_LIST_SUFFIX: ClassVar[str]        # the export list file's: a version script, a .def file
    RELOCATABLE_LINK_ARGS: ClassVar[tuple[str, ...]] = ()   # `cc -r` of a Go archive into one object
    # Where a shared library is installed when not where the kind says (a DLL goes to bindir, its
    # import library, archives and .pc files stay in libdir): (Meson option, placeholder name).
    SHARED_LIBRARY_DIR: ClassVar[tuple[str, str] | None] = None
    # A shared object records its own name, which the checks compare: the soname (ELF, only
    # where one is asked for) or, for a DLL, the file name itself.
    NAMED_BY_FILE: ClassVar[bool] = False
    # glibc_max and the libc property: what only an ELF (Linux) target has.
    HAS_LIBC_OPTIONS: ClassVar[bool] = True
    # -Wl,-rpath finds Meson's shared libraries in the build dir (a DLL is found by the PATH, or
    # next to the program).
    RUNPATH: ClassVar[bool] = True
    # Go's programs need -buildmode=pie to be position-independent, and -bindnow to be bound at
    # start-up (ELF). Go's Windows programs are PIE (ASLR) by default and have no lazy binding.
    HARDENS_PROGRAMS: ClassVar[bool] = False
    # What a build rpath is relative to: the directory of the file that carries it.
    RPATH_ORIGIN: ClassVar[str] = "$ORIGIN"
    # What Go's own link of a program or c-shared library adds for the standard library beside
    # the packages' #cgo LDFLAGS (go list does not list //go:cgo_ldflag directives), and so what
    # a link of its c-archive needs too.
    GO_ARCHIVE_LINK_ARGS: ClassVar[tuple[str, ...]] = ()

    def expected_machine(self, cpu_family: str) -> tuple[str, int] | None:
        """(machine, class) a binary for Meson's `cpu_family` has, or None if the format does not know."""
        raise NotImplementedError

    def shared_library_names(self, name: str, version: str | None, soversion: str | None) -> SharedObjectNames:
        raise NotImplementedError

    def module_filename(self, prefix: str, name: str, suffix: str) -> str:
        return f"{prefix}{name}.{suffix}" if suffix else f"{prefix}{name}"

    def static_library_filename(self, name: str) -> str:
        raise NotImplementedError

    def program_filename(self, name: str) -> str:
        raise NotImplementedError

    def export_list_text(self, names: Sequence[str]) -> str:
        """The text of the file that limits the exports to `names`."""
        raise NotImplementedError

    def export_list_link_args(self, path: str) -> list[str]:
        raise NotImplementedError

    def limit_object_exports(self, path: str, names: Sequence[str]) -> None:
        """Make the relocatable object at `path` export `names` only, where the link's export list
        is not enough (Mach-O); nothing elsewhere."""

    def rpath_link_args(self, rpaths: Sequence[str]) -> list[str]:
        """The link arguments that give a program the build rpaths `rpaths` (one DT_RUNPATH)."""
        return ["-Wl,-rpath," + ":".join(rpaths)]

    def read(self, path: str) -> BinaryFacts:
        raise NotImplementedError

    def read_archive_members(self, path: str, without_go: bool = False) -> list[BinaryFacts]:
        """Every object of an archive, with the symbols it defines and the files it names; with
        `without_go`, all but the Go object (the C objects of a Go c-archive)."""
        raise NotImplementedError

    def read_archive_objects(self, path: str) -> list[BinaryFacts]:
        """The Go object of a Go static library (what the checks of an archive look at)."""
        raise NotImplementedError

    def check(self, facts: BinaryFacts, policy: Policy) -> list[str]:
        raise NotImplementedError

    def link_interface(self, facts: BinaryFacts) -> str:
        """What a shared library's consumers link against, as text (the .symbols file their links
        depend on, as Meson's symbolextractor writes it for a C library): it changes only when a
        consumer must link again."""
        raise NotImplementedError


class ElfFormat(BinaryFormat):
    """ELF, named as Meson names its own targets on Linux and the BSDs."""

    KEY = "elf"
    MODULE_PREFIX = "lib"
    MODULE_SUFFIX = "so"
    # The link Go itself does for -buildmode=c-shared (cmd/link/internal/ld, hostlink), plus a
    # build-id, which lld (zig) leaves out unless asked. Go also asks the linker to compress the
    # debug sections; mesongo does not: it costs ~50 ms of every edit-rebuild (more than half the
    # link), dwz and other distro tools refuse compressed sections, and a stripped library is the same.
    SHARED_OBJECT_LINK_ARGS = ("-Wl,-z,relro", "-Wl,-z,nodelete", "-Wl,-Bsymbolic", "-Wl,--build-id=sha1")
    EXPORT_LIST_SUFFIX = "map"
    HARDENS_PROGRAMS = True

    def shared_library_names(self, name: str, version: str | None, soversion: str | None) -> SharedObjectNames:
        from ..plan import naming

        return naming.elf_shared_library_names(name, version, soversion)

    def static_library_filename(self, name: str) -> str:
        return f"lib{name}.a"

    def expected_machine(self, cpu_family: str) -> tuple[str, int] | None:
        from .elf import MACHINE_OF_CPU_FAMILY

        return MACHINE_OF_CPU_FAMILY.get(cpu_family)

    def program_filename(self, name: str) -> str:
        return name

    def export_list_text(self, names: Sequence[str]) -> str:
        from ..render import render  # jinja2: only when the export list changed (build.py)

        return render("version-script.map.j2", names=list(names))

    def export_list_link_args(self, path: str) -> list[str]:
        return [f"-Wl,--version-script={path}"]

    def read(self, path: str) -> BinaryFacts:
        from . import elf

        return elf.read_elf(path)

    def read_archive_members(self, path: str, without_go: bool = False) -> list[BinaryFacts]:
        from . import elf

        return list(elf.read_archive(path, without_go))

    def read_archive_objects(self, path: str) -> list[BinaryFacts]:
        from . import elf

        return list(elf.read_go_object_header(path))

    def check(self, facts: BinaryFacts, policy: Policy) -> list[str]:
        from ..plan import policy as rules
        from .elf import ElfFacts

        assert isinstance(facts, ElfFacts)
        return rules.check(facts, policy)

    def link_interface(self, facts: BinaryFacts) -> str:
        from .elf import ElfFacts

        assert isinstance(facts, ElfFacts)
        # The soname and each defined dynamic symbol with its version and type; a data symbol's
        # size too (a copy relocation in a program depends on it), as Meson's gnu_syms keeps it.
        lines = [f"soname {facts.soname or ''}"]
        lines += sorted(f"{s.name}@{s.version or ''} {s.kind}" + (f" {s.size}" if s.kind == "STT_OBJECT" else "")
                        for s in facts.exports)
        return "".join(f"{line}\n" for line in lines)


class PeFormat(BinaryFormat):
    """PE, named as Meson names its own targets under a mingw cross-file: libNAME-SOVERSION.dll with
    the import library libNAME.dll.a, NAME.exe (build.py, SharedLibrary.determine_naming_info)."""

    KEY = "pe"
    MODULE_PREFIX = "lib"
    MODULE_SUFFIX = "dll"
    # What Go's own windows c-shared link passes (cmd/link/internal/ld, hostlink): a console
    # subsystem, terminal-server aware, DEP and ASLR, no timestamp (so that an unchanged DLL
    # keeps its bytes).
    EXPORT_LIST_SUFFIX = "def"
    SHARED_OBJECT_LINK_ARGS = ("-mconsole", "-Wl,--tsaware", "-Wl,--nxcompat", "-Wl,--dynamicbase",
                                "-Wl,--high-entropy-va", "-Wl,--no-insert-timestamp")
    SHARED_LIBRARY_DIR = ("bindir", "{bindir}")
    NAMED_BY_FILE = True
    HAS_LIBC_OPTIONS = False
    RUNPATH = False

    def shared_library_names(self, name: str, version: str | None, soversion: str | None) -> SharedObjectNames:
        if version is not None and soversion is None:
            soversion = version.split(".")[0]
        return SharedObjectNames(f"lib{name}-{soversion}.dll" if soversion else f"lib{name}.dll", None)

    def static_library_filename(self, name: str) -> str:
        return f"lib{name}.a"

    def program_filename(self, name: str) -> str:
        return f"{name}.exe"

    def expected_machine(self, cpu_family: str) -> tuple[str, int] | None:
        from .pe import MACHINE_OF_CPU_FAMILY

        return MACHINE_OF_CPU_FAMILY.get(cpu_family)

    def export_list_text(self, names: Sequence[str]) -> str:
        from ..render import render

        return render("exports.def.j2", names=list(names))

    def export_list_link_args(self, path: str) -> list[str]:
        return [path]   # the driver hands a .def file to the linker as it is

    def read(self, path: str) -> BinaryFacts:
        from . import pe

        return pe.read_pe(path)

    def read_archive_members(self, path: str, without_go: bool = False) -> list[BinaryFacts]:
        from . import pe

        return list(pe.read_archive(path, without_go))

    def read_archive_objects(self, path: str) -> list[BinaryFacts]:
        from . import pe

        return list(pe.go_objects(pe.read_archive(path)))

    def check(self, facts: BinaryFacts, policy: Policy) -> list[str]:
        from ..plan import policy as rules
        from .pe import PeFacts

        assert isinstance(facts, PeFacts)
        return rules.check_pe(facts, policy)

    def link_interface(self, facts: BinaryFacts) -> str:
        from .pe import PeFacts

        assert isinstance(facts, PeFacts)
        # The DLL's name and its exported names: what its import library gives a consumer's link.
        return "".join(f"{line}\n" for line in [f"dll {facts.internal_name or ''}",
                                                 *sorted(s.name for s in facts.exports)])


class MachOFormat(BinaryFormat):
    """Mach-O, named as Meson names its own targets for macOS: libNAME.SOVERSION.dylib with the
    link libNAME.dylib and the install name @rpath/libNAME.SOVERSION.dylib, a shared_module()
    libNAME.dylib, NAME for a program (build.py, SharedLibrary.determine_filenames;
    linkers.py, AppleDynamicLinker.get_soname_args)."""

    KEY = "macho"
    MODULE_PREFIX = "lib"
    MODULE_SUFFIX = "dylib"
    # Go's own darwin c-shared link passes -dynamiclib (Meson's shared_library() link makes one)
    # and header room for the DWARF it combines into its own output afterwards, which Meson's
    # link does not do; Meson's Apple linker leaves room for install_name_tool itself
    # (-headerpad_max_install_names). Nothing to add.
    SHARED_OBJECT_LINK_ARGS = ()
    EXPORT_LIST_SUFFIX = "exp"
    HAS_LIBC_OPTIONS = False
    RPATH_ORIGIN = "@loader_path"
    # internal/syscall/unix: //go:cgo_ldflag "-lresolv" (its res_9_* calls; Go >= 1.20).
    GO_ARCHIVE_LINK_ARGS = ("-lresolv",)

    def shared_library_names(self, name: str, version: str | None, soversion: str | None) -> SharedObjectNames:
        from ..plan import naming

        return naming.macho_shared_library_names(name, version, soversion)

    def static_library_filename(self, name: str) -> str:
        return f"lib{name}.a"

    def program_filename(self, name: str) -> str:
        return name

    def expected_machine(self, cpu_family: str) -> tuple[str, int] | None:
        from .macho import MACHINE_OF_CPU_FAMILY

        return MACHINE_OF_CPU_FAMILY.get(cpu_family)

    def export_list_text(self, names: Sequence[str]) -> str:
        # ld64's -exported_symbols_list: one symbol a line, with the underscore C names get.
        return "".join(f"_{name}\n" for name in names)

    def export_list_link_args(self, path: str) -> list[str]:
        return [f"-Wl,-exported_symbols_list,{path}"]

    def limit_object_exports(self, path: str, names: Sequence[str]) -> None:
        from . import macho

        macho.hide_all_but(path, names)

    def rpath_link_args(self, rpaths: Sequence[str]) -> list[str]:
        return [f"-Wl,-rpath,{r}" for r in rpaths]   # one LC_RPATH each: dyld splits none at ':'

    def read(self, path: str) -> BinaryFacts:
        from . import macho

        return macho.read_macho(path)

    def read_archive_members(self, path: str, without_go: bool = False) -> list[BinaryFacts]:
        from . import macho

        return list(macho.read_archive(path, without_go))

    def read_archive_objects(self, path: str) -> list[BinaryFacts]:
        from . import macho

        return list(macho.read_go_object_header(path))

    def check(self, facts: BinaryFacts, policy: Policy) -> list[str]:
        from ..plan import policy as rules
        from .macho import MachOFacts

        assert isinstance(facts, MachOFacts)
        return rules.check_macho(facts, policy)

    def link_interface(self, facts: BinaryFacts) -> str:
        from .macho import MachOFacts

        assert isinstance(facts, MachOFacts)
        # What a consumer's link records of the dylib (its load command carries the install name
        # and both versions) and the symbols it may bind to.
        lines = [f"install_name {facts.install_name or ''}",
                 f"versions {facts.compatibility_version or ''} {facts.current_version or ''}",
                 *sorted(f"{s.name} {s.kind}" for s in facts.exports)]
        return "".join(f"{line}\n" for line in lines)


ELF = ElfFormat()
PE = PeFormat()
MACHO = MachOFormat()
FORMATS: dict[str, BinaryFormat] = {ELF.KEY: ELF, PE.KEY: PE, MACHO.KEY: MACHO}


def format_for_goos(goos: str) -> BinaryFormat:
    """The format of what Go builds for `goos`."""
    return PE if goos == "windows" else MACHO if goos == "darwin" else ELF


def format_of_file(path: str) -> tuple[BinaryFormat, bool]:
    """The format of a binary on disk, and whether it is an ar archive (of that format's objects)."""
    from .ar import archive_members, is_archive

    if is_archive(path):
        with open(path, "rb") as f:
            try:
                members = archive_members(f.read())
            except BinaryFormatError as exc:
                raise BinaryFormatError(f"{path} is a broken ar archive: {exc}") from None
        from .macho import is_macho

        if any(is_macho(body) for _name, body in members):
            return MACHO, True
        elf_members = any(body[:4] == b"\x7fELF" for _name, body in members)
        return (ELF if elf_members or not members else PE), True
    with open(path, "rb") as f:
        head = f.read(4)
    from .macho import FAT_MAGICS, is_macho

    if is_macho(head) or head in FAT_MAGICS:
        return MACHO, False
    return (PE if head[:2] == b"MZ" else ELF), False


def format_named(key: str) -> BinaryFormat:
    return FORMATS[key]
