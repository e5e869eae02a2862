"""The build step ninja runs: ``python -m mesongo.build ... -- GO_BUILD_ARGS``.

It runs ``go build`` and, alongside it, ``go list -deps -json`` for the depfile. A shared library
is normally built as a Go c-archive and linked here by the C compiler with a version script made
from the generated header, so it exports exactly its //export functions (on musl the archive also
gets the runtime start-up of musl.py). Then the ELF checks of policy.py run, and the library and
header are moved into place only when their bytes changed, so ninja's ``restat`` spares every
consumer of an unchanged library. On failure no output is left behind: ninja retries next time and
never links a stale library.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Mapping, Sequence

# Only what starting Go needs is imported here; the rest loads in a thread while `go build` runs.
from . import runner
from .errors import BuildError, MesongoError
from .fsutil import (
    ensure_symlink,
    fallback_locations,
    read_text,
    remove_files,
    replace_if_changed,
    same_bytes,
    write_if_changed,
)
from .gocmd import build_environment, list_argv, split_args


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
    p.add_argument("--link", action="append", default=[], metavar="ARG",
                   help="link the Go c-archive into the shared library with the C compiler and these arguments")
    p.add_argument("--musl", action="store_true", help="the host C library is musl (see mesongo/musl.py)")
    p.add_argument("--exports", default="all", metavar="export|all|NAME,...",
                   help="export: the header's //export functions; all: no version script; else these names")
    p.add_argument("--soname")
    p.add_argument("--expect-machine", metavar="EM_X:CLASS", help="e.g. EM_AARCH64:64")
    p.add_argument("--expect-libc", choices=("glibc", "musl"))
    p.add_argument("--glibc-max", metavar="X.Y")
    p.add_argument("go_args", nargs="*")
    return p


def escape_depfile_path(path: str) -> str:
    """Make-style escaping as ninja's depfile parser reads it."""
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#").replace("$", "$$")


def depfile_text(target: str, deps: Sequence[str]) -> str:
    lines = [escape_depfile_path(target) + ":"]
    lines += [" " + escape_depfile_path(d) for d in deps]
    return " \\\n".join(lines) + "\n"


def _import_the_rest() -> None:
    """What the step needs after `go build`: imported in a thread while Go compiles (~50 ms)."""
    from . import elf, gofacts, musl, policy  # noqa: F401

    elf.import_readers()


def _own_files() -> list[str]:
    """mesongo's own build-step code: a new mesongo that builds differently rebuilds the libraries."""
    from . import musl

    here = os.path.dirname(os.path.abspath(__file__))
    files = [os.path.join(here, name) for name in sorted(os.listdir(here)) if name.endswith(".py")]
    return [*files, musl.INIT_C, os.path.join(here, "templates", "version-script.map.j2")]


def export_names(mode: str, header: str) -> list[str] | None:
    """The symbols the library must export, or None for Go's default (everything)."""
    if mode == "all":
        return None
    if mode != "export":
        return mode.split(",")
    from .policy import header_exports

    with open(header, encoding="utf-8") as f:
        return header_exports(f.read())


def link_shared(archive: str, env: Mapping[str, str], link_args: Sequence[str], exports: list[str] | None,
                cgo_link_flags: Sequence[str], objects: Sequence[str]) -> str:
    """Link the Go c-archive (and `objects`, e.g. the musl start-up) into a shared library with the
    C compiler: Go's own link flags, plus a version script for `exports`."""
    work = os.path.dirname(archive)
    extra: list[str] = []
    if exports is not None:
        script = os.path.join(work, "exports.map")
        # Rendering imports jinja2 (~50 ms): only when the export list changed since the last build.
        if write_if_changed(os.path.join(work, "exports.list"), "\n".join(exports)) or not os.path.exists(script):
            from .render import render

            write_if_changed(script, render("version-script.map.j2", names=exports))
        extra.append(f"-Wl,--version-script={script}")
    library = os.path.join(work, "lib.so")
    runner.run([*split_args(env["CC"]), "-o", library, *objects, "-Wl,--whole-archive", archive,
                "-Wl,--no-whole-archive", *link_args, *extra, *split_args(env.get("CGO_LDFLAGS", "")),
                *cgo_link_flags], env, what="linking the Go archive into a shared library")
    return library


def musl_start(archive: str, env: Mapping[str, str]) -> str:
    """Detach the Go runtime's initializer in the archive and compile the constructor that starts
    it instead (musl.py); return that object."""
    from . import musl

    musl.detach_go_init(archive)
    init_object = os.path.abspath(os.path.join(os.path.dirname(archive), "go_musl_init.o"))
    # The debug info would name the build dir: map it away, so that two build dirs give the same bytes.
    runner.run([*split_args(env["CC"]), *split_args(env.get("CGO_CFLAGS", "")), "-fPIC",
                f"-fdebug-prefix-map={os.getcwd()}=.", "-c", musl.INIT_C, "-o", init_object], env,
               what="compiling mesongo's musl start-up code")
    return init_object


def check_library(path: str, ns: argparse.Namespace, exports: list[str] | None) -> None:
    """The policy checks; BuildError naming every broken rule."""
    from . import elf, policy

    machine, elf_class = (ns.expect_machine.split(":") if ns.expect_machine else (None, "0"))
    rules = policy.Policy(
        machine=machine, elf_class=int(elf_class) if machine else None, soname=ns.soname, libc=ns.expect_libc,
        exports=tuple(exports) if exports is not None else None,
        glibc_max=elf.parse_version(ns.glibc_max) if ns.glibc_max else None,
    )
    if ns.kind == "static":
        rules = rules.for_archive_member()
        facts = elf.go_objects(elf.read_archive(path))
    else:
        facts = [elf.read_elf(path)]
    problems = [problem for f in facts for problem in policy.check(f, rules)]
    if problems:
        shown = os.path.basename(ns.output)
        raise BuildError("the library breaks mesongo's checks:\n  "
                         + "\n  ".join(p.replace(os.path.basename(path), shown, 1) for p in problems))


def build(ns: argparse.Namespace) -> None:
    configured = dict(item.split("=", 1) for item in ns.env)
    env = build_environment(os.environ, configured)
    env.update(fallback_locations(env, os.path.abspath(os.path.join("meson-private", "mesongo"))))
    out_dir = os.path.dirname(ns.output) or "."
    symlinks = [tuple(s.split("=", 1)) for s in ns.symlink]
    outputs = [ns.output, ns.header, *(os.path.join(out_dir, name) for name, _ in symlinks)]

    work = os.path.join(ns.private_dir, "go-out")
    os.makedirs(work, exist_ok=True)
    suffix = "so" if ns.kind == "shared" and not ns.link else "a"
    go_output = os.path.abspath(os.path.join(work, f"lib.{suffix}"))
    new_header = os.path.join(work, "lib.h")   # Go names it after -o minus the extension
    remove_files([go_output, new_header])

    # go list runs while go build compiles: the depfile costs no wall time; so does importing what
    # the after-link check needs.
    lister = runner.start(list_argv(ns.go, ns.go_args, deps=True), env, cwd=ns.package_dir)
    threading.Thread(target=_import_the_rest, daemon=True).start()
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
    from . import gofacts, musl

    try:
        packages = list(gofacts.parse_json_stream(runner.finish(lister, what="go list")))
        if not os.path.exists(new_header):
            raise BuildError(
                f"go build wrote no header for {ns.output}: the package in {ns.package_dir} has no "
                "//export functions, so C has nothing to call; add '//export Name' above a function")
        deps = [os.path.abspath(ns.go), *gofacts.dependency_files(packages, env), *_own_files()]
        new_lib = go_output
        exports = None
        start_object = musl_start(go_output, env) if ns.musl else None
        if ns.kind == "shared":
            exports = export_names(ns.exports, new_header)
            if ns.link:
                new_lib = link_shared(go_output, env, ns.link, exports, gofacts.cgo_link_flags(packages),
                                      [start_object] if start_object else [])
            os.chmod(new_lib, 0o755)   # as the system linker leaves a shared object (Go writes 0644)
        elif start_object:   # a static library carries it as an extra member
            with open(start_object, "rb") as f:
                musl.add_member(go_output, os.path.basename(start_object), f.read())
        # An unchanged library already passed the same checks (~50 ms saved on a touch).
        rules_stamp = os.path.join(work, "checked-rules")
        rules = repr((ns.expect_machine, ns.expect_libc, ns.glibc_max, ns.soname, exports))
        if not (same_bytes(new_lib, ns.output) and read_text(rules_stamp) == rules):
            check_library(new_lib, ns, exports)
            write_if_changed(rules_stamp, rules)
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
