"""No build step writes outside the build dir (Go's build and module caches aside): a source tree
mounted read-only sets up, builds, tests and installs, and the next `ninja` has nothing to do; in a
git checkout, `git status` is clean after all of that. tests/projects/sharedpkgs has the step that
compiles the packages several Go targets share, and Go tests, coverage and the other kinds write
where the targets do."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from conftest import (
    Project,
    assert_meson_tests_passed,
    base_env,
    copy_project,
    meson_command,
    need_tool,
    run,
    unshare_mount,
)

# Run by `unshare --mount` in the new mount namespace: SRC made read-only there (a bind mount of
# itself, remounted read-only), checked, then each command in turn, its output after a ">>> argv"
# line, up to the first that fails. Nothing outside the namespace sees the read-only mount.
IN_NAMESPACE = """
import json, os, subprocess, sys
src, commands = sys.argv[1], json.loads(sys.argv[2])
for argv in (["mount", "--bind", src, src], ["mount", "-o", "remount,bind,ro", src]):
    subprocess.run(argv, env=dict(os.environ), check=True)
try:
    open(os.path.join(src, "written"), "w").close()
except OSError:
    pass
else:
    sys.exit(src + " is writable")
for argv in commands:
    print(">>>", *argv, flush=True)
    code = subprocess.run(argv, env=dict(os.environ), stderr=subprocess.STDOUT).returncode
    if code != 0:
        sys.exit(f"exit code {code}")
"""


def test_read_only_source_tree_builds_tests_and_installs(toolchain: None, tmp_path: Path) -> None:
    unshare = unshare_mount(tmp_path)
    project = copy_project("sharedpkgs", tmp_path)
    dest = tmp_path / "dest"
    meson = meson_command()
    commands = [project.setup_command(),
                ["ninja", "-C", str(project.build)],
                [*meson, "test", "-C", str(project.build)],
                [*meson, "install", "-C", str(project.build), "--destdir", str(dest)],
                ["ninja", "-C", str(project.build)]]
    proc = run([*unshare, sys.executable, "-c", IN_NAMESPACE, str(project.src), json.dumps(commands)],
               env=base_env(), check=False)
    assert proc.returncode == 0, proc.stdout
    out = re.split(r"^>>> .*\n", proc.stdout, flags=re.M)[1:]   # each command's output
    assert len(out) == len(commands), proc.stdout
    assert "Compiling the Go packages that libdup.so.1.0.0 and 2 other Go targets share" in out[1]
    assert_meson_tests_passed(out[2], 3)
    assert {p.name for p in dest.rglob("lib*")} >= {"libdup.so.1.0.0", "libdup.h", "libdup_static.a",
                                                      "libsolo.so", "libsolo.h"}, out[3]
    assert "ninja: no work to do." in out[4], out[4]


def test_git_status_is_clean_after_build_test_and_install(toolchain: None, tmp_path: Path) -> None:
    """A build dir inside the checkout, as developers make one (Meson writes a .gitignore in it)."""
    git = need_tool("git")
    copied = copy_project("sharedpkgs", tmp_path)
    project = Project(copied.src, copied.src / "builddir")
    # No user or system git configuration: its excludes could hide what the build wrote.
    git_env = base_env() | {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
                            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for argv in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "import"]):
        run([git, *argv], cwd=project.src, env=git_env)
    project.setup()
    project.ninja()
    assert_meson_tests_passed(project.meson("test").stdout, 3)
    project.meson("install", "--destdir", str(tmp_path / "dest"))
    assert "ninja: no work to do." in project.ninja().stdout
    assert run([git, "status", "--porcelain", "--untracked-files=all"], cwd=project.src, env=git_env).stdout == ""
