"""The step ninja runs before Go targets that share packages (plan/sharedpkgs.py):
``python -m mesongo.buildstep.sharedpkgs PLAN DIGEST`` (the plan holds the ``go list -export -deps`` command).

It compiles the shared packages into Go's build cache, in the environment the targets' build
step gives Go (the same cache, flags and C compiler, so the targets find the same entries), then
writes its stamp, only when its text changes, and a depfile of the shared packages' files. On
failure the stamp is removed: ninja runs it again next time."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ..errors import BuildError, CommandError, step_exit_code
from ..fsutil import fallback_locations, read_text, remove_files, write_if_changed
from ..plan.model import SharedPackagesPlan, StalePlan, shared_plan_from_json
from ..toolchain import gofacts, runner
from ..toolchain.gocmd import build_environment
from .build import build_relative, depfile_text


def load(path: str, digest: str) -> SharedPackagesPlan:
    try:
        plan = shared_plan_from_json(read_text(path) or "", digest)
    except (StalePlan, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"the plan {path} is unreadable, or not the one build.ninja was written with ({exc}): "
                         "run `meson setup --reconfigure`") from None
    return plan


def compile_shared(plan: SharedPackagesPlan) -> None:
    env = build_environment(os.environ, plan.env)
    env.update(fallback_locations(env, os.path.abspath(os.path.join("meson-private", "mesongo"))))
    modcache = runner.start([plan.go, "env", "GOMODCACHE"], env, cwd=plan.module_dir)
    try:
        listed = list_export(plan, env)
        module_cache = runner.finish(modcache, what="go env GOMODCACHE")[1].strip()
        packages = gofacts.parse_packages(listed)
        deps = [os.path.abspath(plan.go),
                *gofacts.dependency_files(packages, {**env, "GOMODCACHE": module_cache})]
        write_if_changed(plan.stamp, "".join(p + "\n" for p in plan.packages))
        write_if_changed(plan.depfile, depfile_text(plan.stamp, deps))
    except BaseException:
        modcache.kill()
        modcache.wait()
        remove_files([plan.stamp, *plan.member_outputs])
        raise


def list_export(plan: SharedPackagesPlan, env: dict[str, str]) -> str:
    """go list's JSON. On failure, Go's messages are passed on once, with file names relative to
    the build dir, and the error names the step, not its long go list command (a CommandError's
    message): Go's messages name the package that failed."""
    try:
        code, out, err = runner.run_full(plan.argv(), env, cwd=plan.module_dir, check=False)
    except CommandError as exc:   # go could not be started: its OSError is the whole story
        raise BuildError(f"{_what(plan)}: {exc.stderr}") from None
    if code != 0:
        sys.stderr.writelines(build_relative(line, plan.module_dir) for line in err.splitlines(keepends=True))
        sys.stderr.flush()
        raise BuildError(f"{_what(plan)}: go list failed (exit code {code}) in {plan.module_dir}"
                         + ("; Go's messages are above" if err.strip() else ""))
    return out


def _what(plan: SharedPackagesPlan) -> str:
    return f"compiling the Go packages that {', '.join(plan.members)} share"


def run(argv: Sequence[str]) -> int:
    return step_exit_code("python -m mesongo.buildstep.sharedpkgs PLAN DIGEST" if len(argv) != 2 else None,
                          lambda: compile_shared(load(argv[0], argv[1])))


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
