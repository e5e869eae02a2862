"""What the ninja-run build step needs before it can start Go: which inherited variables reach
Go, how Go splits and joins argument strings, and the `go list` command line.

Kept free of heavy imports: ninja starts Python for every Go step, and everything else the step
imports loads while `go build` runs.
"""

from __future__ import annotations

from ..errors import ConfigError

# typing.TYPE_CHECKING without importing typing or collections.abc: ninja starts this for every Go step.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

# Variables that decide what `go build` produces. module.py sets them from Meson's facts;
# build.py removes every other one of them from the inherited environment. PKG_CONFIG*: where
# cgo's `#cgo pkg-config:` looks is Meson's pkg-config search (plan/pkgconfig.py), not the shell's.
CONTROLLED_PREFIXES = ("GO", "CGO_", "PKG_CONFIG")
CONTROLLED_NAMES = frozenset({"CC", "CXX", "FC", "AR", "CFLAGS", "CPPFLAGS", "CXXFLAGS", "LDFLAGS", "PKG_CONFIG"})
# Locations, not build inputs: these may pass through from the user's environment.
PASSTHROUGH_GO_VARS = frozenset({"GOCACHE", "GOMODCACHE", "GOPATH", "GOTMPDIR"})
# How Go says that a directory is in no module (go list, outside any go.mod).
NO_GO_MOD = "go.mod file not found"
# go list fields naming files inside a package's Dir (cmd/go/internal/load.PackagePublic).
FILE_FIELDS = ("GoFiles", "CgoFiles", "CFiles", "CXXFiles", "MFiles", "HFiles", "FFiles", "SFiles",
               "SwigFiles", "SwigCXXFiles", "SysoFiles", "EmbedFiles", "IgnoredGoFiles", "IgnoredOtherFiles")
# A package's tests and what they embed: inputs of its test binary only.
TEST_FILE_FIELDS = ("TestGoFiles", "XTestGoFiles", "TestEmbedFiles", "XTestEmbedFiles")
# Naming the fields keeps go list from computing staleness (a hash of every input): ~3x faster.
LIST_FIELDS = ("Dir", "ImportPath", "Name", "Standard", "DepOnly", "Module", "CgoCPPFLAGS", "CgoCFLAGS", "CgoLDFLAGS",
               "CgoPkgConfig", "Error", "DepsErrors", *FILE_FIELDS, *TEST_FILE_FIELDS)


def quote_args(args: Sequence[str]) -> str:
    """Join arguments the way Go splits CC, CGO_*FLAGS and -ldflags (cmd/internal/quoted.Join)."""
    out = []
    for arg in args:
        if arg and not any(c in arg for c in " \t\n\r'\""):
            out.append(arg)
        elif "'" not in arg:
            out.append(f"'{arg}'")
        elif '"' not in arg:
            out.append(f'"{arg}"')
        else:
            raise ConfigError(f"argument {arg!r} contains both ' and \", which Go cannot split back")
    return " ".join(out)


def split_args(text: str) -> list[str]:
    """Split CC, CGO_*FLAGS and the like the way Go does (cmd/internal/quoted.Split): on white
    space, with '...' and "..." grouping and no escapes."""
    args: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        if text[i] in "'\"":
            end = text.find(text[i], i + 1)
            if end < 0:
                raise ConfigError(f"unterminated quote in {text!r}")
            args.append(text[i + 1:end])
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        args.append(text[i:j])
        i = j
    return args


def build_environment(inherited: Mapping[str, str], configured: Mapping[str, str]) -> dict[str, str]:
    """The inherited environment minus everything that could change what Go builds, plus what
    Meson decided at setup time."""
    env = {
        k: v for k, v in inherited.items()
        if k in PASSTHROUGH_GO_VARS or not (k.startswith(CONTROLLED_PREFIXES) or k in CONTROLLED_NAMES)
    }
    env.update(configured)
    return env


def list_argv(go: str, build_args: Sequence[str], deps: bool, report_errors: bool = False,
              test: bool = False, packages: Sequence[str] = (".",), extra_fields: Sequence[str] = ()) -> list[str]:
    """`go list` of `packages` (by default the one in the current directory), with the flags of
    its build; with `report_errors` (-e) a broken package is described in its Error field instead
    of failing; with `test`, the packages its tests import too."""
    return [go, "list", "-json=" + ",".join((*LIST_FIELDS, *extra_fields)), *(["-e"] if report_errors else []),
            *(["-deps"] if deps else []), *(["-test"] if test else []), *build_args, *packages]


def cgo_header_argv(go: str, import_path: str, cgo_files: Sequence[str], objdir: str, header: str,
                    cppflags: Sequence[str], cflags: Sequence[str]) -> list[str]:
    """cgo run on one package as `go build -buildmode=c-archive` runs it (cmd/go/internal/work,
    Builder.cgo), for the header of its //export functions: go build installs the header of the
    main package only (golang/go#68725). Run in the package's directory; `cgo_files` absolute."""
    objdir = objdir.rstrip("/") + "/"   # cgo joins file names to it as a prefix
    return [go, "tool", "cgo", "-objdir", objdir, "-importpath", import_path, f"-exportheader={header}", "--",
            *cppflags, "-I", objdir, *cflags, *cgo_files]
