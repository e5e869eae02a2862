"""What the build step does before it reads its typed plan: start `go build` from the launch file
that setup wrote beside the plan (plan/model.py: Launch, launch_file), then `go list` and `go env
GOMODCACHE` beside it. The typed plan (dataclasses, the kinds: ~40 ms of imports) and the
subprocess module (~15 ms) load while Go compiles. Only light modules are imported here: ninja
starts Python for every Go step, and Go started 4 ms after the step's imports began where it was
44-48 ms (bench/bench.py, section 3)."""

from __future__ import annotations

import marshal
import os

from ..errors import BuildError, CommandError
from ..fsutil import fallback_locations, remove_files, write_if_changed
from ..plan.planfile import PLAN_FORMAT, RESOLVED_RECORD
from ..toolchain.gocmd import build_environment

# typing.TYPE_CHECKING without importing typing or collections.abc: ninja starts this for every Go step.
TYPE_CHECKING = False

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Sequence

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


def tracked_pc_files(plan: Launch) -> list[str]:
    """The .pc files of the target's `#cgo pkg-config:` names: as setup resolved them and as the
    last build step did (a name added since setup too), those that exist."""
    found = dict.fromkeys(plan["pkg_config_files"])
    try:
        with open(os.path.join(plan["private_dir"], RESOLVED_RECORD), encoding="utf-8") as f:
            found.update(dict.fromkeys(line.rstrip("\n") for line in f if line.strip()))
    except OSError:
        pass
    return [path for path in found if os.path.isfile(path)]


def headers_digest(paths: Sequence[str]) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.encode() + b"\0")
        with open(path, "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()[:16]


def read_launch_file(path: str, digest: str) -> Launch:
    """The launch object setup wrote beside the plan (model.launch_file), if it belongs to the
    plan ninja's command was written with. marshal, built into the interpreter, reads it with no
    import (json costs re and enum); setup and the step run the same Python."""
    try:
        with open(path, "rb") as f:
            found = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        found = None
    if not (isinstance(found, tuple) and len(found) == 3 and found[:2] == (PLAN_FORMAT, digest)):
        raise BuildError(f"the build plan's launch file {path} is missing, unreadable, or not the one build.ninja was "
                         f"written with (it expects plan format {PLAN_FORMAT}, digest {digest}): "
                         "run `meson setup --reconfigure`")
    launch: Launch = found[2]
    return launch


class GoBuild:
    """`go build`, started with os.posix_spawnp (subprocess costs ~15 ms of imports, loaded once Go
    runs); its stderr is a pipe the step reads line by line."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: str) -> None:
        self.args = argv
        self.returncode: int | None = None
        read, write = os.pipe()
        here = os.getcwd()
        try:
            os.chdir(cwd)   # posix_spawn takes no working directory (Python < 3.13): Go starts in cwd
            self.pid = os.posix_spawnp(argv[0], argv, env, file_actions=[(os.POSIX_SPAWN_DUP2, write, 2)])
        except OSError as exc:
            os.close(read)
            raise CommandError(argv, 127, str(exc)) from exc
        finally:
            os.chdir(here)
            os.close(write)
        self.stderr = os.fdopen(read, "r", encoding="utf-8", errors="replace")

    def _reaped(self, status: int) -> int:
        self.returncode = os.waitstatus_to_exitcode(status)
        self.stderr.close()
        return self.returncode

    def wait(self) -> int:
        if self.returncode is None:
            return self._reaped(os.waitpid(self.pid, 0)[1])
        return self.returncode

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return self._reaped(status)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            import signal

            os.kill(self.pid, signal.SIGKILL)
        self.wait()


class Launched:
    """`go build` as launch() started it, the environment it has, and the Go commands that run
    beside it (start_beside)."""

    def __init__(self, env: dict[str, str], tracked_files: list[str], go: GoBuild, plan: Launch) -> None:
        self.env = env
        self.tracked_files = tracked_files   # C headers and .pc files Go's cache does not see: depfile entries
        self.go = go
        self.plan = plan
        self.beside: list[subprocess.Popen[str]] = []

    def start_beside(self) -> tuple[subprocess.Popen[str], subprocess.Popen[str]]:
        """go list, for the depfile and the cgo flags, and go env GOMODCACHE, while go build
        compiles: the depfile costs no wall time. Where modules live (immutable: not depfile
        entries) is Go's to say, for this environment."""
        from ..toolchain import runner

        cwd = self.plan["cwd"]
        lister = runner.start(self.plan["list_argv"], self.env, cwd=cwd)
        self.beside.append(lister)
        modcache = runner.start([self.plan["go"], "env", "GOMODCACHE"], self.env, cwd=cwd)
        self.beside.append(modcache)
        return lister, modcache

    def kill(self) -> None:
        self.go.kill()
        for proc in self.beside:
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def launch(plan: Launch) -> Launched:
    env = build_environment(os.environ, plan["env"])
    env.update(fallback_locations(env, os.path.abspath(os.path.join("meson-private", "mesongo"))))
    c_headers = tracked_headers(plan["header_dirs"])
    pc_files = tracked_pc_files(plan)
    # Go's cache sees neither these headers (golang/go#24355) nor the text of the .pc files cgo's
    # pkg-config reads: their digest in CGO_CFLAGS makes it recompile the packages that may use
    # them when one changes.
    for macro, files in (("MESONGO_C_HEADERS", c_headers), ("MESONGO_PKG_CONFIG", pc_files)):
        if files:
            env["CGO_CFLAGS"] = f"{env.get('CGO_CFLAGS', '')} -D{macro}={headers_digest(files)}".strip()

    os.makedirs(plan["private_dir"], exist_ok=True)
    remove_files(plan["remove"])   # go build never finds an output to keep
    for path, text in plan["write"]:   # Go reads them through the overlay; a clean may have removed them
        write_if_changed(path, text)
    return Launched(env, [*c_headers, *pc_files], GoBuild(plan["go_argv"], env, plan["cwd"]), plan)
