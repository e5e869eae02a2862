"""The pieces of the ninja-run build step: depfile text, write-if-changed, go list facts."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import PROJECTS, base_env, need_tool, run

from mesongo import fsutil
from mesongo.buildstep import build
from mesongo.toolchain import gocmd, gofacts


def test_depfile_escapes_what_ninja_reads_specially() -> None:
    text = build.depfile_text("out/libg.so.1", ["/src/a b/x.go", "/src/#tag/y.go", "/src/$HOME/z.go"])
    assert text == ("out/libg.so.1: \\\n /src/a\\ b/x.go \\\n /src/\\#tag/y.go \\\n /src/$$HOME/z.go\n")


def test_write_if_changed_keeps_mtime(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "f.txt"
    assert fsutil.write_if_changed(str(path), "a")
    os.utime(path, ns=(1, 1))
    assert not fsutil.write_if_changed(str(path), "a")
    assert path.stat().st_mtime_ns == 1
    assert fsutil.write_if_changed(str(path), "b")
    assert path.read_text() == "b"


def test_replace_if_changed(tmp_path: Path) -> None:
    dest = tmp_path / "lib.so"
    dest.write_bytes(b"same")
    os.utime(dest, ns=(1, 1))
    new = tmp_path / "new"
    new.write_bytes(b"same")
    assert not fsutil.replace_if_changed(str(new), str(dest))
    assert dest.stat().st_mtime_ns == 1 and not new.exists()
    new.write_bytes(b"other")
    assert fsutil.replace_if_changed(str(new), str(dest))
    assert dest.read_bytes() == b"other"


def test_parse_json_stream() -> None:
    assert list(gofacts.parse_json_stream('{"a": 1}\n{"b": [2]}\n  ')) == [{"a": 1}, {"b": [2]}]
    assert list(gofacts.parse_json_stream("")) == []


def test_parse_go_version() -> None:
    assert gofacts.parse_go_version("go1.26.8") == (1, 26)
    assert gofacts.parse_go_version("devel go1.27-abcdef Tue") == (1, 27)
    assert gofacts.parse_go_version("nonsense") is None


def test_dependency_files_from_real_go_list() -> None:
    go = need_tool("go")
    pkg = PROJECTS / "layout" / "gomod" / "cmd" / "hello"
    env = base_env() | {"CGO_ENABLED": "1", "GOFLAGS": "", "GOTOOLCHAIN": "local", "GOWORK": "off"}
    argv = gocmd.list_argv(go, ["-buildmode=c-shared"], deps=True)
    packages = gofacts.parse_packages(run(argv, cwd=pkg, env=env).stdout)
    files = gofacts.dependency_files(packages, {"GOMODCACHE": "/nonexistent", "GOWORK": "off"})
    gomod = PROJECTS / "layout" / "gomod"
    assert sorted(files) == sorted(str(p) for p in [
        pkg, pkg / "hello.go", gomod / "internal" / "words", gomod / "internal" / "words" / "words.go",
        gomod / "go.mod",
    ])
    assert gofacts.cgo_link_flags(packages) == ["-lpthread"]
