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
from collections.abc import Mapping, Sequence

from . import gofacts, musl, runner
from .errors import BuildError, MesongoError
from .fsutil import ensure_symlink, remove_files, replace_if_changed, write_if_changed
from .goenv import build_environment, split_args


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
    p.add_argument("--musl", action="store_true", help="the host C library is musl (see mesongo/musl.py)")
    p.add_argument("--musl-link", action="append", default=[], metavar="ARG",
                   help="with --musl, for a shared library: the arguments of the C compiler's link")
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
    suffix = "so" if ns.kind == "shared" and not ns.musl else "a"
    go_output = os.path.abspath(os.path.join(work, f"lib.{suffix}"))
    new_header = os.path.join(work, "lib.h")   # Go names it after -o minus the extension
    remove_files([go_output, new_header])

    # go list runs while go build compiles: the depfile costs no wall time.
    lister = runner.start(gofacts.list_argv(ns.go, ns.go_args, deps=True), env, cwd=ns.package_dir)
    try:
        code = runner.run_inheriting_output([ns.go, "build", *ns.go_args, "-o", go_output, "."], env,
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
        deps = [os.path.abspath(ns.go), *gofacts.dependency_files(packages, env), *_own_files()]
        new_lib = go_output
        if ns.musl:
            musl.detach_go_init(go_output)
            init_object = compile_musl_start(os.path.dirname(go_output), env)
            if ns.kind == "shared":
                new_lib = link_musl_shared(go_output, init_object, env, ns.musl_link,
                                           gofacts.cgo_link_flags(packages))
            else:
                with open(init_object, "rb") as f:
                    musl.add_member(go_output, os.path.basename(init_object), f.read())
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


def _own_files() -> list[str]:
    """mesongo's own build-step code: a new mesongo that builds differently rebuilds the libraries."""
    here = os.path.dirname(os.path.abspath(__file__))
    return [os.path.join(here, name) for name in sorted(os.listdir(here)) if name.endswith(".py")] + [musl.INIT_C]


def compile_musl_start(work: str, env: Mapping[str, str]) -> str:
    init_object = os.path.join(work, "go_musl_init.o")
    runner.run([*split_args(env["CC"]), *split_args(env.get("CGO_CFLAGS", "")), "-fPIC", "-c", musl.INIT_C,
                "-o", init_object], env, what="compiling mesongo's musl start-up code")
    return init_object


def link_musl_shared(archive: str, init_object: str, env: Mapping[str, str], link_args: Sequence[str],
                     cgo_link_flags: Sequence[str]) -> str:
    """Link the (detached) Go c-archive and the start-up object into a shared library."""
    library = os.path.join(os.path.dirname(archive), "lib.so")
    runner.run([*split_args(env["CC"]), "-o", library, init_object, "-Wl,--whole-archive", archive,
                "-Wl,--no-whole-archive",
                *link_args, *split_args(env.get("CGO_LDFLAGS", "")), *cgo_link_flags], env,
               what="linking the Go archive into a shared library for musl")
    return library


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
