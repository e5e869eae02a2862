"""The Go configuration read from the environment of `meson setup`, kept for the build dir as
Meson keeps CFLAGS: the first configure of a build dir records the variables of
goenv.SETUP_GO_VARS (GOFLAGS, GOPROXY, GOCACHE, ...) that its environment sets, in
meson-private/mesongo/setup-env.json; every later configure (`meson setup --reconfigure`, and
the regeneration that ninja runs after a meson.build edit, from whatever shell runs ninja) uses
the recorded values instead of its own environment's, set or unset.

A configure is a later one when Meson has configured the build dir before (it writes
meson-private/cmd_line.txt at the end of the first configure that succeeds, and `meson setup
--wipe` keeps it): a first setup that failed is read again from the environment, and `--wipe`,
which removes meson-private/mesongo/, reads the environment again, as it does for CFLAGS.

Kept free of heavy imports: probes.py asks for it the moment import('mesongo') runs.
"""

from __future__ import annotations

import json
import os

from ..fsutil import read_text, write_if_changed
from ..plan.goenv import SETUP_GO_VARS

# typing.TYPE_CHECKING without importing typing (see probes.py: asked before mesongo's imports).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

RECORD = os.path.join("meson-private", "mesongo", "setup-env.json")
# What Meson writes once a configure of the build dir has succeeded.
CONFIGURED_BEFORE = os.path.join("meson-private", "cmd_line.txt")

_kept: dict[str, dict[str, str]] = {}   # build dir -> its kept variables, read once per process


def kept(build_dir: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The SETUP_GO_VARS that configure `build_dir`: the recorded ones once Meson has configured
    it, else those `environ` (the process environment) sets, which are then recorded."""
    build_dir = os.path.abspath(build_dir)
    if build_dir in _kept:
        return dict(_kept[build_dir])
    path = os.path.join(build_dir, RECORD)
    found: dict[str, str] | None = None
    if os.path.exists(os.path.join(build_dir, CONFIGURED_BEFORE)):
        found = _read(path)
    if found is None:
        source = os.environ if environ is None else environ
        found = {key: source[key] for key in SETUP_GO_VARS if source.get(key)}
        write_if_changed(path, json.dumps(found, indent=1, sort_keys=True) + "\n")
    _kept[build_dir] = found
    return dict(found)


def environ(build_dir: str) -> dict[str, str]:
    """The environment that setup's Go commands start from: the process's, with the kept
    variables in place of its own SETUP_GO_VARS."""
    env = {k: v for k, v in os.environ.items() if k not in SETUP_GO_VARS}
    env.update(kept(build_dir))
    return env


def _read(path: str) -> dict[str, str] | None:
    text = read_text(path)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return None
    return {k: v for k, v in data.items() if k in SETUP_GO_VARS}
