"""`mesongo commands`: what ninja runs for some targets, with the Go command of each mesongo step.

A step's ninja command names only its plan and the plan's digest (the Go command on ninja's
command line was a third of build.ninja at 100 libraries, which every no-op `ninja` reads); the
Go command is the plan's, and this shows it as a person would type it, after the step's line.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping, Sequence

from ..errors import MesongoError
from ..plan.planfile import StalePlan

# The build steps whose command is PLAN DIGEST (buildstep/build.py, buildstep/sharedpkgs.py).
STEPS = ("mesongo.buildstep", "mesongo.buildstep.sharedpkgs")


def go_command(build_dir: str, step: str, plan_path: str, digest: str) -> tuple[str, list[str]]:
    """(the directory Go runs in, `env K=V... go ...`) of the step's plan."""
    from ..plan.model import plan_from_json, shared_plan_from_json

    path = os.path.join(build_dir, plan_path)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if step == "mesongo.buildstep":
            plan = plan_from_json(text, digest)
            where, env, argv = plan.go.package_dir, plan.go.env, plan.go.argv()
        else:
            shared = shared_plan_from_json(text, digest)
            where, env, argv = shared.module_dir, shared.env, shared.argv()
    except (OSError, StalePlan, ValueError, KeyError, TypeError) as exc:
        raise MesongoError(f"cannot read the build plan {path} ({exc}): run `meson setup --reconfigure`") from None
    return where, ["env", *(f"{k}={v}" for k, v in sorted(env.items())), *argv]


def with_go_commands(build_dir: str, ninja_lines: Sequence[str]) -> list[str]:
    """Each line of `ninja -t commands`; a mesongo step's followed by `  # go (in DIR): COMMAND`."""
    lines = []
    for line in ninja_lines:
        argv = shlex.split(line)
        step = next((s for s in STEPS if s in argv), None)
        if step is not None and len(argv) == argv.index(step) + 3:
            at = argv.index(step)
            where, command = go_command(build_dir, step, argv[at + 1], argv[at + 2])
            line += f"  # go (in {where}): {shlex.join(command)}"
        lines.append(line)
    return lines


def commands(build_dir: str, targets: Sequence[str], env: Mapping[str, str], ninja: str = "ninja") -> list[str]:
    from ..toolchain import runner

    out = runner.run([ninja, "-C", build_dir, "-t", "commands", *targets], env,
                     what=f"ninja -t commands in {build_dir}")
    return with_go_commands(build_dir, out.splitlines())
