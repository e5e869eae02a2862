"""What the build step does before it reads its typed plan: start `go build`, with `go list` and
`go env GOMODCACHE` beside it, from the plan file's launch object (plan/model.py: Launch, written
at setup). The typed plan (dataclasses, the kinds: ~40 ms of imports) is then read while Go
compiles. Only light modules are imported here: ninja starts Python for every Go step."""

from __future__ import annotations

import json
import os
import subprocess

from ..errors import BuildError, CommandError
from ..fsutil import fallback_locations, read_text, remove_files, write_if_changed
from ..plan.planfile import DIGEST_KEY, PLAN_FORMAT
from ..toolchain import runner
from ..toolchain.gocmd import build_environment

# typing.TYPE_CHECKING without importing typing or collections.abc: ninja starts this for every Go step.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from ..plan.model import Launch


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


def read_plan_file(path: str, digest: str) -> dict[str, Any]:
    """The plan file's JSON, if it is the one ninja's command was written with."""
    text = read_text(path)
    try:
        data = json.loads(text) if text is not None else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT or data.get(DIGEST_KEY) != digest:
        found = (f"format {data.get('format')!r}, digest {data.get(DIGEST_KEY)!r}" if isinstance(data, dict)
                 else "no JSON object")
        raise BuildError(f"the build plan {path} is unreadable, or not the one build.ninja was written with ({found}; "
                         f"the command expects format {PLAN_FORMAT}, digest {digest}): run `meson setup --reconfigure`")
    return data


class Launched:
    """The processes the step started and the environment it started them with."""

    def __init__(self, env: dict[str, str], c_headers: list[str], go: subprocess.Popen[str],
                 lister: subprocess.Popen[str], modcache: subprocess.Popen[str]) -> None:
        self.env = env
        self.c_headers = c_headers
        self.go = go
        self.lister = lister
        self.modcache = modcache

    def kill(self) -> None:
        for proc in (self.go, self.lister, self.modcache):
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def launch(plan: Launch) -> Launched:
    env = build_environment(os.environ, plan["env"])
    env.update(fallback_locations(env, os.path.abspath(os.path.join("meson-private", "mesongo"))))
    c_headers = tracked_headers(plan["header_dirs"])
    if c_headers:
        # Go's cache does not see these headers (golang/go#24355): their digest in CGO_CFLAGS makes
        # it recompile the packages that may include them when one changes.
        digest = f"-DMESONGO_C_HEADERS={headers_digest(c_headers)}"
        env["CGO_CFLAGS"] = f"{env.get('CGO_CFLAGS', '')} {digest}".strip()
    os.makedirs(plan["private_dir"], exist_ok=True)
    remove_files(plan["remove"])   # go build never finds an output to keep
    for path, text in plan["write"]:   # Go reads them through the overlay; a clean may have removed them
        write_if_changed(path, text)
    cwd = plan["cwd"]
    try:
        go = subprocess.Popen(plan["go_argv"], env=env, cwd=cwd, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        raise CommandError(plan["go_argv"], 127, str(exc)) from exc
    # go list runs while go build compiles: the depfile costs no wall time. Where modules live
    # (immutable: not depfile entries) is Go's to say, for this environment.
    lister = runner.start(plan["list_argv"], env, cwd=cwd)
    modcache = runner.start([plan["go"], "env", "GOMODCACHE"], env, cwd=cwd)
    return Launched(env, c_headers, go, lister, modcache)
