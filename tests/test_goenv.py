"""Meson machine facts -> Go environment and go build arguments (pure functions)."""

from __future__ import annotations

import pytest

from mesongo.errors import ConfigError, UnsupportedMachine
from mesongo.kinds import SharedLibrary, SharedModule, StaticLibrary, TargetKind
from mesongo.plan import goenv, pkgconfig
from mesongo.toolchain import gocmd


def machine(system: str = "linux", cpu_family: str = "x86_64", cpu: str = "x86_64", endian: str = "little",
            **props: object) -> goenv.HostMachine:
    return goenv.HostMachine(system, cpu_family, cpu, endian, props)


@pytest.mark.parametrize(("m", "expected"), [
    (machine(), {"GOOS": "linux", "GOARCH": "amd64"}),
    (machine(cpu_family="aarch64", cpu="aarch64"), {"GOOS": "linux", "GOARCH": "arm64"}),
    (machine(cpu_family="x86", cpu="i686"), {"GOOS": "linux", "GOARCH": "386"}),
    (machine(cpu_family="arm", cpu="armv7hl"), {"GOOS": "linux", "GOARCH": "arm", "GOARM": "7"}),
    (machine(cpu_family="arm", cpu="armv6l"), {"GOOS": "linux", "GOARCH": "arm", "GOARM": "6"}),
    (machine(cpu_family="arm", cpu="arm"), {"GOOS": "linux", "GOARCH": "arm", "GOARM": "5"}),
    (machine(cpu_family="arm", cpu="armv7", go_arm="6"), {"GOOS": "linux", "GOARCH": "arm", "GOARM": "6"}),
    (machine(cpu_family="riscv64", cpu="riscv64"), {"GOOS": "linux", "GOARCH": "riscv64"}),
    (machine(cpu_family="ppc64", cpu="ppc64le"), {"GOOS": "linux", "GOARCH": "ppc64le"}),
    (machine(cpu_family="ppc64", cpu="ppc64", endian="big"), {"GOOS": "linux", "GOARCH": "ppc64"}),
    (machine(cpu_family="s390x", cpu="s390x", endian="big"), {"GOOS": "linux", "GOARCH": "s390x"}),
    (machine(cpu_family="loongarch64", cpu="loongarch64"), {"GOOS": "linux", "GOARCH": "loong64"}),
    (machine(cpu_family="mips", cpu="mips", endian="big"), {"GOOS": "linux", "GOARCH": "mips"}),
    (machine(cpu_family="mips64", cpu="mips64"), {"GOOS": "linux", "GOARCH": "mips64le"}),
    (machine(system="sunos"), {"GOOS": "illumos", "GOARCH": "amd64"}),
    (machine(system="freebsd", cpu_family="aarch64"), {"GOOS": "freebsd", "GOARCH": "arm64"}),
    (machine(go_amd64="v3"), {"GOOS": "linux", "GOARCH": "amd64", "GOAMD64": "v3"}),
    (machine(system="whatever", go_os="linux", go_arch="arm64"), {"GOOS": "linux", "GOARCH": "arm64"}),
])
def test_go_target(m: goenv.HostMachine, expected: dict[str, str]) -> None:
    assert goenv.go_target(m) == expected


@pytest.mark.parametrize(("m", "fragment"), [
    (machine(system="haiku"), "host system 'haiku'"),
    (machine(cpu_family="sparc64"), "cpu_family 'sparc64'"),
    (machine(cpu_family="aarch64", endian="big"), "cpu_family 'aarch64' (big endian)"),
])
def test_unsupported_targets(m: goenv.HostMachine, fragment: str) -> None:
    with pytest.raises(UnsupportedMachine, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        goenv.go_target(m)


def test_non_string_property_is_an_error() -> None:
    with pytest.raises(ConfigError, match="go_arm must be a string"):
        goenv.go_target(machine(cpu_family="arm", go_arm=7))


@pytest.mark.parametrize(("args", "joined"), [
    (["gcc"], "gcc"),
    (["ccache", "gcc", "-m64"], "ccache gcc -m64"),
    (["-DX=a b"], "'-DX=a b'"),
    (["-DX='q'"], "\"-DX='q'\""),
    ([""], "''"),
])
def test_quote_args(args: list[str], joined: str) -> None:
    assert gocmd.quote_args(args) == joined


def test_quote_args_refuses_both_quotes() -> None:
    with pytest.raises(ConfigError, match="both"):
        gocmd.quote_args(["a'b\"c"])


def test_go_environment_comes_from_meson() -> None:
    cc = goenv.CCompiler(("ccache", "cc"), c_args=("-DFOO", "-I/a b"), c_link_args=("-Wl,-z,now",))
    env = goenv.go_environment(machine(), cc, {"GOAMD64": "v2"})
    assert env == {
        "GOOS": "linux", "GOARCH": "amd64", "CGO_ENABLED": "1", "GOTOOLCHAIN": "local", "GOFLAGS": "",
        "CC": "ccache cc", "CGO_CFLAGS": "-O2 -g -DFOO '-I/a b'", "CGO_LDFLAGS": "-O2 -g -Wl,-z,now",
        "GOAMD64": "v2",
    }


@pytest.mark.parametrize(("version", "goos", "user", "expected"), [
    ((1, 25), "linux", "", "nodwarf5"),
    ((1, 26), "freebsd", "loopvar", "loopvar,nodwarf5"),
    ((1, 26), "linux", "dwarf5", "dwarf5"),          # the user's choice stands
    ((1, 26), "linux", "nodwarf5", "nodwarf5"),
    ((1, 24), "linux", "", None),                    # DWARF 4 already
    ((1, 26), "darwin", "", None),                   # not ELF: no dwz, Go has no DWARF 5 there
])
def test_elf_libraries_get_dwarf4_for_dwz(version: tuple[int, int], goos: str, user: str,
                                          expected: str | None) -> None:
    m = goenv.HostMachine({"freebsd": "freebsd", "darwin": "darwin"}.get(goos, "linux"), "x86_64", "x86_64", "little")
    env = goenv.go_environment(m, goenv.CCompiler(("cc",)), {}, {"GOEXPERIMENT": user},
                               has_nodwarf5=version >= (1, 25))
    assert env.get("GOEXPERIMENT") == expected


@pytest.mark.parametrize("key", ["GOOS", "GOARCH", "CGO_ENABLED", "CC", "GOTOOLCHAIN", "GOFLAGS"])
def test_env_keyword_cannot_override_meson(key: str) -> None:
    with pytest.raises(ConfigError, match=f"env sets {key}"):
        goenv.go_environment(machine(), goenv.CCompiler(("cc",)), {key: "x"})


def test_build_environment_drops_go_and_c_variables() -> None:
    inherited = {"PATH": "/bin", "HOME": "/h", "GOFLAGS": "-race", "GOOS": "windows", "CC": "clang",
                 "CGO_CFLAGS": "-O0", "CFLAGS": "-m32", "GOCACHE": "/c", "GOPATH": "/g", "LANG": "C"}
    env = gocmd.build_environment(inherited, {"GOOS": "linux"})
    assert env == {"PATH": "/bin", "HOME": "/h", "GOCACHE": "/c", "GOPATH": "/g", "LANG": "C", "GOOS": "linux"}


def test_build_environment_drops_the_shells_pkg_config_search() -> None:
    """Where cgo's pkg-config looks is setup's decision (plan/pkgconfig.py), not ninja's shell's."""
    inherited = {"PATH": "/bin", "PKG_CONFIG_PATH": "/x", "PKG_CONFIG_LIBDIR": "/y", "PKG_CONFIG_SYSROOT_DIR": "/z",
                 "PKG_CONFIG": "other-pkg-config"}
    assert gocmd.build_environment(inherited, {"PKG_CONFIG_PATH": "/b/meson-uninstalled"}) == {
        "PATH": "/bin", "PKG_CONFIG_PATH": "/b/meson-uninstalled"}


@pytest.mark.parametrize(("libdir", "sys_root", "cross", "expected"), [
    # Natively: pkg-config's own default directories are the machine's.
    (None, None, False, {}),
    # Cross: the cross-file's pkg_config_libdir, and its sys_root for the -I/-L paths.
    (["/usr/lib/aarch64-linux-gnu/pkgconfig"], None, True,
     {"PKG_CONFIG_LIBDIR": "/usr/lib/aarch64-linux-gnu/pkgconfig"}),
    (["/s/a", "/s/b"], "/s", True, {"PKG_CONFIG_LIBDIR": "/s/a:/s/b", "PKG_CONFIG_SYSROOT_DIR": "/s"}),
    # A sys_root alone: its own /usr/lib and /usr/share, never the build machine's.
    (None, "/s", True, {"PKG_CONFIG_LIBDIR": "/s/usr/lib/pkgconfig:/s/usr/share/pkgconfig",
                        "PKG_CONFIG_SYSROOT_DIR": "/s"}),
    # Neither: no directory but PKG_CONFIG_PATH (an empty PKG_CONFIG_LIBDIR, not pkg-config's default).
    (None, None, True, {"PKG_CONFIG_LIBDIR": ""}),
])
def test_pkg_config_search(libdir: list[str] | None, sys_root: str | None, cross: bool,
                           expected: dict[str, str]) -> None:
    search = pkgconfig.search("pkg-config", "/b", ["/p", "/b/meson-uninstalled"], libdir, sys_root, cross)
    assert search.environment() == {"PKG_CONFIG": "pkg-config", "PKG_CONFIG_PATH": "/b/meson-uninstalled:/p",
                                    **expected}


def test_a_cross_pkg_config_keeps_its_own_directories() -> None:
    """A cross-file's pkg-config whose default directories are the host machine's (Debian's
    aarch64-linux-gnu-pkg-config, a pkgconf personality) gets no PKG_CONFIG_LIBDIR of mesongo's."""
    search = pkgconfig.search("aarch64-linux-gnu-pkg-config", "/b", [], None, None, cross=True, program_knows_host=True)
    assert search.environment() == {"PKG_CONFIG": "aarch64-linux-gnu-pkg-config",
                                    "PKG_CONFIG_PATH": "/b/meson-uninstalled"}


def test_pkg_config_search_of_a_build_machine_program_in_a_cross_build() -> None:
    """The build tree's uninstalled .pc files describe the host's libraries, not the build machine's."""
    search = pkgconfig.search("pkg-config", None, ["/p"], None, None, cross=False)
    assert search.environment() == {"PKG_CONFIG": "pkg-config", "PKG_CONFIG_PATH": "/p"}


def test_pkg_config_search_reaches_go_under_the_env_keyword() -> None:
    """The call's env: may still point pkg-config elsewhere, as it is the user's own choice."""
    search = pkgconfig.search("pkg-config", "/b", [], None, None, cross=True)
    env = goenv.go_environment(machine(), goenv.CCompiler(("cc",)), {"PKG_CONFIG_PATH": "/mine"},
                               pkg_config=search.environment())
    assert (env["PKG_CONFIG"], env["PKG_CONFIG_PATH"], env["PKG_CONFIG_LIBDIR"]) == ("pkg-config", "/mine", "")


SHARED = SharedLibrary(version="1.2.3")
DEFAULT_OPTIONS = goenv.MesonOptions()


def go_build(kind: TargetKind, tags: list[str], ldflags: list[str], go_args: list[str],
             options: goenv.MesonOptions = DEFAULT_OPTIONS) -> goenv.GoBuild:
    """goenv.go_build as the planner calls it for `kind` (plan/planner.py, prepare)."""
    return goenv.go_build(kind.buildmode(), tags, ldflags, go_args, options)


def test_shared_library_is_a_go_archive_that_meson_links() -> None:
    assert go_build(SHARED, [], [], []) == goenv.GoBuild(
        ["-buildmode=c-archive", "-trimpath", "-buildvcs=false", "-ldflags=-buildid="], [])


def test_user_ldflags_go_to_go_and_extldflags_to_mesons_link() -> None:
    build = go_build(SHARED, ["netgo", "x"], ["-s", "-X", "main.v=1 2", "-extldflags", "-Wl,-z,now '-Wl,-rpath,/a b'",
                                                    "-extldflags=-static-libgcc"], ["-gcflags=-N"])
    assert build.build_args == ["-buildmode=c-archive", "-trimpath", "-buildvcs=false", "-tags=netgo,x",
                                "-ldflags=-buildid= -s -X 'main.v=1 2'", "-gcflags=-N"]
    assert build.extldflags == ["-Wl,-z,now", "-Wl,-rpath,/a b", "-static-libgcc"]


def test_every_library_kind_is_the_same_go_archive() -> None:
    for kind in (StaticLibrary(), SharedModule(name_prefix=""), SharedLibrary()):
        assert go_build(kind, [], [], []) == go_build(SHARED, [], [], [])


@pytest.mark.parametrize("arg", ["-ldflags=-s", "--ldflags", "-o", "-buildmode=pie", "-tags=x"])
def test_go_args_cannot_override_mesongo(arg: str) -> None:
    with pytest.raises(ConfigError, match="go_args must not contain"):
        go_build(SHARED, [], [], [arg])


def test_dangling_extldflags() -> None:
    with pytest.raises(ConfigError, match="-extldflags but gives no value"):
        go_build(SHARED, [], ["-extldflags"], [])


@pytest.mark.parametrize(("text", "args"), [
    ("gcc", ["gcc"]), ("  a  b ", ["a", "b"]), ("x 'a b' \"c 'd'\"", ["x", "a b", "c 'd'"]), ("", []),
])
def test_split_args_inverts_quote_args(text: str, args: list[str]) -> None:
    assert gocmd.split_args(text) == args
    assert gocmd.split_args(gocmd.quote_args(args)) == args


def test_debugging_build_keeps_source_paths_and_turns_go_optimizations_off() -> None:
    debug = go_build(SHARED, [], [], [], goenv.MesonOptions(optimization="0", debug=True))
    assert debug.build_args == ["-buildmode=c-archive", "-buildvcs=false", "-gcflags=all=-N -l", "-ldflags=-buildid="]
    for optimization, dbg in (("2", True), ("3", False), ("plain", False), ("0", False)):
        build = go_build(SHARED, [], [], [], goenv.MesonOptions(optimization=optimization, debug=dbg))
        assert build.build_args == ["-buildmode=c-archive", "-trimpath", "-buildvcs=false", "-ldflags=-buildid="]


def test_sanitizers_go_to_go_build() -> None:
    """Go builds the archive with -asan; Meson's link adds b_sanitize's -fsanitize=address itself."""
    build = go_build(SHARED, [], [], [], goenv.MesonOptions(sanitize=("address", "undefined")))
    assert "-asan" in build.build_args and build.extldflags == []
