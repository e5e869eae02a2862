"""The repository's demo packaged as a distro does it: tests/debian/ with a plain dh debian/rules
(`dh $@ --buildsystem=meson`, hardening=+all, no overrides), built by dpkg-buildpackage and
checked by lintian: a Go shared library, and a Go program (hello-go) next to a C one, which
lintian's hardening checks (hardening-no-pie, hardening-no-bindnow) find as hardened."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import REPO, base_env, need_tool, run

DEMO_FILES = ["meson.build", "meson_options.txt", "demo", "subprojects/gocalc"]
PACKAGES = ["libhello-dev", "libhello1", "libhello1-dbgsym", "mesongo-demo", "mesongo-demo-dbgsym"]
HARDENING_TAGS = ("hardening-no-pie", "hardening-no-bindnow", "hardening-no-relro", "hardening-no-fortify-functions")


def test_dpkg_buildpackage_and_lintian(toolchain: None, tmp_path: Path) -> None:
    for tool in ("dpkg-buildpackage", "dh", "dwz", "fakeroot", "lintian", "dpkg-deb"):
        need_tool(tool)
    src = tmp_path / "mesongo-demo-0.1.0"
    for name in DEMO_FILES:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(origin, src / name)
        else:
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, src / name)
    shutil.copytree(REPO / "tests" / "debian", src / "debian", symlinks=True)
    # dh moves HOME into the build tree: the Go build cache is named instead (meson setup keeps it).
    gocache = run([need_tool("go"), "env", "GOCACHE"]).stdout.strip()
    env = base_env() | {"GOCACHE": gocache}
    build = subprocess.run(["dpkg-buildpackage", "-us", "-uc", "-b"], cwd=src, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, check=False)
    assert build.returncode == 0, build.stdout[-6000:]
    assert "dh_dwz" in build.stdout and "warning" not in build.stdout.lower(), build.stdout[-6000:]
    debs = sorted(p.name.split("_")[0] for p in tmp_path.glob("*.deb"))
    assert debs == PACKAGES
    changes = next(tmp_path.glob("*.changes"))
    lint = run(["lintian", "--fail-on", "error,warning", changes], check=False)
    assert lint.returncode == 0, lint.stdout
    assert not [line for line in lint.stdout.splitlines() if line.startswith(("E:", "W:"))], lint.stdout
    assert not [tag for tag in HARDENING_TAGS if tag in lint.stdout], lint.stdout
    # The runtime package holds a stripped library; its debug info went to the -dbgsym package.
    unpacked = tmp_path / "libhello1"
    run(["dpkg-deb", "-x", next(tmp_path.glob("libhello1_*.deb")), unpacked])
    library = next(unpacked.glob("usr/lib/*/libhello.so.1.0.0"))
    from elftools.elf.elffile import ELFFile

    with open(library, "rb") as f:
        assert ELFFile(f).get_section_by_name(".debug_info") is None
    # The Go program as installed: PIE and bound at start-up, as the C program beside it is.
    programs = tmp_path / "mesongo-demo"
    run(["dpkg-deb", "-x", next(tmp_path.glob("mesongo-demo_*.deb")), programs])
    for name in ("hello-go", "hello-demo"):
        with open(programs / "usr" / "bin" / name, "rb") as f:
            elf = ELFFile(f)
            dynamic = elf.get_section_by_name(".dynamic")
            tags = {tag.entry.d_tag: tag.entry.d_val for tag in dynamic.iter_tags()}
            assert elf.header.e_type == "ET_DYN" and tags["DT_FLAGS_1"] & 0x8000000, name   # DF_1_PIE
            assert tags.get("DT_FLAGS", 0) & 0x8 or tags["DT_FLAGS_1"] & 0x1, name          # BIND_NOW / DF_1_NOW
            assert elf.get_section_by_name(".debug_info") is None, name
    assert run([programs / "usr" / "bin" / "hello-go", "Debian"]).stdout == "Hello, Debian, from a Go program\n"
    dbgsym = tmp_path / "dbgsym"
    run(["dpkg-deb", "-x", next(tmp_path.glob("libhello1-dbgsym_*.deb")), dbgsym])
    assert list(dbgsym.glob("usr/lib/debug/.build-id/*/*.debug"))
