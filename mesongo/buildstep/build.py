"""The build step ninja runs: ``python -m mesongo.buildstep PLAN -- env K=V... go build ...``.

PLAN is the JSON build plan that `meson setup` wrote for this target (plan/model.py); what
follows ``--`` is the Go command as a person would type it, there so that ``ninja -t commands``
shows what runs; it must match the plan.

The step runs ``go build`` and, alongside it, ``go list -deps -json`` for the depfile and the
facts that can change after setup (the packages' C++ files and ``#cgo LDFLAGS``). A shared
library is built as a Go c-archive and linked here by the C (or C++) compiler driver with a
version script, so it exports what the plan's export rule says (on musl the archive also gets
the runtime start-up of binfmt/musl.py). Then the ELF checks run, and every output is moved into
place only when its bytes changed, so ninja's ``restat`` spares the consumers of an unchanged
library. On failure no output is left behind: ninja retries next time and never links a stale
library.
"""

from __future__ import annotations

import os
import shlex
import sys
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

# Only what starting Go needs is imported here; the rest loads in a thread while `go build` runs.
from ..errors import BuildError, MesongoError
from ..fsutil import (
    ensure_symlink,
    fallback_locations,
    read_text,
    remove_files,
    remove_tree,
    replace_if_changed,
    same_bytes,
    write_if_changed,
)
from ..plan.model import BuildPlan, ExportMode, StalePlan, plan_from_json
from ..plan.naming import TargetKind
from ..toolchain import runner
from ..toolchain.gocmd import build_environment, list_argv, split_args

if TYPE_CHECKING:
    import subprocess

    from ..toolchain.gofacts import Package


def tracked_headers(dirs: Sequence[str]) -> list[str]:
    """The C headers in the include directories of the target's Meson dependencies."""
    found: list[str] = []
    for include_dir in dirs:
        try:
            names = sorted(os.listdir(include_dir))
        except OSError:
            continue
        found += [os.path.join(include_dir, n) for n in names if n.endswith((".h", ".hh", ".hpp", ".hxx"))]
    return found


def headers_digest(paths: Sequence[str]) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.encode() + b"\0")
        with open(path, "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()[:16]


def escape_depfile_path(path: str) -> str:
    """Make-style escaping as ninja's depfile parser reads it."""
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#").replace("$", "$$")


def depfile_text(target: str, deps: Sequence[str]) -> str:
    lines = [escape_depfile_path(target) + ":"]
    lines += [" " + escape_depfile_path(d) for d in deps]
    return " \\\n".join(lines) + "\n"


def _import_the_rest() -> None:
    """What the step needs after `go build`: imported in a thread while Go compiles (~50 ms)."""
    from ..binfmt import elf, musl  # noqa: F401
    from ..plan import exports, header, policy  # noqa: F401
    from ..toolchain import gofacts  # noqa: F401

    elf.import_readers()


def own_files() -> list[str]:
    """mesongo's own build-step code: a new mesongo that builds differently rebuilds the libraries."""
    from ..binfmt import musl

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = [os.path.join(dirpath, name) for dirpath, _dirs, names in os.walk(root) for name in sorted(names)
             if name.endswith(".py") and "__pycache__" not in dirpath]
    return [*sorted(files), musl.INIT_C, os.path.join(root, "templates", "version-script.map.j2")]


def load_plan(path: str, shown: Sequence[str]) -> BuildPlan:
    try:
        plan = plan_from_json(read_text(path) or "")
    except (StalePlan, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"the build plan {path} is unreadable or from another mesongo ({exc}): "
                         "run `meson setup --reconfigure`") from None
    if list(shown) != plan.shown_command():
        raise BuildError(f"the command in build.ninja does not match the build plan {path}: "
                         "run `meson setup --reconfigure`")
    return plan


class _GoMessages:
    """Go's stderr, passed on line by line with file names made relative to the build dir
    (Go prints them relative to the package dir, where it runs), so that an editor that runs
    ninja can jump to them."""

    def __init__(self, package_dir: str) -> None:
        self.package_dir = package_dir
        self.build_root = os.getcwd()

    def line(self, line: str) -> None:
        head, sep, rest = line.partition(":")
        if sep and rest[:1].isdigit() and not os.path.isabs(head) and " " not in head:
            path = os.path.join(self.package_dir, head)
            if os.path.isfile(path):
                line = os.path.relpath(path, self.build_root) + sep + rest
        sys.stderr.write(line)
        sys.stderr.flush()


def run_go_build(plan: BuildPlan, env: dict[str, str]) -> None:
    argv = plan.go_build_argv()
    messages = _GoMessages(plan.package_dir)
    code = runner.run_streaming_stderr(argv, env, messages.line, cwd=plan.package_dir)
    if code != 0:
        raise BuildError(f"go build failed (exit code {code}) in {plan.package_dir}:\n  {shlex.join(argv)}\n"
                         f"{plan.output} was removed so that no stale library is linked")


def write_header(plan: BuildPlan, go_header: str, package_dirs: Sequence[str]) -> str:
    """cgo's header with the package's private #includes inlined (plan/header.py); returns its text."""
    from ..plan.header import architecture_independent, inline_local_includes

    text = read_text(go_header)
    if text is None:
        raise BuildError(
            f"go build wrote no header for {plan.output}: the package in {plan.package_dir} has no "
            "//export functions, so C has nothing to call; add '//export Name' above a function")
    if plan.header is not None:
        inlined = inline_local_includes(text, package_dirs, plan.header.inline_dirs, read_text)
        write_if_changed(plan.header.output, architecture_independent(inlined))
    return text


def package_headers(plan: BuildPlan, packages: Sequence[Package], env: dict[str, str]) -> str:
    """For a library of non-main packages (plan.supplied_main): cgo's header of each package with
    //export functions, as `go build` would write it for a main package (it writes none for the
    others, golang/go#68725), with private #includes inlined, combined into one; returns its text.
    The cgo runs go in parallel."""
    from ..plan.header import architecture_independent, combined_header, inline_local_includes
    from ..toolchain.gocmd import cgo_header_argv

    started: list[tuple[Package, str, subprocess.Popen[str]]] = []
    cppflags_env, cflags_env = split_args(env.get("CGO_CPPFLAGS", "")), split_args(env.get("CGO_CFLAGS", ""))
    for i, package in enumerate(p for p in packages if p.cgo_files):
        objdir = os.path.abspath(os.path.join(plan.private_dir, "cgo", str(i)))
        remove_tree(objdir)
        os.makedirs(objdir)
        header = os.path.join(objdir, "_cgo_install.h")
        pkg_config = pkg_config_cflags(package, env)
        argv = cgo_header_argv(plan.go, package.import_path, [os.path.join(package.dir, f) for f in package.cgo_files],
                               objdir, header, [*cppflags_env, *package.cgo_cppflags, *pkg_config],
                               [*cflags_env, *package.cgo_cflags])
        started.append((package, header, runner.start(argv, {**env, "TERM": "dumb"}, cwd=package.dir)))
    texts: list[tuple[str, str]] = []
    for package, header, proc in started:
        runner.finish(proc, what=f"cgo on {package.import_path}, for the header of its //export functions")
        text = read_text(header)
        if text is None:   # cgo writes no header for a package without //export
            continue
        if plan.header is not None:   # with `header: false` the text serves the export list only
            text = inline_local_includes(text, [package.dir, *package.include_dirs], plan.header.inline_dirs, read_text)
        texts.append((package.import_path, text))
    if not texts:
        raise BuildError(f"the Go packages of {plan.output} ({', '.join(p.import_path for p in packages)}) have no "
                         "//export functions, so C has nothing to call; add '//export Name' above a function")
    combined = architecture_independent(combined_header(texts))
    if plan.header is not None:
        write_if_changed(plan.header.output, combined)
    return combined


def pkg_config_cflags(package: Package, env: dict[str, str]) -> list[str]:
    """The C flags of a package's `#cgo pkg-config:` line, asked as go build asks
    (cmd/go/internal/work: getPkgConfigFlags)."""
    if not package.cgo_pkgconfig:
        return []
    flags = [a for a in package.cgo_pkgconfig if a.startswith("--") and a != "--"]
    names = [a for a in package.cgo_pkgconfig if not a.startswith("--")]
    out = runner.run([env.get("PKG_CONFIG") or "pkg-config", "--cflags", *flags, "--", *names], env,
                     what=f"pkg-config for {package.import_path}")
    return split_args(out)


def link_shared(plan: BuildPlan, archive: str, env: dict[str, str], exports: list[str] | None,
                cgo_link_flags: Sequence[str], objects: Sequence[str], uses_cxx: bool) -> str:
    """Link the Go c-archive (and `objects`, e.g. the musl start-up) into a shared library with the
    C or C++ compiler driver: Go's own link flags, plus a version script for `exports`."""
    assert plan.link is not None
    work = os.path.dirname(archive)
    extra: list[str] = []
    if exports is not None:
        script = os.path.join(work, "exports.map")
        # Rendering imports jinja2 (~50 ms): only when the export list changed since the last build.
        if write_if_changed(os.path.join(work, "exports.list"), "\n".join(exports)) or not os.path.exists(script):
            from ..render import render

            write_if_changed(script, render("version-script.map.j2", names=exports))
        extra.append(f"-Wl,--version-script={script}")
    driver = plan.cxx if uses_cxx and plan.cxx is not None else plan.cc
    library = os.path.join(work, "lib.so")
    runner.run([*driver, "-o", library, *objects, "-Wl,--whole-archive", archive, "-Wl,--no-whole-archive",
                *plan.link.args, *extra, *plan.link.driver_flags, *cgo_link_flags], env,
               what="linking the Go archive into a shared library")
    return library


def musl_start(archive: str, env: dict[str, str]) -> str:
    """Detach the Go runtime's initializer in the archive and compile the constructor that starts
    it instead (binfmt/musl.py); return that object."""
    from ..binfmt import musl

    musl.detach_go_init(archive)
    init_object = os.path.abspath(os.path.join(os.path.dirname(archive), "go_musl_init.o"))
    # The debug info would name the build dir: map it away, so that two build dirs give the same bytes.
    runner.run([*split_args(env["CC"]), *split_args(env.get("CGO_CFLAGS", "")), "-fPIC",
                f"-fdebug-prefix-map={os.getcwd()}=.", "-c", musl.INIT_C, "-o", init_object], env,
               what="compiling mesongo's musl start-up code")
    return init_object


def check_library(plan: BuildPlan, path: str, exports: list[str] | None) -> None:
    """The policy checks; BuildError naming every broken rule."""
    import dataclasses

    from ..binfmt import elf
    from ..plan import policy

    rules = dataclasses.replace(plan.policy, exports=tuple(exports) if exports is not None else None)
    if plan.kind is TargetKind.STATIC:
        rules = rules.for_archive_member()
        facts = elf.go_objects(elf.read_archive(path))
    else:
        facts = [elf.read_elf(path)]
    problems = [problem for f in facts for problem in policy.check(f, rules)]
    if problems:
        shown = os.path.basename(plan.output)
        raise BuildError("the library breaks mesongo's checks:\n  "
                         + "\n  ".join(p.replace(os.path.basename(path), shown, 1) for p in problems))


def archive_link_args(cgo_link_flags: Sequence[str], uses_cxx: bool, cxx_runtime: Sequence[str]) -> list[str]:
    """What the Go archive itself needs at its consumers' link: the packages' #cgo LDFLAGS (as they
    are now, not as they were at setup) and the C++ runtime when the archive has C++."""
    return [*(f for f in cgo_link_flags if f != "-lpthread"), *(cxx_runtime if uses_cxx else ())]


def write_static_link_args(plan: BuildPlan, archive_args: Sequence[str]) -> bool:
    """The response file that go.dependency() hands the consumer's link (the plan's fixed
    arguments, then `archive_args`), and the .pc files; True if the link arguments changed (the
    consumers must relink even if the archive did not)."""
    assert plan.link_args_file is not None
    args = [*plan.fixed_link_args, *archive_args]
    changed = write_if_changed(plan.link_args_file, "".join(shlex.quote(a) + "\n" for a in args))
    if plan.pkgconfig is not None:
        for path, text in plan.pkgconfig.rendered(["-pthread", *archive_args]):
            write_if_changed(path, text)
    return changed


class Phases:
    """Where the step's time goes, for bench/: with MESONGO_TIMINGS=FILE in the environment,
    one JSON line per run is appended to FILE. Costs nothing otherwise."""

    def __init__(self, started: float) -> None:
        self.last = started
        self.spent: dict[str, float] = {}

    def done(self, phase: str) -> None:
        now = time.monotonic()
        self.spent[phase] = self.spent.get(phase, 0.0) + now - self.last
        self.last = now

    def save(self) -> None:
        path = os.environ.get("MESONGO_TIMINGS")
        if path:
            import json

            with open(path, "a", encoding="utf-8") as f:
                f.write(json.dumps(self.spent) + "\n")


def build(plan: BuildPlan, plan_path: str, phases: Phases | None = None) -> None:
    phases = phases or Phases(time.monotonic())
    env = build_environment(os.environ, plan.env)
    env.update(fallback_locations(env, os.path.abspath(os.path.join("meson-private", "mesongo"))))
    out_dir = os.path.dirname(plan.output) or "."
    header_out = plan.header.output if plan.header else None
    outputs = [plan.output, *([header_out] if header_out else []),
               *(os.path.join(out_dir, name) for name, _ in plan.symlinks)]

    os.makedirs(plan.private_dir, exist_ok=True)
    c_headers = tracked_headers(plan.tracked_header_dirs)
    if c_headers:
        # Go's cache does not see these headers (golang/go#24355): their digest in CGO_CFLAGS makes
        # it recompile the packages that may include them when one changes.
        digest = f"-DMESONGO_C_HEADERS={headers_digest(c_headers)}"
        env["CGO_CFLAGS"] = f"{env.get('CGO_CFLAGS', '')} {digest}".strip()
    go_output = plan.go_output
    go_header = os.path.splitext(go_output)[0] + ".h"   # Go names it after -o minus the extension
    remove_files([go_output, go_header])

    # go list runs while go build compiles: the depfile costs no wall time; so does importing what
    # the after-link step needs.
    testing = plan.kind is TargetKind.TEST
    supplied = plan.supplied_main
    if supplied is not None:   # Go reads it through the overlay; setup wrote it, a clean may have removed it
        for path, text in supplied.files():
            write_if_changed(path, text)
    lister = runner.start(list_argv(plan.go, plan.go_args, deps=True, test=testing, packages=[plan.go_package]),
                          env, cwd=plan.package_dir)
    # Where modules live (immutable: not depfile entries) is Go's to say, for this environment.
    modcache = runner.start([plan.go, "env", "GOMODCACHE"], env, cwd=plan.package_dir)
    threading.Thread(target=_import_the_rest, daemon=True).start()
    try:
        run_go_build(plan, env)
        phases.done("go build")
        from ..binfmt import elf
        from ..plan.exports import export_names, members_from, own_members
        from ..toolchain import gofacts

        packages = gofacts.parse_packages(runner.finish(lister, what="go list")[1])
        phases.done("go list (after go build)")
        own = [p for p in packages if p.import_path in supplied.exporting] if supplied is not None \
            else [p for p in packages if p.dir == plan.package_dir]
        uses_cxx = any(p.cxx_files for p in packages)
        if uses_cxx and plan.cxx is None:
            raise BuildError(f"the Go packages of {plan.output} contain C++ files, but the project has no C++ "
                             "compiler: add 'cpp' to the languages of project() and reconfigure")
        cgo_link_flags = gofacts.cgo_link_flags(packages)
        if not plan.kind.is_library:
            header_text = ""
        elif supplied is not None:
            header_text = package_headers(plan, own, env)
        else:
            header_text = write_header(plan, go_header, [plan.package_dir, *(d for p in own for d in p.include_dirs)])
        module_cache = runner.finish(modcache, what="go env GOMODCACHE")[1].strip()
        deps = [os.path.abspath(plan.go), os.path.abspath(plan_path),
                *gofacts.dependency_files([p for p in packages if supplied is None or p.dir != supplied.virtual_dir],
                                          {**env, "GOMODCACHE": module_cache}, tests=testing),
                *c_headers, *own_files()]
        new_lib = go_output
        exports = None
        phases.done("header")
        start_object = musl_start(go_output, env) if plan.musl else None
        link_args_changed = False
        if plan.kind is TargetKind.SHARED:
            own_objects = []
            if plan.exports.mode is ExportMode.API and supplied is not None:
                own_objects = members_from(elf.read_archive(go_output), [f for p in own for f in p.own_c_files])
            elif plan.exports.mode is ExportMode.API and own and own[0].own_c_files:
                own_objects = own_members(elf.read_archive(go_output), len(own[0].cgo_files), own[0].own_c_files)
            exports = export_names(plan.exports, header_text, own_objects)
            if plan.link is not None:
                new_lib = link_shared(plan, go_output, env, exports, cgo_link_flags,
                                      [start_object] if start_object else [], uses_cxx)
            os.chmod(new_lib, 0o755)   # as the system linker leaves a shared object (Go writes 0644)
            phases.done("exports and link")
        elif not plan.kind.is_library:
            pass   # a program or test binary: Go linked it
        else:
            if start_object:   # a static library carries it as an extra member
                from ..binfmt.ar import add_member

                with open(start_object, "rb") as f:
                    add_member(go_output, os.path.basename(start_object), f.read(),
                               lambda content, name: elf.read_bytes(content, name).defined_symbols)
            link_args_changed = write_static_link_args(
                plan, archive_link_args(cgo_link_flags, uses_cxx, plan.cxx_runtime))
        # An unchanged library already passed the same checks (~50 ms saved on a touch).
        rules_stamp = os.path.join(plan.private_dir, "checked-rules")
        rules = repr((plan.policy, exports))
        if not (same_bytes(new_lib, plan.output) and read_text(rules_stamp) == rules):
            check_library(plan, new_lib, exports)
            write_if_changed(rules_stamp, rules)
        phases.done("checks")
        if link_args_changed and os.path.exists(plan.output):
            os.unlink(plan.output)   # new link arguments: the consumers must relink
        replace_if_changed(new_lib, plan.output)
        for name, target in plan.symlinks:
            ensure_symlink(os.path.join(out_dir, name), target)
        write_if_changed(plan.depfile, depfile_text(plan.output, deps))
        phases.done("writes")
        phases.save()
    except BaseException:
        for proc in (lister, modcache):
            proc.kill()
            proc.wait()
        remove_files(outputs)
        raise


def run(argv: Sequence[str], started: float | None = None) -> int:
    """`started`: when the step's process began importing mesongo (for the time breakdown)."""
    if len(argv) < 2 or argv[1] != "--":
        print("usage: python -m mesongo.buildstep PLAN -- GO_COMMAND...", file=sys.stderr)
        return 2
    try:
        phases = Phases(started if started is not None else time.monotonic())
        plan = load_plan(argv[0], argv[2:])
        phases.done("read plan")
        build(plan, argv[0], phases)
    except MesongoError as exc:
        print(f"mesongo: error: {exc}", file=sys.stderr)
        return 1
    return 0
