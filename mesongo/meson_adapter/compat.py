"""The few differences between Meson versions that mesongo meets (1.0 up to TESTED_UP_TO).

Importing this module checks the running Meson first, so that an old Meson gets one clear error
instead of an ImportError from deep inside module.py.
"""

from __future__ import annotations

import inspect
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


def warn_if_untested() -> None:
    major_minor = ".".join(coredata.version.split(".")[:2])
    if version_compare(major_minor, f">{TESTED_UP_TO}"):
        mlog.warning(f"mesongo was tested with Meson up to {TESTED_UP_TO}.x; this is Meson "
                     f"{coredata.version}. Please report anything that breaks.", once=True)


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


def external_args(state: T.Any, lang: str) -> tuple[list[str], list[str]]:
    """The host ``<lang>_args`` and ``<lang>_link_args`` (machine files and CFLAGS/LDFLAGS at setup)."""
    cd = state.environment.coredata
    from mesonbuild.mesonlib import MachineChoice
    return (list(cd.get_external_args(MachineChoice.HOST, lang)),
            list(cd.get_external_link_args(MachineChoice.HOST, lang)))


def option(state: T.Any, name: str, default: T.Any) -> T.Any:
    """A built-in or base option of the project being configured, or `default` where this Meson
    has none (base options of a subproject are unknown to Meson < 1.4: then the root's value)."""
    for kwargs in ({"subproject": state.subproject}, {}):
        try:
            return state.get_option(name, **kwargs)
        except (KeyError, MesonException, AttributeError, TypeError):
            continue
    return default


def meson_options(state: T.Any) -> T.Any:
    """The Meson options that change what Go builds, as plan/goenv.py's MesonOptions."""
    from ..plan.goenv import MesonOptions

    sanitize = option(state, "b_sanitize", "none")
    # A string ('none', 'address,undefined') up to Meson 1.7, a list from 1.8.
    names = sanitize.split(",") if isinstance(sanitize, str) else list(sanitize)
    return MesonOptions(
        optimization=str(option(state, "optimization", "plain")),
        debug=bool(option(state, "debug", False)),
        sanitize=tuple(n for n in names if n and n != "none"),
        lundef=bool(option(state, "b_lundef", True)),
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


def wrap_mode(state: T.Any) -> str:
    """Meson's --wrap-mode as its name: default, nofallback, nodownload, forcefallback, nopromote."""
    try:
        value = state.get_option("wrap_mode")
    except (KeyError, MesonException, AttributeError):
        return "default"
    return str(getattr(value, "name", value))


def executable_serialisation(interpreter: T.Any, command: list[str]) -> T.Any:
    """A script for build.dist_scripts, made as `meson.add_dist_script()` makes one."""
    script = interpreter.backend.get_executable_serialisation(command, verbose=True)
    script.subproject = interpreter.subproject
    return script
