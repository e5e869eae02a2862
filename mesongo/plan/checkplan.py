"""The plan of a Go shared library's or module's check step (buildstep/check.py), in a module of
its own: that step runs after every link, on the way to the library's consumers, and reads its
plan without the typed build plan's imports (model.py and the kinds: ~20 ms)."""

from __future__ import annotations

import typing as T
from dataclasses import dataclass

from .planfile import PLAN_FORMAT, plan_data
from .policy import Policy


@dataclass(frozen=True)
class CheckPlan:
    """The after-link checks of a shared library or module that Meson linked from a Go object
    (plan/policy.py), in the step that writes the library's link interface, the .symbols file its
    consumers' links depend on (buildstep/check.py): in place of Meson's symbol extractor."""

    library: str                             # the linked file, relative to the build root
    binary_format: str                       # binfmt/formats.py: FORMATS key
    policy: Policy
    # Written by the Go part's build step (None: the export rule is 'all', nothing to compare).
    exports_file: str | None
    symbols: str                             # relative to the build root: the step's output
    step_code: str = ""
    format: int = PLAN_FORMAT


def check_plan_from_json(text: str, digest: str | None = None) -> CheckPlan:
    """The plan model.plan_file() wrote; with `digest`, the one from ninja's command, which the
    file must record. Read by hand: every field is a string, a number or the Policy's."""
    data: dict[str, T.Any] = plan_data(text, digest)
    rules = data["policy"]
    policy = Policy(machine=rules["machine"], bits=rules["bits"], soname=rules["soname"], libc=rules["libc"],
                    exports=None if rules["exports"] is None else tuple(rules["exports"]),
                    glibc_max=None if rules["glibc_max"] is None else tuple(rules["glibc_max"]),
                    static=rules["static"],
                    darwin_versions=None if rules["darwin_versions"] is None else tuple(rules["darwin_versions"]),
                    macos_min=None if rules["macos_min"] is None else tuple(rules["macos_min"]),
                    host_symbols=rules["host_symbols"])
    return CheckPlan(library=data["library"], binary_format=data["binary_format"], policy=policy,
                     exports_file=data["exports_file"], symbols=data["symbols"], step_code=data["step_code"],
                     format=data["format"])
