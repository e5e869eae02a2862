"""The repository's own demo: a Go library called from C and from Python, and a subproject's."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, Project, assert_meson_tests_passed, run


def test_demo_builds_runs_and_passes_its_tests(toolchain: None, tmp_path: Path) -> None:
    demo = Project(REPO, tmp_path / "build")
    demo.setup("-Dwho=tester")
    demo.ninja()
    out = run([demo.build / "demo" / "hello-demo", "C"]).stdout.splitlines()
    assert out[0].startswith("Hello, C, from Go go1.") and out[1] == "fib(50) = 12586269025"
    assert run([demo.build / "demo" / "calc-demo"]).stdout == "gcd(1071, 462) = 21\n"
    assert run([demo.build / "demo" / "hello-wc", "C", "calls", "Go"]).stdout == "3 words\n"
    assert run([demo.build / "demo" / "hello-go", "C"]).stdout == "Hello, C, from a Go program\n"
    tests = demo.meson("test", "--print-errorlogs", "-v").stdout
    # hello-demo, calc-demo, count-demo (C -> Go library -> C library), hello-ctypes, squares (C
    # from a Go generator) and words (the Go package's tests, one TAP result per Go test).
    assert_meson_tests_passed(tests, 6)
    assert "python: Hello, tester, from Go" in tests
    log = (demo.build / "meson-logs" / "testlog.txt").read_text()
    assert "ok 1 - TestCount" in log or "ok 2 - TestCount" in log


def test_demo_build_tags_come_from_a_meson_option(toolchain: None, tmp_path: Path) -> None:
    demo = Project(REPO, tmp_path / "build")
    demo.setup("-Dgo_tags=loud")
    demo.ninja("demo/hello-demo")
    assert run([demo.build / "demo" / "hello-demo", "quiet"]).stdout.startswith("HELLO, QUIET, FROM GO GO1.")
