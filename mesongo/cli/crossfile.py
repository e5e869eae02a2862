"""Meson cross-files for the targets mesongo knows (Linux, Windows through mingw-w64 and wine,
and macOS through zig), rendered from templates/cross-file.ini.j2.

Pure: what a target needs (compilers, emulator, Debian packages) is data here; cli.py checks that
it is installed and writes the file.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import ConfigError
from ..plan.macos import DEFAULT_MACOS_MIN
from ..render import render

TOOLCHAINS = ("gcc", "zig")


@dataclass(frozen=True)
class Target:
    """One target: Meson's host machine, its C library, and how to build for and run on it."""

    name: str                      # aarch64-linux-gnu
    cpu_family: str
    cpu: str
    endian: str
    libc: str                      # glibc, musl, msvcrt, libSystem
    zig_target: str                # zig's name for it, without a glibc version
    gcc_prefix: str | None         # cross gcc's prefix; None: Debian has no gcc for it
    gcc_packages: tuple[str, ...]  # Debian packages for the gcc toolchain
    binutils: str                  # prefix of the build machine's binutils for it ('' for x86_64), for strip
    qemu: str | None               # user-mode emulator when the build machine (x86_64) cannot run it
    qemu_sysroot: str | None       # its -L argument: where the target's loader and libc live
    run_packages: tuple[str, ...]  # Debian packages needed to run its programs (under qemu)
    system: str = "linux"          # Meson's host_machine system
    runner: tuple[str, ...] = ()   # what runs its programs when that is not qemu (wine)
    pkg_config_libdir: str | None = None   # where its .pc files are, when not Debian's multiarch dir

    @property
    def toolchains(self) -> tuple[str, ...]:
        return (*(("gcc",) if self.gcc_prefix else ()), *(("zig",) if self.system in ("linux", "darwin") else ()))


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("x86_64-linux-gnu", "x86_64", "x86_64", "little", "glibc", "x86_64-linux-gnu",
           "x86_64-linux-gnu-", ("gcc",), "", None, None, ()),
    Target("x86_64-linux-musl", "x86_64", "x86_64", "little", "musl", "x86_64-linux-musl",
           "musl-", ("musl-tools",), "", None, None, ("musl",)),
    Target("aarch64-linux-gnu", "aarch64", "aarch64", "little", "glibc", "aarch64-linux-gnu",
           "aarch64-linux-gnu-", ("gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross"), "aarch64-linux-gnu-",
           "qemu-aarch64",
           "/usr/aarch64-linux-gnu", ("qemu-user", "libc6-arm64-cross")),
    # Debian has no aarch64 musl gcc; its musl:arm64 package (multiarch) provides the loader
    # /lib/ld-musl-aarch64.so.1 that qemu-aarch64 needs.
    Target("aarch64-linux-musl", "aarch64", "aarch64", "little", "musl", "aarch64-linux-musl",
           None, (), "aarch64-linux-gnu-", "qemu-aarch64", None, ("qemu-user", "musl:arm64")),
    Target("arm-linux-gnueabihf", "arm", "armv7hl", "little", "glibc", "arm-linux-gnueabihf",
           "arm-linux-gnueabihf-", ("gcc-arm-linux-gnueabihf", "libc6-dev-armhf-cross"), "arm-linux-gnueabihf-",
           "qemu-arm",
           "/usr/arm-linux-gnueabihf", ("qemu-user", "libc6-armhf-cross")),
    Target("riscv64-linux-gnu", "riscv64", "riscv64", "little", "glibc", "riscv64-linux-gnu",
           "riscv64-linux-gnu-", ("gcc-riscv64-linux-gnu", "libc6-dev-riscv64-cross"), "riscv64-linux-gnu-",
           "qemu-riscv64",
           "/usr/riscv64-linux-gnu", ("qemu-user", "libc6-riscv64-cross")),
    # Windows: Debian's mingw-w64 gcc; its programs run under wine (Debian 12: the 64-bit loader
    # is what `wine` runs). zig's x86_64-windows-gnu builds DLLs too, but its linker does not look
    # for libNAME.dll.a, so a consumer's -lNAME (a .pc's Libs) fails: no zig toolchain here.
    Target("x86_64-w64-mingw32", "x86_64", "x86_64", "little", "msvcrt", "x86_64-windows-gnu",
           "x86_64-w64-mingw32-", ("gcc-mingw-w64-x86-64", "g++-mingw-w64-x86-64"), "x86_64-w64-mingw32-",
           None, None, ("wine", "wine64"), system="windows", runner=("wine",),
           pkg_config_libdir="/usr/x86_64-w64-mingw32/lib/pkgconfig"),
    # macOS: zig links Mach-O without Apple's SDK (docs/howto/macos.md); nothing here runs its programs.
    Target("x86_64-macos", "x86_64", "x86_64", "little", "libSystem", "x86_64-macos", None, (), "", None, None, (),
           system="darwin"),
    Target("aarch64-macos", "aarch64", "aarch64", "little", "libSystem", "aarch64-macos", None, (), "", None, None,
           (), system="darwin"),
)}

GLIBC_SUFFIX = re.compile(r"^(?P<base>.+-gnu(?:eabihf)?)\.(?P<glibc>2\.\d+)$")
# aarch64-macos.13.0: the oldest macOS the files run on (default: DEFAULT_MACOS_MIN, what Go supports).
MACOS_SUFFIX = re.compile(r"^(?P<base>.+-macos)\.(?P<version>\d+\.\d+)$")


@dataclass(frozen=True)
class CrossFile:
    """Everything the template needs."""

    target: Target
    toolchain: str
    glibc: str | None          # the glibc floor (zig targets such as x86_64-linux-gnu.2.17)
    python: str                # the Python that runs zig (`python -m ziglang`)
    native: bool = False       # a native file: this machine's compilers, e.g. zig pinning an older glibc
    zig_binary: str | None = None   # zig named by its path instead of `python -m ziglang`
    macos_version: str | None = None   # the oldest macOS asked for in the spec (aarch64-macos.13.0)

    @property
    def macos_min(self) -> str | None:
        """The oldest macOS the files run on, which zig's target names (a macOS target only)."""
        return self.macos_version or DEFAULT_MACOS_MIN if self.target.system == "darwin" else None

    @property
    def zig(self) -> list[str]:
        return [self.zig_binary] if self.zig_binary else [self.python, "-m", "ziglang"]

    @property
    def kind(self) -> str:
        return "native file" if self.native else "cross-file"

    @property
    def spec(self) -> str:
        return self.target.name + (f".{self.glibc}" if self.glibc else "") + (
            f".{self.macos_version}" if self.macos_version else "")

    @property
    def file_name(self) -> str:
        return self.spec + ("-zig" if self.toolchain == "zig" else "") + ("-native" if self.native else "") + ".ini"

    @property
    def binaries(self) -> dict[str, list[str]]:
        t = self.target
        if self.toolchain == "zig":
            zig = self.zig
            triple = ["-target", self.spec.replace(t.name, t.zig_target, 1)]
            if t.system == "darwin":
                # zig reads the oldest macOS from its target only (-mmacosx-version-min is ignored).
                # binutils' strip knows no Mach-O; LLVM's does, and signs an arm64 file again.
                triple = ["-target", f"{t.zig_target}.{self.macos_min}"]
                return {"c": [*zig, "cc", *triple], "cpp": [*zig, "c++", *triple], "ar": [*zig, "ar"],
                        "strip": ["llvm-strip"], "pkg-config": ["pkg-config"]}
            # zig has no strip that takes Meson's one argument: the distro's binutils strip does.
            return {"c": [*zig, "cc", *triple], "cpp": [*zig, "c++", *triple], "ar": [*zig, "ar"],
                    "strip": [t.binutils + "strip"], "pkg-config": ["pkg-config"]}
        assert t.gcc_prefix is not None
        if t.libc == "musl":   # musl-tools: a gcc wrapper, no C++, the build machine's binutils
            return {"c": ["musl-gcc"], "ar": ["ar"], "strip": ["strip"], "pkg-config": ["pkg-config"]}
        windows = {"windres": [t.gcc_prefix + "windres"]} if t.system == "windows" else {}
        return {"c": [t.gcc_prefix + "gcc"], "cpp": [t.gcc_prefix + "g++"], "ar": [t.gcc_prefix + "ar"],
                "strip": [t.gcc_prefix + "strip"], **windows, "pkg-config": ["pkg-config"]}

    @property
    def zig_link_args(self) -> list[str]:
        return ["-fno-sanitize=undefined", *(["-dynamic"] if self.target.libc == "musl" else [])]

    @property
    def exe_wrapper(self) -> list[str] | None:
        """What runs the target's programs here. qemu's -L SYSROOT gives a glibc program the
        cross toolchain's loader, and LD_LIBRARY_PATH=SYSROOT/lib its C library: Debian's loader
        searches the multiarch /lib/TRIPLET first, where installing any -dev:ARCH package puts
        the distribution's own libc6:ARCH, and a program that got the loader of one libc and the
        libc.so.6 of the other hangs or crashes (a Go library in a C program spins at start-up).
        LD_LIBRARY_PATH comes before that search, and the libraries not in SYSROOT/lib (zlib of
        zlib1g:ARCH) are still found there."""
        t = self.target
        if t.runner and not self.native:
            return list(t.runner)
        if t.qemu is None or self.native:
            return None
        if not t.qemu_sysroot:
            return [t.qemu]
        return [t.qemu, "-L", t.qemu_sysroot, "-E", f"LD_LIBRARY_PATH={t.qemu_sysroot}/lib"]

    @property
    def pkg_config_libdir(self) -> list[str]:
        return [self.target.pkg_config_libdir or f"/usr/lib/{self.target.name}/pkgconfig"]   # Debian's multiarch dir

    @property
    def packages(self) -> tuple[str, ...]:
        """Debian packages to build for and run on this target."""
        t = self.target
        build = t.gcc_packages if self.toolchain == "gcc" else (f"binutils-{t.binutils[:-1]}",) if t.binutils else (
            ("llvm",) if t.system == "darwin" else ())   # llvm-strip
        return (*build, *self.target.run_packages)


# platform.machine() -> Meson's cpu_family, for the machines a native file can describe.
BUILD_MACHINE_CPU_FAMILY = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64",
                            "riscv64": "riscv64"}


def build_machine_cpu_family() -> str:
    machine = platform.machine().lower()
    return BUILD_MACHINE_CPU_FAMILY.get(machine, machine)


def installed_zig() -> str | None:
    """The zig binary of the ziglang package of this Python (what `python -m ziglang` runs)."""
    spec = importlib.util.find_spec("ziglang")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(next(iter(spec.submodule_search_locations)), "zig")
    return path if os.access(path, os.X_OK) else None


def resolve(spec: str, toolchain: str | None = None, python: str = "python3", native: bool = False,
            build_cpu_family: str | None = None, zig_binary: bool | None = None) -> CrossFile:
    """`aarch64-linux-gnu`, `x86_64-linux-gnu.2.17`, ... and a toolchain -> a CrossFile; with
    `native`, a native file, for a target whose CPU is the build machine's.

    `zig_binary` (default: for a native file) names zig by the path of this Python's ziglang
    package: pip's build isolation hides the packages of the Python that `python3` is from every
    process of the build, so `python3 -m ziglang` fails there ("Unknown compiler(s)")."""
    glibc = macos_version = None
    m = GLIBC_SUFFIX.match(spec)
    if m and m.group("base") in TARGETS:
        spec, glibc = m.group("base"), m.group("glibc")
    m = MACOS_SUFFIX.match(spec)
    if m and m.group("base") in TARGETS:
        spec, macos_version = m.group("base"), m.group("version")
    target = TARGETS.get(spec)
    if target is None:
        raise ConfigError(f"unknown target {spec!r}; known targets: {', '.join(TARGETS)} "
                          "(a -gnu target may carry a glibc version for zig, e.g. x86_64-linux-gnu.2.17, and a "
                          "-macos target the oldest macOS, e.g. aarch64-macos.13.0)")
    if native and target.system != "linux":
        raise ConfigError(f"--native writes a native file, whose compilers build for this machine, which runs Linux; "
                          f"{target.name} is for {target.system}: drop --native to write a cross-file")
    if toolchain is None:
        toolchain = "zig" if native or glibc or target.gcc_prefix is None else "gcc"
    if toolchain not in TOOLCHAINS:
        raise ConfigError(f"unknown toolchain {toolchain!r}; choose one of {', '.join(TOOLCHAINS)}")
    if toolchain not in target.toolchains:
        raise ConfigError(f"{target.name} has no {toolchain} toolchain here: use --toolchain "
                          f"{' or '.join(target.toolchains)}")
    if toolchain == "gcc" and glibc:
        raise ConfigError(f"a glibc version ({spec}.{glibc}) needs --toolchain zig: a distro gcc links against "
                          "the glibc it was built with")
    if native:
        build_cpu = build_cpu_family or build_machine_cpu_family()
        if target.cpu_family != build_cpu:
            raise ConfigError(f"--native writes a native file, whose compilers build for this machine ({build_cpu}); "
                              f"{target.name} is {target.cpu_family}: drop --native to write a cross-file")
        if toolchain == "gcc":
            raise ConfigError("a native file with --toolchain gcc would name the compiler Meson finds anyway: "
                              "use --toolchain zig (e.g. x86_64-linux-gnu.2.17 to pin glibc 2.17)")
    zig_path = None
    if toolchain == "zig" and (native if zig_binary is None else zig_binary):
        zig_path = installed_zig()
        if zig_path is None and zig_binary:
            raise ConfigError("--zig-binary names the zig of this Python's ziglang package, which is not installed: "
                              "pip install ziglang")
    return CrossFile(target, toolchain, glibc, python, native, zig_path, macos_version)


def missing_tools(cf: CrossFile) -> list[str]:
    """What is not installed on this machine, each with how to install it."""
    problems: list[str] = []
    if cf.toolchain == "zig":
        if importlib.util.find_spec("ziglang") is None:
            problems.append("zig: pip install ziglang")
    elif shutil.which(cf.binaries["c"][0]) is None:
        problems.append(f"{cf.binaries['c'][0]}: apt-get install {' '.join(cf.target.gcc_packages)}")
    wrapper = cf.exe_wrapper
    if wrapper and shutil.which(wrapper[0]) is None:
        runners = [p for p in cf.target.run_packages if p.startswith(("qemu", "wine"))]
        problems.append(f"{wrapper[0]}: apt-get install {' '.join(runners)}")
    return problems


def cross_file_text(cf: CrossFile, command: Sequence[str]) -> str:
    return render("cross-file.ini.j2", cf=cf, command=" ".join(command))
