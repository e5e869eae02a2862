"""The `mesongo` command: `mesongo cross-file TARGET`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import crossfile
from .errors import MesongoError
from .fsutil import write_if_changed


def _cross_file(ns: argparse.Namespace) -> int:
    if ns.list:
        for name, target in crossfile.TARGETS.items():
            toolchains = "gcc, zig" if target.gcc_prefix else "zig"
            print(f"{name:22} {target.libc:6} toolchains: {toolchains}")
        return 0
    if not ns.target:
        raise MesongoError("name a target (mesongo cross-file --list shows them)")
    cf = crossfile.resolve(ns.target, ns.toolchain, ns.python)
    if not ns.no_check:
        missing = crossfile.missing_tools(cf)
        if missing:
            raise MesongoError(f"the {cf.toolchain} toolchain for {cf.spec} is not installed:\n  "
                               + "\n  ".join(missing)
                               + "\n(--no-check writes the file anyway)")
    command = ["mesongo", "cross-file", cf.spec, "--toolchain", cf.toolchain]
    if ns.python != "python3":
        command += ["--python", ns.python]
    text = crossfile.cross_file_text(cf, command)
    if ns.output in (None, "-"):
        sys.stdout.write(text)
    else:
        write_if_changed(ns.output, text)
    return 0


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
    cf.add_argument("--no-check", action="store_true", help="do not check that the toolchain is installed")
    cf.add_argument("--list", action="store_true", help="list the known targets")
    cf.set_defaults(func=_cross_file)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    ns = parser().parse_args(argv)
    try:
        return int(ns.func(ns))
    except MesongoError as exc:
        print(f"mesongo: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
