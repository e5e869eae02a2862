"""The build step ninja runs: ``python -m mesongo.buildstep PLAN DIGEST``.

PLAN is the JSON build plan that `meson setup` wrote for this target (plan/model.py), which holds
the Go command, and DIGEST the digest it records (a changed plan, or a new mesongo, changes the
command: ninja reruns the step).

The step runs ``go build`` and, alongside it, ``go list -deps -json`` for the depfile and the
facts that can change after setup (the packages' C++ files and ``#cgo LDFLAGS``). Then the
target's kind finishes it (kinds/: a library's Go c-archive becomes one relocatable object, which
Meson's own shared_library() or static_library() links, beside the header, the export list the
binary format's linker understands and the link arguments the archive needs; on musl the object
also carries the runtime start-up of binfmt/musl.py), the checks run, and every output is moved
into place only when its bytes changed, so ninja's ``restat`` spares the consumers of an
unchanged library. On failure no output is left behind: ninja retries next time and never links
a stale library.

What the plan fixed at setup is not decided again here; what can change without a reconfigure
is read again: the packages' files and `#cgo` flags (go list), the C headers of the tracked
include dirs, and the export list (the header cgo writes and the archive's C objects).
"""

from __future__ import annotations

import os
import sys
import time

# Only what starting Go needs is imported here (launch.py); the typed plan is read while `go
# build` runs, and what the step needs after it loads in a thread meanwhile. The subprocess
# runner (toolchain/runner.py: ~15 ms of imports) is imported where it is used, once Go runs.
from ..errors import BuildError, MesongoError
from ..fsutil import (
    read_text,
    remove_files,
    remove_tree,
    replace_if_changed,
    same_bytes,
    write_if_changed,
)
from ..plan.planfile import LAUNCH_FILE
from ..toolchain.gocmd import split_args
from .launch import GoBuild, Launched, launch, read_launch_file

# typing.TYPE_CHECKING without importing typing or collections.abc: ninja starts this for every Go step.
TYPE_CHECKING = False

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Callable, Mapping, Sequence

    from ..binfmt.formats import BinaryFacts, BinaryFormat
    from ..plan.model import BuildPlan, GoCoverage, LibraryPlan
    from ..toolchain.gofacts import Package
    from .exportlines import ExportLocator


def escape_depfile_path(path: str) -> str:
    """Make-style escaping as ninja's depfile parser reads it."""
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#").replace("$", "$$")


def depfile_text(target: str, deps: Sequence[str]) -> str:
    lines = [escape_depfile_path(target) + ":"]
    lines += [" " + escape_depfile_path(d) for d in deps]
    return " \\\n".join(lines) + "\n"


def _import_the_rest() -> None:
    """What the step needs after `go build`: imported in a thread while Go compiles (~50 ms)."""
    from ..binfmt import elf, formats, musl, pe  # noqa: F401
    from ..plan import exports, header, policy  # noqa: F401
    from ..toolchain import gofacts  # noqa: F401

    elf.import_readers()


def load_plan(path: str, digest: str) -> BuildPlan:
    from ..plan.model import StalePlan, plan_from_json

    try:
        plan = plan_from_json(read_text(path) or "", digest)
    except (StalePlan, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"the build plan {path} is unreadable, or not the one build.ninja was written with ({exc}): "
                         "run `meson setup --reconfigure`") from None
    return plan


class _GoMessages:
    """Go's stderr, passed on line by line with file names made relative to the build dir
    (Go prints them relative to the package dir, where it runs), so that an editor that runs
    ninja can jump to them; a C compiler message about the C cgo writes for an //export function
    names the function's Go file and line instead (exportlines.py)."""

    def __init__(self, package_dir: str, make_locator: Callable[[], ExportLocator]) -> None:
        self.package_dir = package_dir
        self.build_root = os.getcwd()
        self.make_locator = make_locator
        self.locator: ExportLocator | None = None   # made at the first such message
        self.import_path = ""   # Go heads the messages of each package with "# import/path"
        self.seen: list[str] = []

    def line(self, line: str) -> None:
        self.seen.append(line)
        if line.startswith("# "):
            self.import_path = line[2:].strip()
        head = line.partition(":")[0]
        export_c = located = None
        if head in ("cgo-gcc-export-header-prolog", "_cgo_export.c") and self.import_path:
            from .exportlines import LOCATION

            export_c = LOCATION.match(line)
            if export_c:
                self.locator = self.locator or self.make_locator()
                located = self.locator.locate(self.import_path, export_c.group(1), int(export_c.group(2)))
        if export_c and located is not None:
            go_pos, export = located
            path, _, go_line = go_pos.rpartition(":")
            line = (f"{os.path.relpath(path, self.build_root)}:{go_line}:{export_c.group(3).rstrip()} "
                    f"(in the C that cgo writes for //export {export.name}: {export.c_text})\n")
        else:
            line = build_relative(line, self.package_dir)
        sys.stderr.write(line)
        sys.stderr.flush()


def build_relative(line: str, cwd: str) -> str:
    """A message line of Go's, its leading file name (Go writes it relative to `cwd`, where it ran)
    made relative to the build dir, where ninja runs, so that an editor can open it."""
    head, sep, rest = line.partition(":")
    if sep and rest[:1].isdigit() and not os.path.isabs(head) and " " not in head:
        path = os.path.join(cwd, head)
        if os.path.isfile(path):
            return os.path.relpath(path) + sep + rest
    return line


def explain_duplicates(linker_messages: str, locate: Callable[[str], list[str]]) -> str | None:
    """A link's `multiple definition` messages told in terms of the Go files (duplicates.py), or None."""
    from .duplicates import duplicates, explain

    found = duplicates(linker_messages)
    return explain(found, locate) if found else None


def cgo_argv(plan: BuildPlan, env: Mapping[str, str], package: Package, objdir: str, header: str) -> list[str]:
    """cgo on one package as go build runs it, writing into `objdir` and its export header to `header`."""
    from ..toolchain.gocmd import cgo_header_argv

    return cgo_header_argv(plan.go.go, package.import_path, [os.path.join(package.dir, f) for f in package.cgo_files],
                           objdir, header,
                           [*split_args(env.get("CGO_CPPFLAGS", "")), *package.cgo_cppflags,
                            *pkg_config_cflags(package, dict(env))],
                           [*split_args(env.get("CGO_CFLAGS", "")), *package.cgo_cflags])


def run_go_build(plan: BuildPlan, env: dict[str, str], go: GoBuild) -> None:
    """Pass on the messages of the `go build` that launch() started, and wait for it."""
    def make_locator() -> ExportLocator:
        from .exportlines import ExportLocator

        return ExportLocator(plan.go.go, env, plan.go.package_dir, plan.go.args, plan.go.package, plan.private_dir,
                             lambda package, objdir, header: cgo_argv(plan, env, package, objdir, header))

    messages = _GoMessages(plan.go.package_dir, make_locator)
    for line in go.stderr:
        messages.line(line)
    code = go.wait()
    if code != 0:
        # ninja's line for the failed step names only the plan: the go command is said here, once.
        removed = plan.library.linked if plan.library is not None and plan.library.linked else (plan.output,)
        # Go's own link of a program: the package's files are where it ran.
        explained = explain_duplicates("".join(messages.seen), lambda name: [
            p for p in [os.path.join(plan.go.package_dir, name)] if os.path.isfile(p)])
        if explained:
            raise BuildError(explained)
        import shlex

        raise BuildError(f"go build failed (exit code {code}): {shlex.join(plan.go.argv())} in {plan.go.package_dir}, "
                         "with the environment of its build plan; Go's messages are above. "
                         f"{' and '.join(removed)} {'were' if len(removed) > 1 else 'was'} removed so that no stale "
                         f"{'library is linked' if plan.kind.C_API else plan.kind.NOUN + ' is run'}")


def pkg_config_cflags(package: Package, env: dict[str, str]) -> list[str]:
    """The C flags of a package's `#cgo pkg-config:` line, asked as go build asks
    (cmd/go/internal/work: getPkgConfigFlags)."""
    from ..toolchain import runner
    from ..toolchain.pkgconfig import package_names, split_output

    if not package.cgo_pkgconfig:
        return []
    options, names = package_names(package.cgo_pkgconfig)
    out = runner.run([env.get("PKG_CONFIG") or "pkg-config", "--cflags", *options, "--", *names], env,
                     what=f"pkg-config for {package.import_path}")
    return split_output(out)


def archive_link_args(cgo_link_flags: Sequence[str], uses_cxx: bool, cxx_runtime: Sequence[str],
                      standard: Sequence[str] = ()) -> list[str]:
    """What the Go archive itself needs at its consumers' link: the packages' #cgo LDFLAGS (as they
    are now, not as they were at setup), the C++ runtime when the archive has C++, and what Go's
    own link adds for the standard library on the target (`standard`: -lresolv for macOS)."""
    return [*(f for f in cgo_link_flags if f != "-lpthread"), *(cxx_runtime if uses_cxx else ()), *standard]


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


class BuildStep:
    """One run of the step, once `go build` and `go list` are done: what the target kinds'
    finish() (kinds/) use to make the output from what Go wrote."""

    def __init__(self, plan: BuildPlan, env: dict[str, str], packages: list[Package], go_header: str,
                 phases: Phases) -> None:
        from ..toolchain import gofacts

        self.phases = phases
        self.plan = plan
        self.env = env
        self.packages = packages
        self.go_header = go_header
        supplied = plan.go.supplied_main
        # The target's own packages: the listed ones of a supplied main, else the one built.
        self.own = [p for p in packages if p.import_path in supplied.exporting] if supplied is not None \
            else [p for p in packages if p.dir == plan.go.package_dir]
        self.uses_cxx = any(p.cxx_files for p in packages)
        if self.uses_cxx and plan.c.cxx is None:
            raise BuildError(f"the Go packages of {plan.output} contain C++ files, but the project has no C++ "
                             "compiler: add 'cpp' to the languages of project() and reconfigure")
        self.cgo_link_flags = gofacts.cgo_link_flags(packages)
        self.read_files: list[str] = []   # besides Go's: what the depfile lists (the project's own header)
        # The `#cgo pkg-config:` lines of every package of the build, and their names, in order.
        self.pkg_config_lines = [p.cgo_pkgconfig for p in packages if p.cgo_pkgconfig]
        self.pkg_config_names = list(dict.fromkeys(
            name for line in self.pkg_config_lines for name in line if not name.startswith("-")))

    @property
    def go_output(self) -> str:
        return self.plan.go.output

    @property
    def library(self) -> LibraryPlan:
        assert self.plan.library is not None, f"a {self.plan.kind.NOUN} has no library plan"
        return self.plan.library

    @property
    def fmt(self) -> BinaryFormat:
        from ..binfmt.formats import format_named

        return format_named(self.plan.binary_format)

    def write_header(self) -> str:
        """The C header (plan/header.py) of the main package, or of the listed packages of a
        supplied main; returns its text (the export list reads it even with `header: false`)."""
        text = self._package_headers() if self.plan.go.supplied_main is not None else self._main_header()
        self.phases.done("header")
        return text

    def _main_header(self) -> str:
        from ..plan.header import architecture_independent, inline_local_includes

        text = read_text(self.go_header)
        if text is None:
            raise BuildError(
                f"go build wrote no header for {self.plan.output}: the package in {self.plan.go.package_dir} has no "
                "//export functions, so C has nothing to call; add '//export Name' above a function")
        header = self.library.header
        if header is not None:
            search = [self.plan.go.package_dir, *(d for p in self.own for d in p.include_dirs)]
            inlined = inline_local_includes(text, search, header.inline_dirs, read_text)
            write_if_changed(header.output, architecture_independent(inlined))
        return text

    def _package_headers(self) -> str:
        """cgo's header of each listed package with //export functions, as `go build` would write
        it for a main package (it writes none for the others, golang/go#68725), with private
        #includes inlined, combined into one; returns its text. The cgo runs go in parallel."""
        from ..plan.header import architecture_independent, combined_header, inline_local_includes
        from ..toolchain import runner

        plan, env = self.plan, self.env
        started: list[tuple[Package, str, subprocess.Popen[str]]] = []
        for i, package in enumerate(p for p in self.own if p.cgo_files):
            objdir = os.path.abspath(os.path.join(plan.private_dir, "cgo", str(i)))
            remove_tree(objdir)
            os.makedirs(objdir)
            header = os.path.join(objdir, "_cgo_install.h")
            argv = cgo_argv(plan, env, package, objdir, header)
            started.append((package, header, runner.start(argv, {**env, "TERM": "dumb"}, cwd=package.dir)))
        texts: list[tuple[str, str]] = []
        header_plan = self.library.header
        for package, header, proc in started:
            runner.finish(proc, what=f"cgo on {package.import_path}, for the header of its //export functions")
            text = read_text(header)
            if text is None:   # cgo writes no header for a package without //export
                continue
            if header_plan is not None:   # with `header: false` the text serves the export list only
                text = inline_local_includes(text, [package.dir, *package.include_dirs], header_plan.inline_dirs,
                                             read_text)
            texts.append((package.import_path, text))
        if not texts:
            raise BuildError(f"the Go packages of {plan.output} ({', '.join(p.import_path for p in self.own)}) have "
                             "no //export functions, so C has nothing to call; add '//export Name' above a function")
        combined = architecture_independent(combined_header(texts))
        if header_plan is not None:
            write_if_changed(header_plan.output, combined)
        return combined

    def export_names(self, header_text: str) -> list[str] | None:
        """The symbols the shared object exports, by its export rule (plan/exports.py)."""
        from ..plan.exports import export_names, members_from, own_members

        rule = self.library.exports
        own_objects = []
        from ..plan.model import ExportMode

        if rule.mode is ExportMode.HEADER:
            return self.own_header_exports()
        if rule.mode is ExportMode.API and self.plan.go.supplied_main is not None:
            own_objects = members_from(self.fmt.read_archive_members(self.go_output),
                                       [f for p in self.own for f in p.own_c_files])
        elif rule.mode is ExportMode.API and self.own and self.own[0].own_c_files:
            own_objects = own_members(self.fmt.read_archive_members(self.go_output), len(self.own[0].cgo_files),
                                      self.own[0].own_c_files)
        return export_names(rule, header_text, own_objects)

    def own_header_exports(self) -> list[str]:
        """`exports: 'header'`: what the project's own header declares (plan/cheader.py), as the C
        compiler preprocesses it for this target; each name must be defined by the Go archive
        (an //export function or a C file of the packages), else a build error names the line."""
        from ..errors import CommandError
        from ..plan.cheader import UnreadableDeclaration
        from ..toolchain.cfacts import header_declarations

        path = self.library.own_header
        assert path is not None, "exports: 'header' without the project's own header"
        shown = os.path.relpath(path)
        env = self.env
        flags = [*split_args(env.get("CGO_CPPFLAGS", "")), *split_args(env.get("CGO_CFLAGS", ""))]
        try:
            declared, read = header_declarations(self.plan.c.cc, flags, path, env)
        except CommandError as exc:
            raise BuildError(f"{shown}: the C preprocessor cannot read the project's own header, whose declarations "
                             f"exports: 'header' exports:\n{exc.stderr.rstrip()}") from None
        except UnreadableDeclaration as exc:
            raise BuildError(f"{shown}:{exc.line}: mesongo reads the declarations of the project's own header for "
                             f"exports: 'header', and this one is not C as tree-sitter's C grammar reads it: "
                             f"{exc.text}; write it as plain C, or list the exports by name") from None
        self.read_files += read
        if not declared:
            raise BuildError(f"{shown}: the project's own header declares no function, so exports: 'header' would "
                             "export nothing: declare the library's C API there, or list the exports by name")
        defined = {s.name for m in self.fmt.read_archive_members(self.go_output, without_go=True)
                   for s in m.exports if not s.weak}
        missing = [d for d in declared if d.name not in defined]
        if missing:
            raise BuildError("\n".join(
                f"{shown}:{d.line}: {'function' if d.function else 'variable'} {d.name} is declared, and exports: "
                "'header' exports it, but no //export function or C file of the Go packages defines it"
                for d in missing))
        self.phases.done("header exports")
        return list(dict.fromkeys(d.name for d in declared))

    def pkg_config_files(self) -> list[str]:
        """The .pc files pkg-config reads for the packages' `#cgo pkg-config:` names, recorded for
        the next build step, which tracks them from before Go starts (launch.py): depfile entries."""
        from ..plan.planfile import RESOLVED_RECORD
        from ..toolchain import pkgconfig

        record = os.path.join(self.plan.private_dir, RESOLVED_RECORD)
        if not self.pkg_config_names:
            remove_files([record])
            return []
        files = [path for path in pkgconfig.resolve(self.pkg_config_names, self.env).values() if path]
        write_if_changed(record, "".join(f"{path}\n" for path in files))
        return files

    def pkg_config_link_flags(self) -> list[str]:
        """`pkg-config --libs` of the packages' `#cgo pkg-config:` lines: what Go's own link of a
        program adds, and a c-archive leaves to its link."""
        from ..toolchain import pkgconfig

        if not self.pkg_config_lines:
            return []
        return pkgconfig.link_flags(self.pkg_config_lines, self.env,
                                    what=f"pkg-config --libs for the link of {self.plan.output}")

    def write_link_files(self, exports: list[str] | None) -> bool:
        """The export list Meson's link of a shared library or module takes, and the response
        file of what the Go archive needs at a link (the packages' #cgo LDFLAGS as they are now,
        `pkg-config --libs` of their `#cgo pkg-config:` names, the C++ runtime): that link's, or
        an archive's consumers'; with an archive, the .pc files, which name the pkg-config
        packages in Requires.private instead. True if either changed (what links the object must
        link again)."""
        import shlex

        # From planfile, not planner: the planner's imports (~20 ms) would follow go build here.
        from ..plan.planfile import EXPORTS_LIST

        objects = self.library.objects
        listed = os.path.join(self.plan.private_dir, EXPORTS_LIST)
        # Rendering imports jinja2 (~50 ms): only when the export list changed since the last build.
        if exports is None:
            remove_files([listed])
            changed = write_if_changed(objects.export_list, "")
        elif write_if_changed(listed, "".join(f"{name}\n" for name in exports)) \
                or not os.path.exists(objects.export_list):
            changed = write_if_changed(objects.export_list, self.fmt.export_list_text(exports))
        else:
            changed = False
        needed = archive_link_args(self.cgo_link_flags, self.uses_cxx, self.plan.c.cxx_runtime,
                                   self.fmt.GO_ARCHIVE_LINK_ARGS)
        linked = [*needed, *self.pkg_config_link_flags()]
        changed = write_if_changed(objects.link_args_file, "".join(shlex.quote(a) + "\n" for a in linked)) \
            or changed
        pkgconfig = self.library.pkgconfig
        if pkgconfig is not None:
            for path, text in pkgconfig.rendered(["-pthread", *needed], self.pkg_config_names):
                write_if_changed(path, text)
        self.phases.done("exports")
        return changed

    def relocatable_object(self, objects: Sequence[str]) -> str:
        """One relocatable object of the whole Go c-archive and `objects` (the musl start-up):
        what Meson's shared_library() links and its static_library() archives (neither takes an
        archive whole), made by the C compiler driver's linker (-r) from the archive's members.
        Go's own object goes last: aarch64's GNU ld 2.40 makes an object that crashes the next
        link (signal 11) when go.o comes before the cgo objects."""
        from ..binfmt.ar import archive_members
        from ..toolchain import runner

        members_dir = os.path.join(self.plan.private_dir, "members")
        remove_tree(members_dir)
        os.makedirs(members_dir)
        with open(self.go_output, "rb") as f:
            members = archive_members(f.read())
        paths: list[str] = []
        for i, (name, body) in enumerate(sorted(members, key=lambda m: m[0] == "go.o")):
            paths.append(os.path.join(members_dir, f"{i:04d}-{os.path.basename(name)}"))
            with open(paths[-1], "wb") as out:
                out.write(body)
        path = os.path.join(self.plan.private_dir, os.path.basename(self.plan.output))
        argv = [*self.plan.c.cc, "-r", "-nostdlib", "-o", path, *objects, *paths, *self.fmt.RELOCATABLE_LINK_ARGS]
        code, _, messages = runner.run_full(argv, self.env, check=False)
        if code != 0:
            explained = explain_duplicates(messages, self.package_files)
            if explained:
                raise BuildError(explained)
            from ..errors import CommandError

            raise CommandError(argv, code, messages, "making one object of the Go archive")
        self.phases.done("object")
        return path

    def package_files(self, name: str) -> list[str]:
        """The files named `name` of the build's packages (their Go, C and C++ files)."""
        return [os.path.join(p.dir, name) for p in self.packages if p.dir and not p.standard
                and name in (*p.cgo_files, *p.own_c_files)]

    def musl_start_object(self) -> str | None:
        """On musl: detach the Go runtime's initializer in the archive and compile the constructor
        that starts it instead (binfmt/musl.py); return that object. None elsewhere."""
        from ..toolchain import runner

        if not self.plan.musl:
            return None
        from ..binfmt import musl

        archive = self.go_output
        musl.detach_go_init(archive)
        init_object = os.path.abspath(os.path.join(os.path.dirname(archive), "go_musl_init.o"))
        env = self.env
        # The debug info would name the build dir: map it away, so that two build dirs give the same bytes.
        runner.run([*split_args(env["CC"]), *split_args(env.get("CGO_CFLAGS", "")), "-fPIC",
                    f"-fdebug-prefix-map={os.getcwd()}=.", "-c", musl.INIT_C, "-o", init_object], env,
                   what="compiling mesongo's musl start-up code")
        return init_object

    def check(self, path: str, exports: tuple[str, ...] | None) -> list[BinaryFacts]:
        """The after-link checks (plan/policy.py); BuildError naming every broken rule. Returns
        what they read."""
        import dataclasses

        rules = dataclasses.replace(self.plan.policy, exports=exports)
        binaries, rules = self.plan.kind.checked_binaries(self.fmt, path, rules)
        problems = [problem for facts in binaries for problem in self.fmt.check(facts, rules)]
        if problems:
            shown = os.path.basename(self.plan.output)
            what = "library" if self.plan.kind.C_API else self.plan.kind.NOUN
            raise BuildError(f"the {what} breaks mesongo's checks:\n  "
                             + "\n  ".join(p.replace(os.path.basename(path), shown, 1) for p in problems))
        return binaries


def build(plan: BuildPlan, launched: Launched, lister: subprocess.Popen[str], modcache: subprocess.Popen[str],
          phases: Phases) -> None:
    """The rest of the step, once launch() started Go: wait for it, then finish the output."""
    from ..toolchain import runner

    env = launched.env
    library = plan.library
    outputs = [plan.output]
    if library is not None:
        outputs += [*([library.header.output] if library.header else []), library.objects.export_list,
                    library.objects.link_args_file, *library.linked]
    go_header = plan.go.header
    testing = plan.go.subcommand[0] == "test"
    supplied = plan.go.supplied_main
    try:
        run_go_build(plan, env, launched.go)
        phases.done("go build")
        from ..toolchain import gofacts

        packages = gofacts.parse_packages(runner.finish(lister, what="go list")[1])
        phases.done("go list (after go build)")
        step = BuildStep(plan, env, packages, go_header, phases)
        module_cache = runner.finish(modcache, what="go env GOMODCACHE")[1].strip()
        # Neither the plan nor mesongo's code is listed: ninja's command carries their digest.
        deps = list(dict.fromkeys([   # a main-module program named by import path lists its go.mod twice
            os.path.abspath(plan.go.go),
            *gofacts.dependency_files([p for p in packages if supplied is None or p.dir != supplied.virtual_dir],
                                      {**env, "GOMODCACHE": module_cache}, tests=testing),
            *(f for f in plan.go.module_files if os.path.exists(f)), *launched.tracked_files,
            *step.pkg_config_files()]))
        if plan.go.coverage is not None:
            write_coverage_sources(plan.go.coverage, packages)
        finished = plan.kind.finish(step)
        deps += [f for f in step.read_files if f not in deps]
        # An unchanged output already passed the same checks (~50 ms saved on a touch).
        rules_stamp = os.path.join(plan.private_dir, "checked-rules")
        rules = repr((plan.policy, finished.exports))
        if not (same_bytes(finished.path, plan.output) and read_text(rules_stamp) == rules):
            step.check(finished.checked or finished.path, finished.exports)
            write_if_changed(rules_stamp, rules)
        phases.done("checks")
        if finished.relink_consumers:
            os.replace(finished.path, plan.output)   # new link arguments: what links the object must relink
        else:
            replace_if_changed(finished.path, plan.output)
        write_if_changed(plan.depfile, depfile_text(plan.output, deps))
        phases.done("writes")
        phases.save()
    except BaseException:
        launched.kill()
        remove_files(outputs)
        raise


def write_coverage_sources(coverage: GoCoverage, packages: Sequence[Package]) -> None:
    """b_coverage: the counters dir Go writes into (it must exist), and where the sources of the
    build's packages are, which `ninja coverage` needs (Go's profile names files by import path)."""
    import json

    os.makedirs(coverage.counters_dir, exist_ok=True)
    sources = {p.import_path: {"dir": p.dir, "module": p.module_path or ""}
               for p in packages if not p.standard and p.dir and os.path.isdir(p.dir)}
    os.makedirs(os.path.dirname(coverage.packages_file), exist_ok=True)
    write_if_changed(coverage.packages_file, json.dumps(sources, indent=1, sort_keys=True) + "\n")


def run(argv: Sequence[str], started: float | None = None) -> int:
    """`started`: when the step's process began importing mesongo (for the time breakdown)."""
    if len(argv) != 2:
        print("usage: python -m mesongo.buildstep PLAN DIGEST", file=sys.stderr)
        return 2
    phases = Phases(started if started is not None else time.monotonic())
    try:
        launched = launch(read_launch_file(os.path.join(os.path.dirname(argv[0]), LAUNCH_FILE), argv[1]))
        phases.done("start go")
        try:
            lister, modcache = launched.start_beside()
            import threading

            threading.Thread(target=_import_the_rest, daemon=True).start()
            plan = load_plan(argv[0], argv[1])
            phases.done("read plan")
        except BaseException:
            launched.kill()
            raise
        build(plan, launched, lister, modcache, phases)
    except MesongoError as exc:
        print(f"mesongo: error: {exc}", file=sys.stderr)
        return 1
    return 0
