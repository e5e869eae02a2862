"""From what a meson.build call asked for and the facts of Meson and Go to one target's plan:
the build plan the build step executes (model.py) and the install plan the Meson adapter turns
into Meson objects. Pure: no Meson, no I/O; the adapter (meson_adapter/module.py) gathers the
facts, makes the call's Meson objects from the outline, asks Go about the packages of all the
targets at once when the whole project is read (meson_adapter/completion.py), and writes what
`assemble()` makes of it.

    TargetRequest + MesonFacts + GoToolchain --prepare()--> Prepared   (files, Go environment, flags)
    Prepared --outline()--> TargetOutline                  (names, install plan, what consumers need)
    Prepared + TargetOutline + PackageFacts (setup's go list) --assemble()--> TargetPlan (+ BuildPlan)
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..binfmt.formats import BinaryFormat, format_for_goos
from ..errors import ConfigError
from ..kinds import Library, Program, SharedLibrary, SharedModule, TargetFiles, TargetKind
from ..toolchain.gocmd import quote_args, split_args
from ..toolchain.gofacts import GoToolchain
from ..toolchain.packagefacts import PackageFacts
from . import coverage, goenv, macos, mainpkg, naming, packagecheck
from .checkplan import CheckPlan
from .model import (
    LIBS_PRIVATE,
    BuildPlan,
    CCommands,
    ExportMode,
    ExportRule,
    GoCommand,
    GoObject,
    HeaderPlan,
    LibraryPlan,
    OverlaidFile,
    PkgConfigFiles,
    SuppliedMain,
)
from .pkgconfig import PkgConfigSearch
from .planfile import EXPORTS_LIST
from .policy import Policy

# --- what the call asked for ------------------------------------------------------------------


@dataclass(frozen=True)
class InstallDir:
    """An install directory as Meson knows it: the path and, when Meson names it, its placeholder
    name ({libdir_shared}, {py_platlib}/pkg), which its install plan and meson-python read."""

    path: str
    name: str | None = None


@dataclass(frozen=True)
class GoSettings:
    """The keywords that change how Go builds the target."""

    tags: tuple[str, ...] = ()
    ldflags: tuple[str, ...] = ()
    go_args: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    glibc_max: str | None = None
    cgo: bool = True          # false: CGO_ENABLED=0, a program or test binary with no C (go.executable, go.test)


@dataclass(frozen=True)
class OwnHeader:
    """`header: files('include/capi.h')`: the project's own C header, which the library installs
    and gives its consumers instead of cgo's."""

    path: str                                    # absolute, in the source tree
    source_dir: str                              # its directory, relative to the source root


@dataclass(frozen=True)
class OutputSettings:
    """The keywords that say which files are made and where they go."""

    install: bool = False
    install_dir: InstallDir | None = None        # None: the kind's default
    install_tag: str | None = None               # one tag for every file instead of Meson's split
    header: str | bool = True                    # a name, the kind's default name, or no header
    own_header: OwnHeader | None = None          # the project's own header (then `header` is False)
    install_header: bool | None = None           # None: by the kind and where the library goes
    header_install_dir: InstallDir | None = None
    pkgconfig: bool | None = None                # None: by the kind and where the library goes
    exports: ExportRule = field(default_factory=lambda: ExportRule(ExportMode.API))


@dataclass(frozen=True)
class ModulePackage:
    """A program named by import path (go.executable('stringer', 'golang.org/x/tools/cmd/stringer',
    modfile: 'tools/go.mod')): Go builds it in the directory of the module file that pins it, or
    without one in the calling meson.build's directory, whose module must require it."""

    import_path: str
    modfile: str | None                          # absolute: the go.mod named by modfile:
    run_dir: str                                 # absolute: where Go runs (the modfile's or meson.build's dir)


def import_path_shaped(source: str, modfile: bool) -> bool:
    """Whether a source that names nothing in the source tree is taken for an import path. With
    modfile: any that is not a file-system path or a .go file; without, only one whose first
    element has a dot, as the path of a module Go fetches does (golang.org/x/tools/cmd/stringer):
    a misspelt 'cmd/tool' or 'mian.go' stays a missing source."""
    if not source or source.startswith((".", "/")) or "\\" in source or "//" in source or source.endswith(".go"):
        return False
    return modfile or "." in source.split("/", 1)[0]


@dataclass(frozen=True)
class TargetRequest:
    """One meson.build call: go.shared_library('greet', 'go', version: '1.2.3', ...)."""

    name: str
    kind: TargetKind
    # Absolute, in the order of the sources; for a module package, the one directory Go runs in.
    package_dirs: tuple[str, ...]
    go: GoSettings = field(default_factory=GoSettings)
    output: OutputSettings = field(default_factory=OutputSettings)
    module_package: ModulePackage | None = None  # the package is named by import path


# --- what Meson says --------------------------------------------------------------------------


@dataclass(frozen=True)
class CInputs:
    """What Meson's C/C++ libraries and dependencies in `link_with:`/`dependencies:` give cgo."""

    cflags: tuple[str, ...] = ()
    ldflags: tuple[str, ...] = ()
    header_dirs: tuple[str, ...] = ()            # include dirs whose headers the build step tracks
    rpaths: tuple[str, ...] = ()                 # $ORIGIN/... of Meson's shared libraries in the build dir
    pkgconfig_names: tuple[str, ...] = ()        # the pkg-config packages among the dependencies


@dataclass(frozen=True)
class MesonFacts:
    """Meson's facts for one target, as the adapter reads them."""

    build_root: str
    subdir: str
    prefix: str
    project_version: str
    machine: goenv.HostMachine
    cc: goenv.CCompiler | None                   # None: the target has no cgo (and the project may have no C)
    options: goenv.MesonOptions
    dirs: Mapping[str, InstallDir]               # libdir, bindir, includedir with Meson's names
    c_inputs: CInputs = field(default_factory=CInputs)
    strip: bool = False                          # the `strip` option of the target's project
    setup_env: Mapping[str, str] = field(default_factory=dict)   # the environment of meson setup
    sanitizer_cc: tuple[str, ...] | None = None  # the C compiler as Go's -asan/-msan accept it
    pie_default: bool = False                    # the C compiler builds PIE with no flag (Debian's gcc)
    pkg_config: PkgConfigSearch | None = None    # where cgo's `#cgo pkg-config:` looks (None: the process's own)


@dataclass(frozen=True)
class InstallPaths:
    """Where one target's files go, from its keywords and Meson's directory options."""

    prefix: str
    main: InstallDir          # the target's file (and a library's links)
    includedir: InstallDir
    libdir: InstallDir        # a library's .pc and import library: main's dir, but for a DLL's

    @property
    def python_package_dir(self) -> str | None:
        """The dir's name when the target goes into a Python package (`py.get_install_dir() / 'pkg'`)."""
        name = self.main.name
        return name if name is not None and name.split("/", 1)[0] in ("{py_platlib}", "{py_purelib}") else None

    def relative(self, path: str) -> str:
        """`path` relative to the prefix when it is under it (as Meson writes .pc files)."""
        return os.path.relpath(path, self.prefix) if os.path.isabs(path) and path.startswith(
            self.prefix.rstrip("/") + "/") else path


# --- prepare: everything before Go is asked about the package ---------------------------------


@dataclass(frozen=True)
class Prepared:
    request: TargetRequest
    kind: TargetKind                  # the request's, as its install dir makes it (soname_file)
    meson: MesonFacts
    toolchain: GoToolchain
    fmt: BinaryFormat
    files: TargetFiles
    paths: InstallPaths
    install_header: bool
    pkgconfig: bool
    env: dict[str, str]               # the Go environment; setup's go list runs with it
    build_args: tuple[str, ...]       # go build flags, without the supplied main's -overlay
    extldflags: tuple[str, ...]       # a library: the -extldflags of the call, for Meson's link
    musl: bool                        # mesongo starts the Go runtime (a musl host)
    musl_note: str | None
    libc: str | None
    # What every link of the Go code needs besides its arguments: the search paths of the link
    # stubs that stand in for Apple's SDK (plan/macos.py) when zig links for macOS.
    link_search: tuple[str, ...] = ()

    @property
    def private_dir(self) -> str:
        """The target's scratch space in the build dir: its plan and what Go writes (a library's
        Go part is named by its object: a shared and a static library of one name share it)."""
        own = go_part_files(self.files, self.fmt, self.meson.subdir).object if isinstance(self.kind, Library) \
            else self.files.filename
        return os.path.join(self.meson.build_root, private_dir_of(self.meson.subdir, own))


def private_dir_of(subdir: str, own: str) -> str:
    """A target's scratch space, relative to the build root (Prepared.private_dir)."""
    return os.path.join("meson-private", "mesongo", "targets", subdir, own)


@dataclass(frozen=True)
class GoPartFiles:
    """What a library's Go part (its CustomTarget) writes (model.GoObject). Its outputs, in order:
    the object Meson's targets link and the header (names in the target's dir). The export list
    and the link arguments (paths from the build root) are in its scratch space and are not ninja
    outputs: only Meson's link reads them, and the step rewrites the object when either changes,
    so two nodes less per library in every no-op ninja run."""

    object: str
    header: str | None
    export_list: str
    link_args: str

    @property
    def outputs(self) -> list[str]:
        return [self.object, *([self.header] if self.header else [])]


def go_part_files(files: TargetFiles, fmt: BinaryFormat, subdir: str) -> GoPartFiles:
    stem = f"{files.name}-go"
    scratch = private_dir_of(subdir, f"{stem}.o")
    return GoPartFiles(f"{stem}.o", files.header, os.path.join(scratch, f"{stem}.{fmt.EXPORT_LIST_SUFFIX}"),
                       os.path.join(scratch, f"{stem}.link"))


def check_options_apply(request: TargetRequest, meson: MesonFacts, fmt: BinaryFormat, goos: str) -> None:
    """glibc_max and the libc property mean something for an ELF (Linux) target only."""
    if fmt.HAS_LIBC_OPTIONS:
        return
    props = meson.machine.properties
    for what, given in ((f"glibc_max: {request.go.glibc_max!r}", request.go.glibc_max is not None),
                        (f"the machine file property glibc_max = {props.get('glibc_max')!r}", "glibc_max" in props),
                        (f"the machine file property libc = {props.get('libc')!r}", "libc" in props)):
        if given:
            raise ConfigError(f"{what} applies to Linux (ELF) targets, and this build is for {goos}: remove it")


def check_request(request: TargetRequest) -> None:
    problem = naming.check_name(request.name, None if request.kind.C_API else request.kind.NOUN)
    if problem is None and isinstance(request.kind, SharedLibrary):
        problem = naming.check_consistent(request.kind.version, request.kind.soversion)
    if problem:
        raise ConfigError(problem)
    request.kind.check_sources(request.package_dirs)


def check_cgo(request: TargetRequest, meson: MesonFacts) -> None:
    """A target without cgo: a program or test binary (a library is C's to call), with nothing
    that needs a C compiler or a C library. The adapter gives it no C compiler."""
    go = request.go
    if go.cgo:
        assert meson.cc is not None, "a target with cgo gets the C compiler"
        return
    if not isinstance(request.kind, Program):
        raise ConfigError(f"a Go {request.kind.NOUN} is built with cgo: only go.executable() and go.test() take "
                          "cgo: false")
    assert meson.cc is None, "a target without cgo gets no C compiler"
    if go.glibc_max is not None:
        raise ConfigError(f"glibc_max: {go.glibc_max!r} limits the glibc a program links, and with cgo: false the "
                          "program links no C library (it is static): remove glibc_max, or remove cgo: false")
    c = meson.c_inputs
    if c.cflags or c.ldflags:
        raise ConfigError("dependencies: or link_with: give cgo C flags or libraries, and with cgo: false Go "
                          "builds no C: remove them, or remove cgo: false")


def install_paths(kind: TargetKind, output: OutputSettings, meson: MesonFacts, fmt: BinaryFormat) -> InstallPaths:
    # The names Meson gives its own targets' default dirs, so that its install plan (and
    # meson-python, which maps it to wheel dirs) names them as it does for a C target.
    where = kind.install_default(fmt)
    main = output.install_dir or dataclasses.replace(meson.dirs[where.option], name=where.name)
    # A DLL goes to bindir; its import library and .pc stay in libdir, as Meson installs them.
    libdir = meson.dirs["libdir"] if where.option != kind.INSTALL.option else main
    return InstallPaths(prefix=meson.prefix, main=main,
                        includedir=output.header_install_dir or meson.dirs["includedir"], libdir=libdir)


def program_link(kind: TargetKind, fmt: BinaryFormat, meson: MesonFacts,
                 toolchain: GoToolchain) -> goenv.ProgramLink | None:
    """How Go links a program: PIE exactly when Meson's executables are (b_pie, or a C compiler
    that builds PIE by default, as Debian's gcc does; Meson adds nothing when b_pie is false), and
    bound at start-up (goenv.go_build)."""
    if not (kind.LINKED_AS_PROGRAM and fmt.HARDENS_PROGRAMS):
        return None
    if meson.cc is None:   # no cgo: Go's internal linker makes a static program
        return goenv.ProgramLink(pie=False, bindnow=False, static=True)
    return goenv.ProgramLink(pie=meson.options.pie or meson.pie_default, bindnow=toolchain.has_bindnow)


def prepare(request: TargetRequest, meson: MesonFacts, toolchain: GoToolchain, libc: str | None) -> Prepared:
    """Names, install dirs, the Go environment and flags. `libc`: the host C library (glibc,
    musl, ...) on Linux, None elsewhere; go_environment() says which GOOS it is."""
    kind, output, go = request.kind, request.output, request.go
    check_cgo(request, meson)
    configured = goenv.go_environment(meson.machine, meson.cc, go.env, meson.setup_env, toolchain.has_nodwarf5,
                                      meson.pkg_config.environment() if meson.pkg_config is not None else None)
    if request.module_package is not None and request.module_package.modfile is not None:
        # The module file alone pins the program: no go.work around it mixes in other modules.
        configured.setdefault("GOWORK", "off")
    fmt = format_for_goos(configured["GOOS"])
    check_options_apply(request, meson, fmt, configured["GOOS"])
    if configured["GOOS"] == "darwin":   # a macos_min below what Go supports is refused at the call
        macos.macos_min(meson.machine.properties, toolchain.version, toolchain.version_string)
    paths = install_paths(kind, output, meson, fmt)
    private = paths.python_package_dir is not None
    if private:
        kind = kind.in_python_package()
    header: str | None = None
    install_header = pkgconfig = False
    if isinstance(kind, Library):
        header = None if output.header is False else (
            kind.default_header(request.name, fmt) if output.header is True else output.header)
        # Into a Python package, or a plugin: a private part of its host, so no header or .pc
        # goes under the prefix unless asked (meson-python could not place them in a wheel).
        # A header_install_dir asks for the header.
        installs = kind.HEADER_INSTALLED and not private
        install_header = output.install_header if output.install_header is not None else (
            output.header_install_dir is not None or installs)
        pkgconfig = output.pkgconfig if output.pkgconfig is not None else (kind.PKGCONFIG and not private)
    files = kind.files(request.name, fmt, header)

    on_musl = libc == "musl"
    starts_runtime, note = kind.musl() if on_musl else (False, None)
    options = meson.options
    if meson.sanitizer_cc is not None and go.cgo:
        configured["CC"] = quote_args(meson.sanitizer_cc)
    darwin_without_sdk = configured["GOOS"] == "darwin" and macos.links_without_sdk(meson.cc)
    link_search = macos.stub_link_args() if darwin_without_sdk else ()
    go_build = goenv.go_build(kind.buildmode(), go.tags, go.ldflags, go.go_args, options,
                              program=program_link(kind, fmt, meson, toolchain), cgo=go.cgo,
                              no_dwarf=darwin_without_sdk and kind.LINKED_AS_PROGRAM)
    if "GOCACHEPROG" in configured and toolchain.version < (1, 24):
        raise ConfigError(f"GOCACHEPROG is set, but {toolchain.version_string} uses it only from Go 1.24 on: "
                          "use a newer Go, or unset GOCACHEPROG for meson setup")
    c = meson.c_inputs
    ldflags = [*c.ldflags, *link_search]
    # A library's own link is Meson's, which finds Meson's libraries as for its own targets.
    if c.rpaths and not isinstance(kind, Library) and fmt.RUNPATH:
        ldflags += fmt.rpath_link_args(program_rpaths(c.rpaths, fmt))
    for var, flags in (("CGO_CFLAGS", c.cflags), ("CGO_LDFLAGS", tuple(ldflags))):
        if flags:
            configured[var] = quote_args([*split_args(configured[var]), *flags])
    return Prepared(
        request=request, kind=kind, meson=meson, toolchain=toolchain, fmt=fmt, files=files, paths=paths,
        install_header=install_header, pkgconfig=pkgconfig, env=configured, build_args=tuple(go_build.build_args),
        extldflags=tuple(go_build.extldflags), musl=starts_runtime, musl_note=note, libc=libc,
        link_search=link_search)


def program_rpaths(rpaths: tuple[str, ...], fmt: BinaryFormat) -> tuple[str, ...]:
    """The build rpaths of a program that links Meson's shared libraries (c_dependencies() writes
    them relative to $ORIGIN), as the format's loader reads them (@loader_path for Mach-O)."""
    return tuple(fmt.RPATH_ORIGIN + r.removeprefix("$ORIGIN") for r in rpaths)


# --- assemble: the plans, once Go has described the package -----------------------------------


@dataclass(frozen=True)
class InstalledOutput:
    """One output of the target's CustomTarget and where `meson install` puts it."""

    name: str
    install_dir: InstallDir | None     # None: not installed
    tag: str | None


@dataclass(frozen=True)
class InstallPlan:
    install: bool
    outputs: tuple[InstalledOutput, ...]          # the CustomTarget's outputs, in order
    pkgconfig: InstalledOutput | None = None      # the .pc (its path in the build dir)
    own_header: InstalledOutput | None = None     # the project's own header (its absolute path)


@dataclass(frozen=True, kw_only=True)
class TargetOutline:
    """What a call makes before Go is asked about its packages: its files, where they install,
    and what its consumers and the post-configure hooks need (outline())."""

    install: InstallPlan
    files: TargetFiles                            # what Meson names the target's file
    go_part: GoPartFiles | None                   # a library: the outputs of its Go part
    header_index: int | None                      # which output is the header
    consumer_link_args: tuple[str, ...]           # what a consumer of an archive links besides it
    meson_link_args: tuple[str, ...]              # a shared library or module: its link_args
    python_package_dir: str | None
    strip: bool | None                            # a program: stripped at install as Meson's own (None: never)
    build_rpaths: tuple[str, ...]                 # a program: build-dir RUNPATH entries, dropped at install
    on_devenv_path: bool                          # an installed program `meson devenv` puts on PATH
    pkgconfig: PkgConfigSource | None = None      # a library's .pc pair
    musl_note: str | None = None


@dataclass(frozen=True, kw_only=True)
class TargetPlan(TargetOutline):
    """The outline completed with what Go said of the packages: the build plan."""

    build: BuildPlan
    # go.mod, go.sum, go.work: editing one reconfigures (setup then fetches what it needs).
    regenerate_on: tuple[str, ...] = ()
    go_sources: tuple[str, ...] = ()              # what `meson introspect --targets` lists (go_sources())


def supplied_main(listed_import_paths: tuple[str, ...], first_dir: str, private_dir: str
                  ) -> tuple[SuppliedMain, OverlaidFile]:
    """The main package mesongo supplies (mainpkg.py) for a library of packages that are not main,
    and its main.go."""
    virtual_dir = mainpkg.virtual_main_dir(first_dir)
    main_go = OverlaidFile(os.path.join(virtual_dir, "main.go"), os.path.join(private_dir, "main", "main.go"),
                           mainpkg.main_source(listed_import_paths))
    return SuppliedMain(virtual_dir=virtual_dir, exporting=listed_import_paths), main_go


def inline_dirs(facts: PackageFacts) -> tuple[str, ...]:
    """Directories whose headers the generated header may inline: the packages' own, and their
    `#cgo CFLAGS: -I` directories inside the same module."""
    dirs: dict[str, None] = {}
    for package in facts.listed:
        module_root = os.path.dirname(package.module_gomod) if package.module_gomod else package.dir
        dirs[package.dir] = None
        dirs.update(dict.fromkeys(d for d in package.include_dirs
                                  if d == module_root or d.startswith(module_root.rstrip(os.sep) + os.sep)))
    return tuple(dirs)


def policy(prep: Prepared) -> Policy:
    """The after-link checks (policy.py); the export list is known only after the build."""
    machine = prep.meson.machine
    expected = None if "go_arch" in machine.properties else prep.fmt.expected_machine(machine.cpu_family)
    glibc_max = prep.request.go.glibc_max or machine.properties.get("glibc_max")
    glibc: tuple[int, ...] | None = None
    static = not prep.request.go.cgo and prep.kind.LINKED_AS_PROGRAM
    if glibc_max is not None and prep.libc == "glibc" and not static:
        from ..binfmt.elf import parse_version

        if not isinstance(glibc_max, str) or naming.check_glibc_max(glibc_max):
            raise ConfigError(f"machine file property glibc_max = {glibc_max!r}: use a version such as '2.17'")
        glibc = parse_version(glibc_max)
    # A DLL's internal name is its file name, which importers record (cargo-c learned it the hard way).
    own_name = prep.files.filename if prep.fmt.NAMED_BY_FILE and prep.kind.SHARED_OBJECT else prep.files.soname
    rules = Policy(machine=expected[0] if expected else None, bits=expected[1] if expected else None,
                   soname=own_name, libc=prep.libc if prep.libc in ("glibc", "musl") and not static else None,
                   glibc_max=glibc, static=static)
    if prep.env["GOOS"] != "darwin":
        return rules
    kind = prep.kind
    versions = kind.dylib_versions() if isinstance(kind, SharedLibrary) and not isinstance(kind, SharedModule) \
        else None
    return dataclasses.replace(
        rules, darwin_versions=(naming.darwin_version(versions[0]), naming.darwin_version(versions[1]))
        if versions else None,
        macos_min=macos.macos_min(machine.properties, prep.toolchain.version, prep.toolchain.version_string),
        # A plugin's host provides what it leaves undefined, as for Meson's shared_module().
        host_symbols=isinstance(kind, SharedModule))


@dataclass(frozen=True)
class PkgConfigSource:
    """A library's .pc pair before it is rendered: the outline names the files, the plan holds
    their text (rendered at assemble(), once Go has been asked: jinja2 loads while Go answers)."""

    pc: naming.PkgConfig
    target_dir: str          # the build dir of the target, for the uninstalled .pc
    path: str                # where the installed .pc is written (relative to the build root)
    uninstalled_path: str

    def files(self) -> PkgConfigFiles:
        return PkgConfigFiles(text=naming.pkgconfig_text(self.pc),
                              uninstalled_text=naming.pkgconfig_uninstalled_text(self.pc, self.target_dir),
                              path=self.path, uninstalled_path=self.uninstalled_path,
                              requires_private=self.pc.requires_private)


def pkgconfig_source(prep: Prepared) -> PkgConfigSource:
    files, paths, kind = prep.files, prep.paths, prep.kind
    version = kind.version if isinstance(kind, SharedLibrary) else None
    pc = naming.PkgConfig(
        name=files.name, description=f"Go {kind.NOUN} {files.name}",
        version=version or prep.meson.project_version, prefix=paths.prefix,
        libdir=paths.relative(paths.libdir.path), includedir=paths.relative(paths.includedir.path),
        libs=(f"-l{files.name}",),
        # A static link (an archive, or `pkg-config --static` of a library that has both) needs
        # -pthread and, known only at build time, the packages' #cgo LDFLAGS.
        libs_private=(LIBS_PRIVATE,),
        requires_private=prep.meson.c_inputs.pkgconfig_names,
        # The project's own header is found where it is in the source tree.
        uninstalled_include_dirs=(*([os.path.dirname(own.path)] if (own := prep.request.output.own_header) else []),
                                  *prep.meson.c_inputs.header_dirs),
    )
    return PkgConfigSource(
        pc, target_dir=os.path.normpath(os.path.join(prep.meson.build_root, prep.meson.subdir)),
        path=os.path.join("meson-private", "mesongo", f"{files.name}.pc"),
        uninstalled_path=os.path.join("meson-uninstalled", f"{files.name}-uninstalled.pc"),
    )


def install_plan(prep: Prepared, go_part: GoPartFiles | None, pkgconfig: PkgConfigSource | None) -> InstallPlan:
    """What the target's CustomTarget installs: a program or test binary, or a library's header
    (Meson's own target installs the library), and the library's .pc."""
    files, paths, output = prep.files, prep.paths, prep.request.output
    tag = output.install_tag
    if go_part is None:
        return InstallPlan(output.install, (InstalledOutput(files.filename, paths.main,
                                                            tag or prep.kind.INSTALL_TAG),))
    header = () if go_part.header is None else (
        InstalledOutput(go_part.header, paths.includedir if prep.install_header else None, tag or "devel"),)
    outputs = (InstalledOutput(go_part.object, None, None), *header)
    pc = None
    if pkgconfig is not None and output.install:
        # Named as Meson's pkgconfig module names its dir, for the install plan.
        name = paths.libdir.name
        if name in ("{libdir_shared}", "{libdir_static}", "{moduledir_shared}"):
            name = "{libdir}"
        pc_dir = os.path.join(paths.libdir.path, "pkgconfig")
        pc = InstalledOutput(pkgconfig.path, InstallDir(pc_dir, os.path.join(name, "pkgconfig") if name else None),
                             tag or "devel")
    own = None
    if output.own_header is not None and output.install and prep.install_header:
        own = InstalledOutput(output.own_header.path, paths.includedir, tag or "devel")
    return InstallPlan(output.install and any(o.install_dir for o in outputs), outputs, pc, own)


def meson_link_args(prep: Prepared, go_part: GoPartFiles) -> tuple[str, ...]:
    """The link arguments of the shared library or module Meson links from a Go object: what Go's
    own c-shared link passes, the export list, what the Go archive needs (a response file the Go
    part writes: #cgo LDFLAGS as they are at build time) and the call's -extldflags. The two files
    are named relative to the build root, where ninja runs the link: every no-op `ninja` reads
    these arguments in build.ninja."""
    exports = () if prep.request.output.exports.mode is ExportMode.ALL else tuple(
        prep.fmt.export_list_link_args(go_part.export_list))
    return (*prep.fmt.SHARED_OBJECT_LINK_ARGS, *exports, *prep.link_search, "@" + go_part.link_args, *prep.extldflags)


def outline(prep: Prepared) -> TargetOutline:
    """Everything of the target that does not depend on what Go says of its packages."""
    kind, files, meson, output = prep.kind, prep.files, prep.meson, prep.request.output
    library = isinstance(kind, Library)
    go_part = go_part_files(files, prep.fmt, prep.meson.subdir) if library else None
    pkgconfig = pkgconfig_source(prep) if library and prep.pkgconfig else None
    return TargetOutline(
        install=install_plan(prep, go_part, pkgconfig), files=files, go_part=go_part,
        header_index=1 if go_part is not None and go_part.header else None,
        # What a static library's consumers link besides it (both_libraries() has one too).
        consumer_link_args=(*prep.link_search, "@" + os.path.join(meson.build_root, go_part.link_args))
        if go_part is not None else (),
        meson_link_args=meson_link_args(prep, go_part) if go_part is not None else (),
        python_package_dir=prep.paths.python_package_dir,
        strip=meson.strip if kind.STRIPPED_AS_MESON_DOES else None,
        build_rpaths=() if library else program_rpaths(meson.c_inputs.rpaths, prep.fmt),
        # As Meson's executable(): an installed host program in the default bindir is on devenv's PATH.
        on_devenv_path=isinstance(kind, Program) and kind.RUNS_ON_HOST and output.install
        and output.install_dir is None and not kind.native,
        pkgconfig=pkgconfig, musl_note=prep.musl_note)


def check_plan(prep: Prepared, library_file: str, step_code: str) -> CheckPlan:
    """The after-link checks of the shared library or module Meson links as `library_file`
    (relative to the target's build dir)."""
    exports = None if prep.request.output.exports.mode is ExportMode.ALL else os.path.join(
        prep.private_dir, EXPORTS_LIST)
    return CheckPlan(library=os.path.join(prep.meson.subdir, library_file), binary_format=prep.fmt.KEY,
                     policy=policy(prep), exports_file=exports,
                     symbols=os.path.join(prep.meson.subdir, f"{library_file}.symbols"), step_code=step_code)




def assemble(prep: Prepared, facts: PackageFacts, shape: TargetOutline | None = None,
             pkg_config_files: tuple[str, ...] = ()) -> TargetPlan:
    """The plans, after the kind's rules are checked against what Go said of the packages.
    `shape`: the target's outline(), when the caller made it already; `pkg_config_files`: the .pc
    files of the packages' `#cgo pkg-config:` names, which the build step tracks."""
    request, kind, files, meson = prep.request, prep.kind, prep.files, prep.meson
    module_package = request.module_package
    if module_package is not None:
        packagecheck.check_module_package(facts, module_package.import_path, module_package.modfile,
                                          request.package_dirs[0])
    packagecheck.check_in_module(facts, request.package_dirs, request.name)
    packagecheck.check_module_complete(facts, request.package_dirs,
                                       module_package.import_path if module_package is not None else None)
    if not request.go.cgo:   # before the kind's rules: a package of cgo files alone has no files left
        packagecheck.check_without_cgo(facts, request.package_dirs, kind.NOUN)
    kind.check_package(facts, request.package_dirs, meson.cc is not None and meson.cc.cxx_exelist is not None)
    shape = shape or outline(prep)
    private_dir = prep.private_dir
    supplied: SuppliedMain | None = None
    overlaid: list[OverlaidFile] = []
    if kind.supplies_main(facts):
        supplied, main_go = supplied_main(tuple(p.import_path for p in facts.listed), request.package_dirs[0],
                                          private_dir)
        overlaid.append(main_go)
    env = {**prep.env, **facts.pinned}
    env["GOPROXY"] = "off"   # what Go needs is at hand now: ninja never fetches (a go.mod edit reconfigures)
    build_args = prep.build_args
    covered = None
    if meson.options.coverage:
        build_args += coverage.cover_args(coverage.instrumented(
            facts.packages, facts.listed, supplied.virtual_dir if supplied is not None else None))
        covered, cover_files = coverage.plan(prep.toolchain.env["GOROOT"], meson.build_root, private_dir,
                                             flush=kind.C_API)
        if kind.ADDS_TO_RUNTIME_COVERAGE:
            overlaid += cover_files
    overlay_file = os.path.join(private_dir, "overlay.json") if overlaid else None
    build_args += (f"-overlay={overlay_file}",) if overlay_file else ()
    go = GoCommand(
        go=prep.toolchain.path, subcommand=kind.go_command(), package_dir=request.package_dirs[0],
        package=module_package.import_path if module_package is not None else mainpkg.GO_PACKAGE if supplied else ".",
        env=env, args=build_args,
        output=os.path.join(private_dir, kind.go_output_name(files)), supplied_main=supplied,
        overlay_file=overlay_file, overlaid=tuple(overlaid), coverage=covered,
        tracked_header_dirs=meson.c_inputs.header_dirs, module_files=module_files(facts),
        pkg_config_files=pkg_config_files)
    library: LibraryPlan | None = None
    output = os.path.join(meson.subdir, files.filename)
    go_part = shape.go_part
    if go_part is not None:
        output = os.path.join(meson.subdir, go_part.object)
        library = LibraryPlan(
            header=HeaderPlan(os.path.join(meson.subdir, go_part.header), inline_dirs(facts)) if go_part.header
            else None,
            objects=GoObject(output, go_part.export_list, go_part.link_args),
            exports=request.output.exports,
            pkgconfig=shape.pkgconfig.files() if shape.pkgconfig is not None else None,
            own_header=request.output.own_header.path if request.output.own_header is not None else None)
    build = BuildPlan(
        name=request.name, kind=kind, binary_format=prep.fmt.KEY, output=output,
        private_dir=private_dir, depfile=f"{output}.d", go=go,
        c=CCommands(meson.cc.exelist, meson.cc.cxx_exelist, meson.cc.cxx_runtime) if meson.cc is not None
        else CCommands(),
        library=library, musl=prep.musl, policy=policy(prep))
    fields = {f.name: getattr(shape, f.name) for f in dataclasses.fields(TargetOutline)}
    return TargetPlan(**fields, build=build, regenerate_on=regenerate_on(facts),
                      go_sources=go_sources(facts, tests=go.subcommand[0] == "test"))


# What go list names and a person edits: Go, cgo, C, C++, Objective-C, Fortran, assembly, SWIG
# and header files; not embedded data, objects (.syso), or files other build tags select.
SOURCE_FIELDS = ("GoFiles", "CgoFiles", "CFiles", "CXXFiles", "MFiles", "HFiles", "FFiles", "SFiles", "SwigFiles",
                 "SwigCXXFiles")


def go_sources(facts: PackageFacts, tests: bool) -> tuple[str, ...]:
    """The source files of the target as setup's go list saw them: those of its own packages (with
    their tests for a test binary), then those of the packages they import from the main modules
    (the module of go.mod, or those of go.work: no version), which an edit rebuilds the target
    for too. Neither the standard library nor the modules it requires (module cache, vendor/)."""
    fields = (*SOURCE_FIELDS, "TestGoFiles", "XTestGoFiles") if tests else SOURCE_FIELDS
    own = {id(p) for p in facts.listed}
    # A program named by import path may come from the module cache: its files are not the project's.
    packages = [*(p for p in facts.listed if p.module_version is None),
                *(p for p in facts.packages if id(p) not in own and p.dir and not p.standard
                  and p.module_gomod and p.module_version is None)]
    files: dict[str, None] = {}
    for package in packages:
        for field_name in fields:
            files.update(dict.fromkeys(os.path.join(package.dir, name) for name in package.files.get(field_name, ())))
    return tuple(files)


def module_files(facts: PackageFacts) -> tuple[str, ...]:
    """A program named by import path: the go.mod Go resolves it with and the go.sum beside it,
    which the build step's depfile lists (go list names the go.mod of the package's own module,
    and a module in the module cache is immutable: a new version is an edit of these two)."""
    if facts.module_file is None:
        return ()
    return facts.module_file, os.path.join(os.path.dirname(facts.module_file), "go.sum")


def regenerate_on(facts: PackageFacts) -> tuple[str, ...]:
    """go.mod, go.sum and go.work are inputs of the configuration: an edit (a new requirement
    for one) reruns setup, which fetches what it needs, before ninja builds offline. The caller
    keeps those that exist."""
    gomod, gowork = facts.module_file or facts.package.module_gomod, facts.pinned.get("GOWORK", "off")
    candidates = [gomod, os.path.join(os.path.dirname(gomod), "go.sum")] if gomod else []
    if gowork != "off":
        candidates += [gowork, gowork + ".sum"]
    return tuple(p for p in candidates if os.path.isabs(p))
