"""The after-link checks of a Go shared library or module that Meson linked:
``python -m mesongo.buildstep.check PLAN DIGEST``.

Meson's own shared_library() or shared_module() links the object of a library's Go part
(buildstep/build.py); this step reads what that link wrote (plan/policy.py: machine, soname,
libc, glibc floor, exactly the exported functions the Go part found) and writes the library's
link interface, the .symbols file that its consumers' links depend on (only when its text
changes: a body-only edit relinks no consumer), in place of Meson's symbol extractor, which
would read the library once more in a process of its own (and in a cross build writes a file
that changes at every link). A library that breaks a rule fails the build here, before any
consumer links it, and is removed, so that the next build links it again.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence

from ..errors import BuildError, step_exit_code
from ..fsutil import read_text, remove_files, write_if_changed
from ..plan.checkplan import CheckPlan, check_plan_from_json
from ..plan.planfile import StalePlan


def load(path: str, digest: str) -> CheckPlan:
    try:
        return check_plan_from_json(read_text(path) or "", digest)
    except (StalePlan, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"the check plan {path} is unreadable, or not the one build.ninja was written with ({exc}): "
                         "run `meson setup --reconfigure`") from None


def check(plan: CheckPlan) -> None:
    from ..binfmt.formats import format_named

    exports: tuple[str, ...] | None = None
    if plan.exports_file is not None:
        listed = read_text(plan.exports_file)
        if listed is None:
            raise BuildError(f"{plan.exports_file} is missing: the Go part of {plan.library} did not finish")
        exports = tuple(listed.split())
    fmt = format_named(plan.binary_format)
    facts = fmt.read(plan.library)
    problems = fmt.check(facts, dataclasses.replace(plan.policy, exports=exports))
    if problems:
        remove_files([plan.library, plan.symbols])
        raise BuildError("the library breaks mesongo's checks:\n  " + "\n  ".join(problems)
                         + f"\n{plan.library} was removed, so that nothing links it")
    write_if_changed(plan.symbols, fmt.link_interface(facts))


def run(argv: Sequence[str]) -> int:
    return step_exit_code("python -m mesongo.buildstep.check PLAN DIGEST" if len(argv) != 2 else None,
                          lambda: check(load(argv[0], argv[1])))


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
