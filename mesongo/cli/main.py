"""The `mesongo` command: `mesongo cross-file TARGET`, `mesongo inspect FILE...`, `mesongo commands`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..errors import MesongoError
from ..fsutil import write_if_changed
from . import crossfile


def _cross_file(ns: argparse.Namespace) -> int:
    if ns.list:
        for name, target in crossfile.TARGETS.items():
            toolchains = ", ".join(target.toolchains)
            print(f"{name:22} {target.libc:6} toolchains: {toolchains}")
        return 0
    if not ns.target:
        raise MesongoError("name a target (mesongo cross-file --list shows them)")
    cf = crossfile.resolve(ns.target, ns.toolchain, ns.python, native=ns.native, zig_binary=ns.zig_binary)
    if not ns.no_check:
        missing = crossfile.missing_tools(cf)
        if missing:
            raise MesongoError(f"the {cf.toolchain} toolchain for {cf.spec} is not installed:\n  "
                               + "\n  ".join(missing)
                               + "\n(--no-check writes the file anyway)")
    command = ["mesongo", "cross-file", cf.spec, "--toolchain", cf.toolchain, *(["--native"] if cf.native else []),
               *({True: ["--zig-binary"], False: ["--no-zig-binary"]}.get(ns.zig_binary, []))]
    if ns.python != "python3":
        command += ["--python", ns.python]
    text = crossfile.cross_file_text(cf, command)
    if ns.output in (None, "-"):
        sys.stdout.write(text)
    else:
        write_if_changed(ns.output, text)
    return 0


def _header_exports(path: str) -> tuple[str, ...]:
    """What a header says a library exports: the //export functions of a header cgo wrote, or
    what a project's own header declares, as $CC (default cc) with $CPPFLAGS and $CFLAGS
    preprocesses it (exports: 'header')."""
    import os
    import shlex

    from ..errors import CommandError
    from ..plan import exports as export_rules
    from ..plan.cheader import UnreadableDeclaration
    from ..plan.header import CGO_HEADER_START
    from ..toolchain.cfacts import header_declarations

    try:
        with open(path, encoding="utf-8") as header:
            text = header.read()
    except OSError as exc:
        raise MesongoError(f"--exports-from: cannot read {path}: {exc.strerror}") from None
    if CGO_HEADER_START in text:
        return tuple(export_rules.header_exports(text))
    env = dict(os.environ)
    flags = [*shlex.split(env.get("CPPFLAGS", "")), *shlex.split(env.get("CFLAGS", ""))]
    try:
        declared, _ = header_declarations(shlex.split(env.get("CC") or "cc"), flags, os.path.abspath(path), env)
    except CommandError as exc:
        raise MesongoError(f"--exports-from: the C preprocessor cannot read {path}:\n{exc.stderr.rstrip()}") from None
    except UnreadableDeclaration as exc:
        raise MesongoError(f"--exports-from: {path}:{exc.line}: not C as tree-sitter's C grammar reads it: "
                           f"{exc.text}") from None
    return tuple(dict.fromkeys(d.name for d in declared))


def _inspect(ns: argparse.Namespace) -> int:
    import json

    from ..binfmt import elf, formats
    from ..plan import macos, policy
    from . import report

    exports: tuple[str, ...] | None = None
    if ns.exports_from:
        exports = _header_exports(ns.exports_from)
    elif ns.exports:
        exports = tuple(ns.exports.split(","))
    try:
        glibc_max = elf.parse_version(ns.glibc_max) if ns.glibc_max else None
    except ValueError as exc:
        raise MesongoError(f"--glibc-max: {exc}") from None
    try:
        macos_min = macos.parse_version(ns.macos_min) if ns.macos_min else None
    except ValueError:
        raise MesongoError(f"--macos-min: {ns.macos_min!r} is not a macOS version such as 12.0") from None
    documents: list[object] = []
    problems: list[str] = []
    for path in ns.files:
        try:
            fmt, is_archive = formats.format_of_file(path)
            facts = fmt.read_archive_members(path) if is_archive else [fmt.read(path)]
        except OSError as exc:
            raise MesongoError(f"cannot read {path}: {exc.strerror}") from None
        if ns.check:
            expected = None
            if ns.machine:
                expected = fmt.expected_machine(ns.machine)
                if expected is None:
                    raise MesongoError(f"unknown --machine {ns.machine!r} for {fmt.KEY.upper()}; use a Meson "
                                       "cpu_family: " + ", ".join(elf.MACHINE_OF_CPU_FAMILY))
            rules = policy.Policy(machine=expected[0] if expected else None, bits=expected[1] if expected else None,
                                  soname=ns.soname, libc=ns.libc, exports=exports, glibc_max=glibc_max,
                                  macos_min=macos_min)
            checked = (fmt.read_archive_objects(path) or facts) if is_archive else facts
            member_rules = rules.for_archive_member() if is_archive else rules
            problems += [problem for member in checked for problem in fmt.check(member, member_rules)]
        if ns.json:
            documents += [report.as_json(f) for f in facts]
        else:
            print(report.archive_text(path, facts) if is_archive else report.text(facts[0]))
    if ns.json:
        print(json.dumps(documents, indent=2))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return 0


def _commands(ns: argparse.Namespace) -> int:
    import os

    from . import gocommands

    for line in gocommands.commands(ns.build_dir, ns.targets, os.environ, ns.ninja):
        print(line)
    return 0


def _vendor_for_dist(ns: argparse.Namespace) -> int:
    """`meson dist` runs this (a dist script mesongo registers): the tarball gets each Go module's
    vendor/ directory, so that it builds with no network and an empty module cache. The modules
    come from the module cache, which `meson setup` filled: nothing is fetched here."""
    import os

    from ..toolchain import runner
    from ..toolchain.gocmd import build_environment

    dist_root = os.environ.get("MESON_DIST_ROOT")
    if not dist_root:
        raise MesongoError("vendor-for-dist runs from `meson dist` (MESON_DIST_ROOT is not set)")
    env = build_environment(os.environ, {"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local",
                                         "GOWORK": "off"})
    for module_dir in ns.module_dirs:
        where = os.path.join(dist_root, module_dir)
        if os.path.isdir(os.path.join(where, "vendor")):
            continue   # vendored in the repository already
        runner.run([ns.go, "mod", "vendor"], env, cwd=where, what=f"vendoring the Go modules of {module_dir}")
        print(f"mesongo: vendored the Go modules of {module_dir or '.'} into the dist tarball")
    return 0


def _coverage(ns: argparse.Namespace) -> int:
    from ..coverage import report

    command = list(ns.meson_command)
    if command[:1] == ["--"]:
        command = command[1:]
    return report.run(ns.go, report.Places(ns.source_root, ns.build_root, ns.log_dir), ns.output or [], command)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mesongo", description="Go libraries in Meson projects.")
    sub = p.add_subparsers(dest="command", required=True)
    cf = sub.add_parser("cross-file", help="write a Meson cross-file for a Linux target")
    cf.add_argument("target", nargs="?", help="e.g. aarch64-linux-gnu, x86_64-linux-musl, x86_64-linux-gnu.2.17")
    cf.add_argument("--toolchain", choices=crossfile.TOOLCHAINS,
                    help="gcc: the distro's cross gcc or musl-gcc; zig: zig from PyPI (default: gcc where "
                         "Debian has one and no glibc version is asked for)")
    cf.add_argument("-o", "--output", help="the file to write (default: standard output)")
    cf.add_argument("--python", default="python3", help="the Python that runs zig (default: python3)")
    cf.add_argument("--native", action="store_true",
                    help="write a native file (meson setup --native-file) instead: this machine's compilers, e.g. "
                         "zig pinning glibc 2.17 for manylinux2014 wheels")
    cf.add_argument("--zig-binary", action=argparse.BooleanOptionalAction, default=None,
                    help="name zig by the path of this Python's ziglang package instead of 'PYTHON -m ziglang' "
                         "(the default for --native): the file then works under pip's build isolation")
    cf.add_argument("--no-check", action="store_true", help="do not check that the toolchain is installed")
    cf.add_argument("--list", action="store_true", help="list the known targets")
    cf.set_defaults(func=_cross_file)

    ins = sub.add_parser("inspect", help="report (and check) ELF, PE and Mach-O facts of libraries, programs and "
                         "archives")
    ins.add_argument("files", nargs="+", metavar="FILE")
    ins.add_argument("--json", action="store_true", help="print JSON instead of the report")
    ins.add_argument("--check", action="store_true", help="apply the checks below; exit 1 if any fails")
    ins.add_argument("--machine", help="Meson cpu_family the files must be built for, e.g. aarch64")
    ins.add_argument("--soname", help="the SONAME a shared library must have (a DLL: its internal name; a dylib: "
                     "its install name)")
    ins.add_argument("--libc", choices=("glibc", "musl"), help="the C library the files must need")
    ins.add_argument("--glibc-max", help="the highest GLIBC symbol version allowed, e.g. 2.17")
    ins.add_argument("--macos-min", help="the oldest macOS a Mach-O file may ask for at least, e.g. 12.0")
    ins.add_argument("--exports-from", metavar="HEADER",
                     help="the library must export exactly the //export functions this cgo header declares, "
                     "or what this project header declares ($CC -E reads it)")
    ins.add_argument("--exports", metavar="NAME,...", help="the library must export exactly these symbols")
    ins.set_defaults(func=_inspect)

    cmds = sub.add_parser("commands", help="what ninja runs for targets (`ninja -t commands`), with the Go "
                          "command of each mesongo step, which its build plan holds")
    cmds.add_argument("targets", nargs="*", metavar="TARGET",
                      help="ninja targets, e.g. libgreet.so.1.2.3 (default: all)")
    cmds.add_argument("-C", dest="build_dir", default=".", metavar="BUILDDIR", help="the build directory (default: .)")
    cmds.add_argument("--ninja", default="ninja", help="the ninja binary (default: ninja)")
    cmds.set_defaults(func=_commands)

    vd = sub.add_parser("vendor-for-dist", help="(run by `meson dist`) vendor Go modules into the dist tarball")
    vd.add_argument("--go", required=True, help="the go binary")
    vd.add_argument("module_dirs", nargs="*", metavar="DIR", help="Go module directories, relative to the source root")
    vd.set_defaults(func=_vendor_for_dist)

    cov = sub.add_parser("coverage", help="(run by `ninja coverage`) Meson's coverage report, then Go's")
    cov.add_argument("--go", required=True, help="the go binary")
    cov.add_argument("--output", action="append", choices=("html", "xml", "text", "sonarqube"),
                     help="the report Meson's target makes (default: all)")
    cov.add_argument("source_root")
    cov.add_argument("build_root")
    cov.add_argument("log_dir")
    cov.add_argument("meson_command", nargs=argparse.REMAINDER, help="-- and Meson's own coverage command")
    cov.set_defaults(func=_coverage)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    ns = parser().parse_args(argv)
    try:
        return int(ns.func(ns))
    except MesongoError as exc:
        print(f"mesongo: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader left (`mesongo inspect FILE | head`): no traceback, and none again when Python
        # flushes stdout at exit.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141   # as a shell reports a process that SIGPIPE ended


if __name__ == "__main__":
    sys.exit(main())
