"""What every Go target's call asks first, asked the moment ``import('mesongo')`` runs: Go about
itself (go env, the linker's flags) and the host C compiler about its C library. They answer
on the other core while the rest of mesongo loads (~50 ms of imports: the finder imports
module.py after start()), instead of while the first target waits.

A guess, not a decision: the Go asked here is the machine file's ``go`` or the one on PATH, and
the C compiler the host's with its c_args. facts.py reads an answer only for the same go and
the same compiler and arguments that Meson's find_program() and the target give it, and asks
itself otherwise. A question that cannot even start is left to the target, whose call reports
it where it is in meson.build.
"""

from __future__ import annotations

import os
import shutil
import typing as T
from dataclasses import dataclass, field

from mesonbuild.mesonlib import MachineChoice

from ..errors import MesongoError
from ..fsutil import fallback_locations
from ..toolchain import cfacts, gocmd, gofacts
from . import setupenv

if T.TYPE_CHECKING:
    from mesonbuild.interpreter import Interpreter

CKey = tuple[tuple[str, ...], tuple[str, ...]]   # a C compiler and its arguments


@dataclass
class Started:
    """The questions under way, by go binary and by C compiler and arguments."""

    toolchains: dict[str, T.Callable[[], gofacts.GoToolchain]] = field(default_factory=dict)
    c_facts: dict[CKey, T.Callable[[], cfacts.CFacts]] = field(default_factory=dict)


def go_environment(build_dir: str, configured: T.Mapping[str, str]) -> dict[str, str]:
    """The environment of the Go commands run at setup (the build step makes the same), with
    the Go configuration that the build dir's first configure read (setupenv.py)."""
    env = gocmd.build_environment(setupenv.environ(build_dir), configured)
    env.update(fallback_locations(env, os.path.join(build_dir, "meson-private", "mesongo")))
    return env


def toolchain_environment(build_dir: str) -> dict[str, str]:
    """What Go is asked about itself with: the go named is the go that answers."""
    return go_environment(build_dir, {"GOTOOLCHAIN": "local"})


def c_compiler_environment() -> dict[str, str]:
    return gocmd.build_environment(os.environ, {})


def start(interpreter: Interpreter) -> Started:
    started = Started()
    env = interpreter.environment
    entry = env.lookup_binary_entry(MachineChoice.HOST, "go")
    go = shutil.which(entry[0] if entry else "go")
    c = env.coredata.compilers.host.get("c")
    try:
        if go:
            started.toolchains[go] = gofacts.start_inspect_toolchain(go, toolchain_environment(env.get_build_dir()))
        if c is not None and env.machines.host.system == "linux":
            key = (tuple(c.get_exelist()), tuple(env.coredata.get_external_args(MachineChoice.HOST, "c")))
            started.c_facts[key] = cfacts.start_host_c_facts(*key, c_compiler_environment())
    except MesongoError:   # e.g. not executable: the target's own question reports it, located
        pass
    return started
