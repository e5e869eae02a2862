"""The few differences between Meson versions that mesongo meets (1.0 up to TESTED_UP_TO).

Importing this module checks the running Meson first, so that an old Meson gets one clear error
instead of an ImportError from deep inside module.py.
"""

from __future__ import annotations

import inspect
import os
import typing as T
from functools import cache

from mesonbuild import build, coredata, mlog
from mesonbuild.mesonlib import MesonException, version_compare

MESON_MIN = "1.0"
TESTED_UP_TO = "1.12"

if not version_compare(coredata.version, f">={MESON_MIN}"):
    raise MesonException(
        f"mesongo needs Meson >= {MESON_MIN}, but this is Meson {coredata.version}: "
        "upgrade it with 'pip install --upgrade meson'")


def note_if_untested() -> None:
    """A notice, not a warning: mlog.warning() and mlog.notice() both count towards
    --fatal-meson-warnings, and a new Meson release must not fail a build that passed before."""
    major_minor = ".".join(coredata.version.split(".")[:2])
    if version_compare(major_minor, f">{TESTED_UP_TO}"):
        log_once(mlog.bold("NOTICE:"), f"mesongo was tested with Meson up to {TESTED_UP_TO}.x; this is Meson "
                 f"{coredata.version}. Please report anything that breaks.")


@cache
def _custom_target_params() -> tuple[str, ...]:
    return tuple(inspect.signature(build.CustomTarget.__init__).parameters)


def custom_target(state: T.Any, name: str, command: list[T.Any], sources: list[T.Any], outputs: list[str],
                  **kwargs: T.Any) -> build.CustomTarget:
    """build.CustomTarget across versions: up to 1.11 it takes ``subproject`` third; from 1.12 it
    takes ``build_project`` after the outputs. Keywords newer than the running Meson (e.g.
    ``description``, 1.3) are dropped."""
    params = _custom_target_params()
    accepted = {k: v for k, v in kwargs.items() if k in params}
    ct_cls: T.Any = build.CustomTarget
    if "build_project" in params:
        return T.cast(build.CustomTarget, ct_cls(name, state.subdir, state.environment, command, sources, outputs,
                                                 state.current_build_project, **accepted))
    return T.cast(build.CustomTarget, ct_cls(name, state.subdir, state.subproject, state.environment, command,
                                             sources, outputs, **accepted))


def external_args(state: T.Any, lang: str, native: bool = False) -> tuple[list[str], list[str]]:
    """The host's (or with `native`, the build machine's) ``<lang>_args`` and ``<lang>_link_args``
    (machine files and CFLAGS/LDFLAGS at setup)."""
    cd = state.environment.coredata
    from mesonbuild.mesonlib import MachineChoice
    machine = MachineChoice.BUILD if native else MachineChoice.HOST
    return (list(cd.get_external_args(machine, lang)), list(cd.get_external_link_args(machine, lang)))


_MISSING: T.Any = object()


def option(state: T.Any, name: str, default: T.Any = _MISSING) -> T.Any:
    """A built-in or base option as Meson applies it to the targets of the calling (sub)project
    (what get_option(name) in that project's meson.build returns), on every Meson from 1.0.

    state.get_option(name) alone reads the root project's value; in a subproject, Meson >= 1.8
    (every option) and 1.4-1.7 (base options) can have another one. Meson 1.0-1.3 raise for b_*
    options of a subproject, which share the root's value there. Normalised: b_sanitize -> a list
    ([] for none; a str up to 1.7, a list from 1.8); wrap_mode -> its name (an enum up to 1.4).
    An option this Meson or project lacks -> `default`, or KeyError without one."""
    value: T.Any = _MISSING
    if state.subproject:
        try:
            value = state.get_option(name, subproject=state.subproject)
        except (KeyError, MesonException):
            pass
    if value is _MISSING:
        try:
            value = state.get_option(name)
        except (KeyError, MesonException):
            if default is _MISSING:
                raise KeyError(f"Meson has no option {name!r} here") from None
            return default
    if name == "b_sanitize":
        items = value.split(",") if isinstance(value, str) else list(value)
        return [item for item in items if item and item != "none"]
    if name == "wrap_mode":
        return str(getattr(value, "name", value))
    return value


def meson_options(state: T.Any) -> T.Any:
    """The Meson options that change what Go builds, as plan/goenv.py's MesonOptions."""
    from ..plan.goenv import MesonOptions

    return MesonOptions(
        optimization=str(option(state, "optimization", "plain")),
        debug=bool(option(state, "debug", False)),
        sanitize=tuple(option(state, "b_sanitize", [])),
        lundef=bool(option(state, "b_lundef", True)),
        coverage=bool(option(state, "b_coverage", False)),
        pie=bool(option(state, "b_pie", False)),
    )


def cxx_stdlib_link_flags(cxx: T.Any, env: T.Any) -> list[str]:
    """What linking C++ objects with the C compiler driver needs (-lstdc++, -lc++): what Meson adds
    when a C target links a C++ static library."""
    try:
        return list(cxx.language_stdlib_only_link_flags(env))
    except (AttributeError, TypeError, MesonException):
        return ["-lstdc++"]


def log_once(*args: T.Any) -> None:
    """mlog.log(..., once=True); every Meson that mesongo supports has `once`."""
    mlog.log(*args, once=True)


def call_before_generate(interpreter: T.Any, hook: T.Callable[[T.Any], None]) -> None:
    """Meson >= 1.2 calls a module's postconf_hook(build) once the whole project is read. Older
    ones have no such point, so there the hook runs just before the backend writes the build
    files: the one backend object of this configure gets a wrapped generate() (no Meson class
    is changed, and 1.0/1.1 are frozen releases)."""
    if version_compare(coredata.version, ">=1.2"):
        return
    backend = interpreter.backend
    if getattr(backend, "_mesongo_hooked", False):
        return
    generate = backend.generate

    def generate_after_hook(*args: T.Any, **kwargs: T.Any) -> T.Any:
        hook(backend.build)
        return generate(*args, **kwargs)

    backend.generate = generate_after_hook
    backend._mesongo_hooked = True


def record_target_nodes(interpreter: T.Any, nodes: dict[str, T.Any]) -> None:
    """From now on, remember in `nodes` (target id -> node) the meson.build call that defined each
    target this interpreter adds, so that checks made once the whole project is read can say
    where: Meson's errors and warnings take a file, line and column, and the postconf hook has
    none. Every Meson from 1.0 adds every target, its modules' too, through
    ``self.add_target(name, tobj)``, so the instance gets a wrapped one (no Meson class changes).

    From Meson 1.1 ``current_node`` is then the function or method call being run (what Meson's
    own errors point at). Meson 1.0.x moves it to every sub-expression it evaluates, i.e. to the
    last argument of ``executable(...)``: there the instance's function_call/method_call are
    wrapped too, and the innermost call running is the one."""
    if interpreter is None or getattr(interpreter, "_mesongo_nodes_hooked", False):
        return
    interpreter._mesongo_nodes_hooked = True
    calls: list[T.Any] = []
    if not version_compare(coredata.version, ">=1.1"):
        for attr in ("function_call", "method_call"):
            def tracked(node: T.Any, _call: T.Callable[[T.Any], T.Any] = getattr(interpreter, attr)) -> T.Any:
                calls.append(node)
                try:
                    return _call(node)
                finally:
                    calls.pop()
            setattr(interpreter, attr, tracked)
    add_target = interpreter.add_target

    def add_target_recorded(name: str, tobj: T.Any) -> None:
        add_target(name, tobj)
        node = calls[-1] if calls else interpreter.current_node
        if node is not None and getattr(node, "lineno", 0) > 0 and getattr(node, "filename", None):
            nodes.setdefault(tobj.get_id(), node)

    interpreter.add_target = add_target_recorded


def wrap_mode(state: T.Any) -> str:
    """Meson's --wrap-mode as its name: default, nofallback, nodownload, forcefallback, nopromote."""
    return str(option(state, "wrap_mode", "default"))


def executable_serialisation(interpreter: T.Any, command: list[str]) -> T.Any:
    """A script for build.dist_scripts, made as `meson.add_dist_script()` makes one."""
    script = interpreter.backend.get_executable_serialisation(command, verbose=True)
    script.subproject = interpreter.subproject
    return script


def adjust_install_data(interpreter: T.Any, stripped: T.Callable[[T.Any], dict[str, bool]],
                        build_rpaths: T.Callable[[T.Any], dict[str, set[bytes]]]) -> None:
    """Make `meson install` treat a Go program (which Go links, in a custom target) like an
    executable().

    Strip: the backend writes one TargetInstallData per installed output; for a custom target it
    hard-codes strip=False, can_strip=False (backends.py, generate_target_install), and minstall
    strips a file when `t.strip or (t.can_strip and --strip)`, with the host machine file's
    `strip`. `stripped(backend)` names the program files ({install.dat name: the `strip` option of
    the program's project}); they get both fields. RUNPATH: a Go program linked against Meson's
    shared libraries carries $ORIGIN/... entries for the build dir; `build_rpaths(backend)` names
    them per file, and minstall's depfixer removes them at install, as for Meson's own programs.

    The one backend object of this configure gets a wrapped create_install_data(); no Meson class
    changes. Tags, --only-changed, --dry-run and DESTDIR behave as for Meson's own targets."""
    backend = getattr(interpreter, "backend", None)
    if backend is None or getattr(backend, "_mesongo_install_hooked", False):
        return
    create = backend.create_install_data

    def create_install_data(*args: T.Any, **kwargs: T.Any) -> T.Any:
        data = create(*args, **kwargs)
        strip = stripped(backend)
        for entry in data.targets:
            if entry.fname in strip:
                entry.can_strip = True
                entry.strip = strip[entry.fname]
        rpaths = build_rpaths(backend)
        for entry in data.targets:
            if entry.fname in rpaths:
                entry.rpath_dirs_to_remove = set(entry.rpath_dirs_to_remove) | rpaths[entry.fname]
                if entry.install_rpath is None:   # a custom target's: depfixer would skip the file
                    entry.install_rpath = ""
        return data

    backend.create_install_data = create_install_data
    backend._mesongo_install_hooked = True


def include_dir_paths(incdirs: T.Any, source_root: str, build_root: str) -> list[str]:
    """The absolute source and build directories of an include_directories() object
    (abs_string_list from Meson 1.9ish, to_string_list before)."""
    convert = getattr(incdirs, "abs_string_list", None) or incdirs.to_string_list
    return [os.path.normpath(p) for p in convert(source_root, build_root)]


def include_directories(state: T.Any, curdir: str) -> build.IncludeDirs:
    """include_directories('.') as a meson.build in `curdir` (relative to the source root) would
    make it: from 1.12 the object records its build project, which it takes after is_system."""
    import inspect

    cls: T.Any = build.IncludeDirs
    if "build_project" in inspect.signature(cls).parameters:
        return T.cast(build.IncludeDirs, cls(curdir, ["."], False, state.current_build_project))
    return T.cast(build.IncludeDirs, cls(curdir, ["."], False))


def option_string(value: str, name: str) -> str:
    """A directory as Meson's get_option('libdir') gives it: the path plus its placeholder name
    (`{libdir_shared}`, `{includedir}`), which Meson's install plan reports and meson-python maps to
    a wheel directory; a plain string would come out as `{prefix}/lib/...`, which it refuses."""
    from mesonbuild.interpreter.primitives import OptionString

    return T.cast(str, OptionString(value, name))


def install_dir_name(value: T.Any) -> str | None:
    """The placeholder name of an install dir (`{py_platlib}/pkg` for `py.get_install_dir() / 'pkg'`),
    or None for a plain path."""
    name = getattr(value, "optname", None)
    return name if isinstance(name, str) else None


def compile_part(dep: T.Any) -> T.Any:
    """What a dependency gives a compile (include dirs, compile arguments, generated headers):
    Meson's partial_dependency(), the same on every Meson from 1.0."""
    return dep.get_partial_dependency(compile_args=True, includes=True, sources=True)


def python_installation(obj: T.Any, interpreter: T.Any) -> T.Any | None:
    """The meson.build object of what import('python').find_installation() returned (a module
    method gets the program the object holds, the same in every Meson from 1.0), or None if
    `obj` is none."""
    from mesonbuild.modules.python import PythonExternalProgram, PythonInstallation

    if isinstance(obj, PythonInstallation):
        return obj
    return PythonInstallation(obj, interpreter) if isinstance(obj, PythonExternalProgram) and obj.found() else None


class PythonExtensionFacts(T.NamedTuple):
    suffix: str                   # the file's suffix: .cpython-311-x86_64-linux-gnu.so, .abi3.so
    dependencies: list[T.Any]     # the Python dependency, when the call does not pass it
    cflags: list[str]             # -DPy_LIMITED_API=... for limited_api


def python_extension(state: T.Any, py: T.Any, limited_api: str, dependencies: list[T.Any]) -> PythonExtensionFacts:
    """What py.extension_module() would give an extension of this Python (modules/python.py,
    extension_module_method): its suffix, its dependency (py.dependency(), not embedded: no
    libpython on Linux), and with `limited_api` the abi3 suffix and Py_LIMITED_API."""
    pydep = py.method_call("dependency", [], {})   # cached by Meson: the user's py.dependency() is this one
    extra = [] if any(d is pydep for d in dependencies) else [pydep]
    if not limited_api or not bool(option(state, "python.allow_limited_api", True)):
        return PythonExtensionFacts(str(py.suffix), extra, [])
    import re

    if not re.fullmatch(r"[0-9]\.[0-9]{1,2}", limited_api):
        raise MesonException(f'mesongo.extension_module: Python API version invalid: "{limited_api}".')
    if version_compare(limited_api, "<3.2"):
        raise MesonException(f"mesongo.extension_module: Python Limited API version invalid: {limited_api} "
                             "(must be greater than 3.2)")
    if version_compare(limited_api, ">" + str(py.version)):
        raise MesonException(f"mesongo.extension_module: Python Limited API version too high: {limited_api} "
                             f"(detected {py.version})")
    suffix = getattr(py, "limited_api_suffix", None)
    if suffix is None:
        raise MesonException("mesongo.extension_module: limited_api needs Meson >= 1.3, which knows the Python's "
                             "limited API suffix: upgrade Meson, or drop limited_api")
    major, minor = (int(p) for p in limited_api.split("."))
    return PythonExtensionFacts(str(suffix), extra, [f"-DPy_LIMITED_API=0x{major:02x}{minor:02x}0000"])


def python_install_dir(py: T.Any, subdir: str) -> str:
    """py.get_install_dir(subdir: ...) for an extension module: its platlib, named {py_platlib}."""
    return T.cast(str, py.method_call("get_install_dir", [], {"subdir": subdir, "pure": False}))


def wrap_coverage_commands(interpreter: T.Any, wrap: T.Callable[[list[str], list[str]], list[str] | None]) -> None:
    """Run Go's coverage report inside Meson's own coverage targets (`ninja coverage`,
    coverage-html, -xml, -text, -sonarqube), which Meson makes when b_coverage is on and gcovr or
    lcov is installed. The ninja backend makes each one's command in
    generate_coverage_command(elem, outputs, ...) (1.0: (elem, outputs); `outputs` is ['--html'] or
    the like, [] for every report); the one backend object
    of this configure gets a wrapped one that replaces the element's COMMAND by
    `wrap(outputs, command)` (None: keep it). No Meson class changes."""
    backend = getattr(interpreter, "backend", None)
    generate = getattr(backend, "generate_coverage_command", None)
    if backend is None or generate is None or getattr(backend, "_mesongo_coverage_hooked", False):
        return

    def generate_coverage_command(elem: T.Any, outputs: list[str], *args: T.Any, **kwargs: T.Any) -> T.Any:
        result = generate(elem, outputs, *args, **kwargs)
        items = getattr(elem, "elems", [])
        for i, (name, value) in enumerate(items):
            if name == "COMMAND":
                wrapped = wrap(list(outputs), list(value))
                if wrapped is not None:
                    items[i] = (name, wrapped)
        return result

    backend.generate_coverage_command = generate_coverage_command
    backend._mesongo_coverage_hooked = True


def introspect_go_targets(interpreter: T.Any, go_sources: T.Callable[[str], T.Sequence[str] | None]) -> None:
    """Make `meson introspect --targets` list a Go target's sources as Meson lists its own.

    Meson lists a custom target's `sources` (the files named in meson.build, or none for a
    directory); `go_sources(target id)` gives the Go target's (None: not a Go target), which join
    them in the backend's introspection data. They stay out of the target's ninja inputs: Go files
    come and go without a reconfigure (the depfile follows them).

    The one backend object of this configure gets a wrapped get_introspection_data(); no Meson
    class changes."""
    backend = getattr(interpreter, "backend", None)
    if backend is None or getattr(backend, "_mesongo_introspection_hooked", False):
        return
    get_data = backend.get_introspection_data

    def get_introspection_data(target_id: str, target: T.Any) -> T.Any:
        data = get_data(target_id, target)
        sources = go_sources(target_id)
        if sources is None or not data:
            return data
        first = dict(data[0])
        first["sources"] = list(dict.fromkeys([*first.get("sources", []), *sources]))
        return [first, *data[1:]]

    backend.get_introspection_data = get_introspection_data
    backend._mesongo_introspection_hooked = True


def own_symbol_files(interpreter: T.Any, symbol_file: T.Callable[[str], str | None]) -> None:
    """Let the check step of a Go shared library or module write the link interface its
    consumers' links depend on (buildstep/check.py) instead of Meson's symbol extractor.

    The ninja backend names that file in get_target_shsym_filename(target), which every
    consumer's link asks through get_dependency_filename(), and writes the step that makes it in
    generate_shsym(target). `symbol_file(target id)` is the output of the Go library's check
    target (None: not a Go library): the one backend object of this configure gets a wrapped
    get_target_shsym_filename() that returns it, and a generate_shsym() that writes no second
    step for it. No Meson class changes."""
    backend = getattr(interpreter, "backend", None)
    if backend is None or getattr(backend, "_mesongo_symbols_hooked", False):
        return
    shsym_filename = backend.get_target_shsym_filename
    generate_shsym = backend.generate_shsym

    def get_target_shsym_filename(target: T.Any) -> str:
        own = symbol_file(target.get_id())
        return own if own is not None else T.cast(str, shsym_filename(target))

    def generate_shsym_unless_own(target: T.Any) -> None:
        if symbol_file(target.get_id()) is None:
            generate_shsym(target)

    backend.get_target_shsym_filename = get_target_shsym_filename
    backend.generate_shsym = generate_shsym_unless_own
    backend._mesongo_symbols_hooked = True
