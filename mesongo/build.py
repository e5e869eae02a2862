"""The build step ninja runs: ``python -m mesongo.build ... -- GO_BUILD_ARGS``.

It runs ``go build`` and, alongside it, ``go list -deps -json`` for the depfile; then moves the
library and header into place only when their bytes changed, so ninja's ``restat`` spares every
consumer of an unchanged library. On failure no output is left behind: ninja retries next time
and never links a stale library.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import gofacts, runner
from .errors import BuildError, MesongoError
from .fsutil import ensure_symlink, remove_files, replace_if_changed, write_if_changed
from .goenv import build_environment


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m mesongo.build")
    p.add_argument("--go", required=True)
    p.add_argument("--kind", choices=("shared", "static"), required=True)
    p.add_argument("--package-dir", required=True)
    p.add_argument("--output", required=True, help="the library, as ninja names it")
    p.add_argument("--header", required=True)
    p.add_argument("--private-dir", required=True)
    p.add_argument("--depfile", required=True)
    p.add_argument("--symlink", action="append", default=[], metavar="NAME=TARGET")
    p.add_argument("--env", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("go_args", nargs="*")
    return p


def escape_depfile_path(path: str) -> str:
    """Make-style escaping as ninja's depfile parser reads it."""
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#").replace("$", "$$")


def depfile_text(target: str, deps: Sequence[str]) -> str:
    lines = [escape_depfile_path(target) + ":"]
    lines += [" " + escape_depfile_path(d) for d in deps]
    return " \\\n".join(lines) + "\n"


def build(ns: argparse.Namespace) -> None:
    configured = dict(item.split("=", 1) for item in ns.env)
    env = build_environment(os.environ, configured)
    out_dir = os.path.dirname(ns.output) or "."
    symlinks = [tuple(s.split("=", 1)) for s in ns.symlink]
    outputs = [ns.output, ns.header, *(os.path.join(out_dir, name) for name, _ in symlinks)]

    work = os.path.join(ns.private_dir, "go-out")
    os.makedirs(work, exist_ok=True)
    suffix = "so" if ns.kind == "shared" else "a"
    new_lib = os.path.abspath(os.path.join(work, f"lib.{suffix}"))
    new_header = os.path.join(work, "lib.h")   # Go names it after -o minus the extension
    remove_files([new_lib, new_header])

    # go list runs while go build compiles: the depfile costs no wall time.
    lister = runner.start(gofacts.list_argv(ns.go, ns.go_args, deps=True), env, cwd=ns.package_dir)
    try:
        code = runner.run_inheriting_output([ns.go, "build", *ns.go_args, "-o", new_lib, "."], env,
                                            cwd=ns.package_dir)
    except BaseException:
        lister.kill()
        lister.wait()
        remove_files(outputs)
        raise
    if code != 0:
        lister.kill()
        lister.wait()
        remove_files(outputs)
        raise BuildError(f"go build failed for the package in {ns.package_dir} (exit code {code}); "
                         f"{ns.output} was removed so that no stale library is linked")
    try:
        packages = list(gofacts.parse_json_stream(runner.finish(lister, what="go list")))
        if not os.path.exists(new_header):
            raise BuildError(
                f"go build wrote no header for {ns.output}: the package in {ns.package_dir} has no "
                "//export functions, so C has nothing to call; add '//export Name' above a function")
        deps = [os.path.abspath(ns.go), *gofacts.dependency_files(packages, env)]
        if ns.kind == "shared":
            os.chmod(new_lib, 0o755)   # as the system linker leaves a shared object (Go writes 0644)
        replace_if_changed(new_lib, ns.output)
        replace_if_changed(new_header, ns.header)
        for name, target in symlinks:
            ensure_symlink(os.path.join(out_dir, name), target)
        write_if_changed(ns.depfile, depfile_text(ns.output, deps))
    except BaseException:
        remove_files(outputs)
        raise


def run(argv: Sequence[str]) -> int:
    ns = _parser().parse_args(argv)
    try:
        build(ns)
    except MesongoError as exc:
        print(f"mesongo: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
