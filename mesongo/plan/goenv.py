"""Pure: Meson's view of the host machine and C compiler -> the Go build environment and flags.

Nothing here runs a program or reads the process environment; module.py gathers the facts from
Meson and the result is written into the ninja command line, where a user can read it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import ConfigError, UnsupportedMachine
from ..toolchain.gocmd import quote_args, split_args

# Meson `system` -> GOOS (Meson reference tables, "Operating system names").
GOOS_BY_SYSTEM = {
    "linux": "linux", "darwin": "darwin", "windows": "windows", "freebsd": "freebsd",
    "netbsd": "netbsd", "openbsd": "openbsd", "dragonfly": "dragonfly", "android": "android",
    "sunos": "illumos", "gnu": "hurd",
}

# Meson cpu_family -> GOARCH, by endianness (Go has no big-endian arm64/riscv64/x86).
GOARCH_BY_CPU_FAMILY = {
    "x86_64": "amd64", "x86": "386", "aarch64": "arm64", "arm": "arm", "riscv64": "riscv64",
    "ppc64": "ppc64le", "loongarch64": "loong64", "mips": "mipsle",
    "mips64": "mips64le", "wasm": "wasm",
}
GOARCH_BIG_ENDIAN = {"ppc64": "ppc64", "mips": "mips", "mips64": "mips64", "s390x": "s390x"}
# Machine-file properties -> the variables that choose an architecture level (GOAMD64=v3, ...).
ARCH_LEVEL_PROPERTIES = (("go_amd64", "GOAMD64"), ("go_arm64", "GOARM64"), ("go_386", "GO386"),
                         ("go_mips", "GOMIPS"), ("go_mips64", "GOMIPS64"), ("go_ppc64", "GOPPC64"),
                         ("go_riscv64", "GORISCV64"))
# Every variable go_target() may set: which machine Go builds for.
TARGET_VARS = ("GOOS", "GOARCH", "GOARM", *(var for _prop, var in ARCH_LEVEL_PROPERTIES))

# Configuration a user sets in the environment of `meson setup`, read at the build dir's first
# configure and kept for every later one (as Meson keeps CFLAGS; meson_adapter/setupenv.py): how
# modules are fetched and verified, GOFLAGS, GOEXPERIMENT, and the caches a CI farm shares
# (GOCACHEPROG, a remote build cache; GOCACHE, GOMODCACHE, GOPATH where set: setup fetches modules
# into the module cache that the build then reads). In the environment of `ninja` they are ignored
# like every other Go variable, except the cache locations, which pass through when setup did not
# fix them.
SETUP_GO_VARS = ("GOFLAGS", "GOEXPERIMENT", "GOPROXY", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOSUMDB",
                 "GOINSECURE", "GOAUTH", "GOCACHEPROG", "GOCACHE", "GOMODCACHE", "GOPATH")
# Machine-file property go_mod -> `go build -mod=...`; 'vendor' also forbids the network (GOPROXY=off).
GO_MOD_MODES = ("vendor", "readonly", "mod")
# Keys a user may not set through `env:` because Meson decides them.
MESON_DECIDES = frozenset({"GOOS", "GOARCH", "CGO_ENABLED", "CC", "CXX", "GOTOOLCHAIN", "GOFLAGS"})

# Go's own default for CGO_CFLAGS/CGO_LDFLAGS when unset (cmd/go/internal/cfg: DefaultCFlags).
GO_DEFAULT_CFLAGS = ("-O2", "-g")


@dataclass(frozen=True)
class HostMachine:
    """Meson's host machine, plus the cross-file `[properties]` that steer Go."""

    system: str
    cpu_family: str
    cpu: str
    endian: str
    properties: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class CCompiler:
    exelist: tuple[str, ...]
    c_args: tuple[str, ...] = ()
    c_link_args: tuple[str, ...] = ()
    cxx_exelist: tuple[str, ...] | None = None
    cxx_args: tuple[str, ...] = ()
    cxx_runtime: tuple[str, ...] = ()       # what linking C++ objects with the C driver needs, e.g. -lstdc++
    c_id: str = "gcc"                       # Meson's compiler id: gcc, clang, ...
    linker_id: str = ""                     # Meson's id of its linker: ld.bfd, ld.zigcc, ld64, ...


def _prop(machine: HostMachine, key: str) -> str | None:
    value = machine.properties.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"machine file property {key} must be a string, not {value!r}")
    return value


def go_target(machine: HostMachine) -> dict[str, str]:
    """GOOS/GOARCH (+ GOARM/GOAMD64/...) for a Meson host machine."""
    goos = _prop(machine, "go_os") or GOOS_BY_SYSTEM.get(machine.system)
    if goos is None:
        raise UnsupportedMachine(
            f"Go cannot target host system {machine.system!r}; set go_os in the machine file's "
            f"[properties] if Go knows it under another name (known: {', '.join(sorted(GOOS_BY_SYSTEM))})")
    goarch = _prop(machine, "go_arch")
    if goarch is None:
        table = GOARCH_BIG_ENDIAN if machine.endian == "big" else GOARCH_BY_CPU_FAMILY
        goarch = table.get(machine.cpu_family)
        if goarch is None:
            raise UnsupportedMachine(
                f"Go cannot target cpu_family {machine.cpu_family!r} ({machine.endian} endian); set go_arch "
                "in the machine file's [properties] if Go supports it under another name")
    env = {"GOOS": goos, "GOARCH": goarch}
    if goarch == "arm":
        goarm = _prop(machine, "go_arm")
        if goarm is None:
            cpu = machine.cpu.lower()
            goarm = "7" if cpu.startswith(("armv7", "armv8")) else "6" if cpu.startswith("armv6") else "5"
        env["GOARM"] = goarm
    for prop, var in ARCH_LEVEL_PROPERTIES:
        value = _prop(machine, prop)
        if value is not None:
            env[var] = value
    return env


# Go's DWARF 5 (.debug_addr) is refused by dwz <= 0.15 (Debian's dh_dwz: "Unknown debugging
# section .debug_addr") and by debugedit (RPM's find-debuginfo; golang/go#76630); Fedora and RHEL
# ship Go with nodwarf5 for this reason. On ELF systems mesongo asks for DWARF 4 unless the user's
# GOEXPERIMENT names dwarf5 either way.
ELF_GOOS = frozenset({"linux", "android", "freebsd", "netbsd", "openbsd", "dragonfly", "illumos", "hurd"})


def _with_dwarf4(goexperiment: str) -> str:
    names = [e for e in goexperiment.split(",") if e]
    if any(e.removeprefix("no") == "dwarf5" for e in names):
        return goexperiment
    return ",".join([*names, "nodwarf5"])


def decided_by_meson(user_env: Mapping[str, str], keyword: str = "env") -> str | None:
    """What is wrong with a target's build environment (the `keyword` of its call), if it sets a
    variable that Meson decides."""
    for key in user_env:
        if key == "CGO_ENABLED":
            return (f"{keyword} sets CGO_ENABLED, which mesongo decides: for a program or Go test without C (static, "
                    "no C compiler), give go.executable() or go.test() cgo: false instead; a Go library always "
                    "needs cgo")
        if key in MESON_DECIDES:
            return (f"{keyword} sets {key}, which Meson decides for this build: choose the target with a cross or "
                    "native file, the C compiler with CC at setup or [binaries], Go flags with go_args")
    return None


def go_environment(machine: HostMachine, cc: CCompiler | None, user_env: Mapping[str, str],
                   setup_env: Mapping[str, str] | None = None, has_nodwarf5: bool = False,
                   pkg_config: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables every Go command of this build runs with (on top of a cleaned environment):
    Meson's facts, the SETUP_GO_VARS of `setup_env` (the environment of `meson setup`), the
    machine file's go_mod, `pkg_config` (what cgo's pkg-config runs with: plan/pkgconfig.py),
    then the library's `env:`. `has_nodwarf5`: the Go toolchain writes DWARF 5 unless
    GOEXPERIMENT=nodwarf5 says otherwise. `cc` None: a target without cgo (CGO_ENABLED=0, and no
    C compiler or cgo flags for Go to see)."""
    problem = decided_by_meson(user_env)
    if problem:
        raise ConfigError(problem)
    env = go_target(machine)
    env.update({
        "CGO_ENABLED": "1" if cc is not None else "0",
        "GOTOOLCHAIN": "local",   # never download another Go because go.mod asks for one
        "GOFLAGS": "",
    })
    if cc is not None:
        env.update({
            "CC": quote_args(cc.exelist),
            "CGO_CFLAGS": quote_args([*GO_DEFAULT_CFLAGS, *cc.c_args]),
            "CGO_LDFLAGS": quote_args([*GO_DEFAULT_CFLAGS, *cc.c_link_args]),
        })
    if cc is not None and cc.cxx_exelist:
        env["CXX"] = quote_args(cc.cxx_exelist)
        env["CGO_CXXFLAGS"] = quote_args([*GO_DEFAULT_CFLAGS, *cc.cxx_args])
    for key in SETUP_GO_VARS:
        if setup_env and setup_env.get(key):
            env[key] = setup_env[key]
    if has_nodwarf5 and env["GOOS"] in ELF_GOOS:
        env["GOEXPERIMENT"] = _with_dwarf4(env.get("GOEXPERIMENT", ""))
    go_mod = _prop(machine, "go_mod")
    if go_mod is not None:
        if go_mod not in GO_MOD_MODES:
            raise ConfigError(f"machine file property go_mod = {go_mod!r}: use one of {', '.join(GO_MOD_MODES)}")
        env["GOFLAGS"] = " ".join(f for f in (env["GOFLAGS"], f"-mod={go_mod}") if f)
        if go_mod == "vendor":
            env["GOPROXY"] = "off"
    env.update(pkg_config or {})
    env.update(user_env)
    return env


def _split_extldflags(ldflags: Sequence[str]) -> tuple[list[str], list[str]]:
    """Separate `-extldflags X` / `-extldflags=X` from the other linker flags a user gave."""
    rest: list[str] = []
    ext: list[str] = []
    it = iter(ldflags)
    for flag in it:
        bare = flag.lstrip("-")
        if bare == "extldflags":
            value = next(it, None)
            if value is None:
                raise ConfigError("ldflags ends with -extldflags but gives no value after it")
            ext.append(value)
        elif bare.startswith("extldflags="):
            ext.append(flag.split("=", 1)[1])
        else:
            rest.append(flag)
    return rest, ext


def rpath_flag(rpaths: Sequence[str]) -> str:
    """The link flag that gives a program or library the RUNPATH `rpaths`."""
    return "-Wl,-rpath," + ":".join(rpaths)


@dataclass(frozen=True)
class GoBuild:
    """How one target is built: `go build` arguments (without -o and the package) and, for a
    library, the external-linker flags the call gave (-extldflags), which go to Meson's link."""

    build_args: list[str]
    extldflags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MesonOptions:
    """The Meson built-in options that change what Go builds (docs/reference/options.md: "Meson's options and Go")."""

    optimization: str = "plain"       # Meson's optimization: plain, 0, g, 1, 2, 3, s
    debug: bool = False
    sanitize: tuple[str, ...] = ()    # b_sanitize
    lundef: bool = True               # b_lundef
    coverage: bool = False            # b_coverage: go build -cover (plan/coverage.py)
    pie: bool = False                 # b_pie

    @property
    def debugging(self) -> bool:
        """A build for a debugger (buildtype=debug): Go's optimizations off and source paths kept."""
        return self.debug and self.optimization in ("0", "g")


# b_sanitize -> the go build flag and the link flag that match it; Go has no others.
GO_SANITIZERS = {"address": ("-asan", "-fsanitize=address"), "memory": ("-msan", "-fsanitize=memory")}


@dataclass(frozen=True)
class ProgramLink:
    """How Go links an ELF program: hardened as Meson's own executables are."""

    pie: bool = False            # -buildmode=pie: Meson's executables are PIE (b_pie, or the compiler's default)
    bindnow: bool = True         # the Go linker knows -bindnow (else -z now reaches an external link only)
    # No cgo: Go's internal linker makes a static program (no loader, nothing to bind, no PIE:
    # Go's PIE needs the dynamic loader to relocate it).
    static: bool = False


# go build flags that need cgo (cmd/go: "-race requires cgo", "-asan requires cgo", ...).
NEED_CGO_FLAGS = ("race", "asan", "msan")


def check_without_cgo(ldflags: Sequence[str], go_args: Sequence[str]) -> None:
    """The flags a target without cgo cannot have: nothing for a C linker, no detector that is C."""
    rest, ext = _split_extldflags(ldflags)
    if ext:
        raise ConfigError("ldflags has -extldflags, which passes flags to the C linker, and with cgo: false Go's own "
                          "linker links alone: remove it, or remove cgo: false")
    for i, flag in enumerate(rest):
        bare = flag.lstrip("-")
        if bare == "linkmode=external" or (bare == "linkmode" and rest[i + 1:i + 2] == ["external"]):
            raise ConfigError("ldflags has -linkmode=external, which links with the C compiler, and with cgo: false "
                              "there is none: remove it, or remove cgo: false")
    for arg in go_args:
        name = arg.lstrip("-").split("=", 1)[0]
        if arg.startswith("-") and name in NEED_CGO_FLAGS and not arg.endswith("=false"):
            raise ConfigError(f"go_args has -{name}, which needs cgo (Go links the {name} runtime, which is C, "
                              "through cgo), and with cgo: false there is none: remove it, or remove cgo: false")


def go_build(buildmode: str | None, tags: Sequence[str], ldflags: Sequence[str], go_args: Sequence[str],
             options: MesonOptions, program: ProgramLink | None = None, cgo: bool = True,
             no_dwarf: bool = False) -> GoBuild:
    """One merged -ldflags, since go build keeps only the last -ldflags it is given (and the Go
    linker only the last -extldflags).

    `buildmode` is what the target kind builds (None: a program or test binary, Go's default; a
    library is a c-archive, which Meson's own targets link: its -extldflags go to that link).

    Meson's options: a debugging build turns Go's optimizations off (-gcflags=all=-N -l) and
    keeps source paths (no -trimpath) so that gdb lists Go source; b_sanitize address/memory
    become -asan/-msan. Every build has an empty Go build ID (-buildid=): Go hashes CGO_CFLAGS
    into it, and distro CFLAGS name the source dir (-ffile-prefix-map), which would make two
    source paths give different bytes.

    `program`: an ELF program (None: anything else). It is bound at start-up (full RELRO,
    lintian's hardening-no-bindnow; Go binds its own dynamically linked code so, since lazy PLT
    resolution can need more stack than Go allows), and PIE when `program.pie`. A PIE is linked
    by the C compiler (-linkmode=external), as Meson's executables are: Go's internal linker
    picks the dynamic loader by looking at the build machine's files (/lib/ld-musl-aarch64.so.1
    for a glibc aarch64 cross build where musl:arm64 is installed; glibc's for a musl build).

    `cgo` false (CGO_ENABLED=0): Go's internal linker alone, a static program; b_sanitize adds
    nothing (Go's -asan and -msan need cgo) and flags for a C linker are refused.

    `no_dwarf`: -w, a program without DWARF (a macOS program zig links: Go's linker would combine
    the DWARF with dsymutil and Apple's strip afterwards, tools another system lacks)."""
    for arg in go_args:
        name = arg.lstrip("-").split("=", 1)[0]
        if arg.startswith("-") and name in ("ldflags", "o", "buildmode", "tags"):
            raise ConfigError(f"go_args must not contain -{name}: use the {name} keyword instead, mesongo sets it"
                              if name in ("ldflags", "tags") else
                              f"go_args must not contain -{name}: mesongo sets it from the function called and "
                              "the target's name")
    if not cgo:
        check_without_cgo(ldflags, go_args)
    rest, ext = _split_extldflags(ldflags)
    sanitizers = [GO_SANITIZERS[s] for s in options.sanitize if s in GO_SANITIZERS] if cgo else []
    archive = buildmode == "c-archive"
    # Go's own links of programs (internal or external) compress the debug sections, which dwz
    # refuses ("Found compressed .debug_aranges section": dh_dwz fails the package); a user's
    # later -ldflags still win.
    link = ["-buildid=", *(["-compressdwarf=false"] if program is not None else []), *(["-w"] if no_dwarf else []),
            *rest]
    if program is not None and not program.static:
        if program.pie:
            buildmode = "pie"
            link.insert(2, "-linkmode=external")
        if program.bindnow:
            link.insert(2, "-bindnow")
        else:
            ext.append("-Wl,-z,now")
    if ext and not archive:
        link += ["-extldflags", " ".join(ext)]
    mode = [f"-buildmode={buildmode}"] if buildmode else []
    args = [*mode, *([] if options.debugging else ["-trimpath"]), "-buildvcs=false"]
    if options.debugging:
        args.append("-gcflags=all=-N -l")
    args += [go_flag for go_flag, _link_flag in sanitizers]
    if tags:
        args.append("-tags=" + ",".join(tags))
    args.append("-ldflags=" + quote_args(link))
    args.extend(go_args)
    return GoBuild(args, [f for e in ext for f in split_args(e)] if archive else [])
