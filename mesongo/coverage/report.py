"""`python -m mesongo coverage`: what Meson's coverage targets run once mesongo has wrapped them
(meson_adapter/compat.py wrap_coverage_commands): Meson's own report of the C code first, then
the Go report from the counters that Go programs, tests and libraries wrote into the build dir
(plan/coverage.py):

    meson-logs/coverage-go/profile.out     Go's text profile (go tool covdata textfmt), without
                                           what an edit made stale (profile.current)
    meson-logs/coverage-go/coverage.txt    covered statements per package and per file
    meson-logs/coverage-go/coverage.info   the same as an lcov tracefile (profile.py)
    meson-logs/coverage-go/MODULE.html     Go's own HTML view, per Go module (go tool cover -html)

When Meson's HTML report is lcov's (meson-logs/coverage.info, genhtml), the Go tracefile is
added to it and genhtml runs again as Meson runs it: one report of the C and the Go code.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ..plan import coverage
from ..toolchain import runner
from ..toolchain.gocmd import build_environment
from . import profile

OUT_DIR = "coverage-go"


@dataclass(frozen=True)
class Places:
    source_root: str
    build_root: str
    log_dir: str

    @property
    def out_dir(self) -> str:
        return os.path.join(self.log_dir, OUT_DIR)


def go_environment() -> dict[str, str]:
    # Reading what the build made: no download, no other toolchain.
    return build_environment(os.environ, {"GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": ""})


def package_sources(build_root: str) -> dict[str, dict[str, str]]:
    """import path -> {"dir", "module"}, from what every covered target's build step wrote."""
    sources: dict[str, dict[str, str]] = {}
    for path in sorted(glob.glob(os.path.join(coverage.packages_dir(build_root), "*.json"))):
        with open(path, encoding="utf-8") as f:
            sources.update(json.load(f))
    return sources


def module_slug(module: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", module) or "no-module"


def go_html(go: str, mode: str, blocks: list[profile.Block], sources: dict[str, dict[str, str]],
            out_dir: str) -> list[str]:
    """`go tool cover -html` once per Go module (it finds the files with `go list`, run in the module)."""
    by_module: dict[str, list[profile.Block]] = {}
    for block in blocks:
        info = sources.get(block.package)
        if info is not None:
            by_module.setdefault(info["module"], []).append(block)
    written = []
    for module, module_blocks in sorted(by_module.items()):
        slug = module_slug(module)
        part = os.path.join(out_dir, f"{slug}.out")
        with open(part, "w", encoding="utf-8") as f:
            f.write(profile.profile_text(mode, module_blocks))
        html = os.path.join(out_dir, f"{slug}.html")
        runner.run([go, "tool", "cover", f"-html={part}", "-o", html], go_environment(),
                   cwd=sources[module_blocks[0].package]["dir"], what=f"Go's HTML coverage view of {module}")
        written.append(html)
    return written


def current_blocks(go: str, counters: str) -> tuple[str, list[profile.Block]]:
    """The profile of the counters, without what an edit made stale (profile.current): `go tool
    covdata textfmt` of each pod (a covmeta.HASH file and the covcounters.HASH.* files of its
    runs) on its own, since textfmt of the whole directory mixes the versions of a package."""
    import tempfile

    pods: list[tuple[float, list[profile.Block]]] = []
    modes: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="mesongo-coverage-") as work:
        for meta in sorted(glob.glob(os.path.join(counters, "covmeta.*"))):
            digest = os.path.basename(meta).split(".", 1)[1]
            pod = os.path.join(work, digest)
            os.mkdir(pod)
            for path in [meta, *glob.glob(os.path.join(counters, f"covcounters.{digest}.*"))]:
                os.symlink(path, os.path.join(pod, os.path.basename(path)))
            out = os.path.join(work, f"{digest}.out")
            runner.run([go, "tool", "covdata", "textfmt", "-i", pod, "-o", out], go_environment(),
                       what="Go's coverage profile")
            with open(out, encoding="utf-8") as f:
                mode, blocks = profile.parse(f.read())
            modes.add(mode)
            pods.append((os.path.getmtime(meta), blocks))
    return (modes.pop() if len(modes) == 1 else ",".join(sorted(modes))), profile.current(pods)


def lcov_version(lcov: str) -> tuple[int, ...]:
    out = runner.run([lcov, "--version"], dict(os.environ), what="asking lcov its version")
    m = re.search(r"(\d+)\.(\d+)", out)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def add_to_lcov_report(places: Places, go_info: str) -> str | None:
    """Add the Go tracefile to the one Meson's lcov run just wrote and make its HTML again, with
    the arguments Meson's coverage script gives genhtml (mesonbuild/scripts/coverage.py)."""
    lcov, genhtml = shutil.which("lcov"), shutil.which("genhtml")
    covinfo = os.path.join(places.log_dir, "coverage.info")
    if lcov is None or genhtml is None or not os.path.exists(covinfo):
        return None
    lcovrc = os.path.join(places.source_root, ".lcovrc")
    config = ["--config-file", lcovrc] if os.path.exists(lcovrc) else []
    branch = ["--rc", "branch_coverage=1" if lcov_version(lcov) >= (2, 0) else "lcov_branch_coverage=1"]
    env = dict(os.environ)
    runner.run([lcov, "-a", covinfo, "-a", go_info, *branch, "-o", covinfo, *config], env,
               what="adding the Go coverage to lcov's tracefile")
    html_dir = os.path.join(places.log_dir, "coveragereport")
    runner.run([genhtml, "--prefix", places.build_root, "--prefix", places.source_root, "--output-directory",
                html_dir, "--title", "Code coverage", "--legend", "--show-details", "--branch-coverage", covinfo,
                *config], env, what="genhtml on the C and Go coverage")
    return os.path.join(html_dir, "index.html")


def go_report(go: str, places: Places, html: bool, lcov_run_since: float) -> int:
    counters = coverage.counters_dir(places.build_root)
    if not glob.glob(os.path.join(counters, "covmeta.*")):
        print(f"mesongo: no Go coverage data in {counters}: run `meson test` (or the programs) first")
        return 0
    out_dir = places.out_dir
    os.makedirs(out_dir, exist_ok=True)
    mode, blocks = current_blocks(go, counters)
    with open(os.path.join(out_dir, "profile.out"), "w", encoding="utf-8") as f:
        f.write(profile.profile_text(mode, blocks))
    sources = package_sources(places.build_root)
    text = profile.text_report(blocks)
    reports = [("Go text", os.path.join(out_dir, "coverage.txt")), ("Go lcov", os.path.join(out_dir, "coverage.info"))]
    with open(reports[0][1], "w", encoding="utf-8") as f:
        f.write(text)
    with open(reports[1][1], "w", encoding="utf-8") as f:
        f.write(profile.lcov(blocks, {path: info["dir"] for path, info in sources.items()}))
    reports += [("Go Html", path) for path in go_html(go, mode, blocks, sources, out_dir)]
    covinfo = os.path.join(places.log_dir, "coverage.info")
    if html and os.path.exists(covinfo) and os.path.getmtime(covinfo) >= lcov_run_since:
        merged = add_to_lcov_report(places, reports[1][1])
        if merged is not None:
            reports.append(("Html (C and Go)", merged))
    print("\n" + text)
    for what, path in reports:
        print(f"{what} coverage report can be found at file://{os.path.abspath(path)}")
    return 0


def run(go: str, places: Places, outputs: Sequence[str], meson_command: Sequence[str]) -> int:
    """Meson's coverage command (its exit code is kept), then the Go report."""
    started = time.time() - 1   # file times may be coarser than the clock
    code = 0
    if meson_command:
        code = runner.run_streaming_stderr(meson_command, dict(os.environ), lambda line: print(line, end="",
                                                                                              file=sys.stderr))
        sys.stdout.flush()
    html = not outputs or "html" in outputs
    return go_report(go, places, html, started) or code
