"""What `meson setup` says it fetched: the modules that came into the module cache, indirect ones
included, each named once, for the target that was being asked about when it came."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from conftest import Project, base_env, copy_project

from mesongo.meson_adapter.completion import NAMED_FETCHES

VERSION = "v1.0.0"
LEAVES = [f"leaf{i:02}" for i in range(1, 10)]
# The modules of the proxy: path -> (required modules, files). tests/projects/fetching/go/go.sum
# holds their checksums: an edit here needs a new go.sum (`go mod tidy` with this proxy, GOSUMDB=off).
MODULES: dict[str, tuple[list[str], dict[str, str]]] = {
    "example.net/gamma": ([], {"gamma.go": "package gamma\n\nfunc G() int { return 1 }\n"}),
    "example.net/delta": ([], {"sub/sub.go": "package sub\n\nfunc D() int { return 2 }\n"}),
    "example.net/alpha": (["example.net/gamma"], {
        "alpha.go": 'package alpha\n\nimport "example.net/gamma"\n\nfunc A() int { return gamma.G() }\n'}),
    "example.net/beta": (["example.net/gamma", "example.net/delta"], {
        "beta.go": 'package beta\n\nimport (\n\t"example.net/delta/sub"\n\t"example.net/gamma"\n)\n\n'
                   "func B() int { return gamma.G() + sub.D() }\n"}),
    **{f"example.net/{leaf}": ([], {"leaf.go": f"package {leaf}\n\nfunc L() int {{ return 3 }}\n"})
       for leaf in LEAVES},
    "example.net/hub": ([f"example.net/{leaf}" for leaf in LEAVES], {
        "hub.go": "package hub\n\nimport (\n" + "".join(f'\t"example.net/{leaf}"\n' for leaf in LEAVES) + ")\n\n"
                  f"func H() int {{ return {' + '.join(f'{leaf}.L()' for leaf in LEAVES)} }}\n"}),
}


def _module_proxy(root: Path) -> str:
    """A GOPROXY directory (Go's module proxy protocol, as files) serving MODULES; its file:// URL."""
    for path, (requires, files) in MODULES.items():
        gomod = f"module {path}\n\ngo 1.21\n" + "".join(f"\nrequire {r} {VERSION}\n" for r in requires)
        versions = root / path / "@v"
        versions.mkdir(parents=True)
        (versions / "list").write_text(f"{VERSION}\n")
        (versions / f"{VERSION}.info").write_text(json.dumps({"Version": VERSION, "Time": "2024-01-01T00:00:00Z"}))
        (versions / f"{VERSION}.mod").write_text(gomod)
        with zipfile.ZipFile(versions / f"{VERSION}.zip", "w") as zf:
            for name, text in {"go.mod": gomod, **files}.items():
                zf.writestr(f"{path}@{VERSION}/{name}", text)
    return root.as_uri()


def _in_module_cache(modcache: Path) -> set[str]:
    """module@version of every module whose source is in the module cache (its zip)."""
    download = modcache / "cache" / "download"
    return {f"{z.parent.parent.relative_to(download)}@{z.stem}" for z in download.rglob("*.zip")}


def test_setup_names_each_fetched_module_once_for_the_target_it_was_fetched_for(toolchain: None,
                                                                                 tmp_path: Path) -> None:
    project = copy_project("fetching", tmp_path)
    modcache = tmp_path / "modcache"
    env = base_env() | {"GOPROXY": _module_proxy(tmp_path / "proxy"), "GOSUMDB": "off", "GOMODCACHE": str(modcache)}
    out = project.setup(env=env).stdout
    log = project.build / "meson-logs" / "meson-log.txt"
    # One go list served all three libraries offline; each then fetched alone, in meson.build's
    # order: libtwo names only what libone's fetch had not brought, and gamma, delta and the
    # leaves, which no package of the project imports, are named too.
    assert [line for line in out.splitlines() if line.startswith("mesongo: fetched")] == [
        "mesongo: fetched 2 Go modules for libone.so: example.net/alpha@v1.0.0, example.net/gamma@v1.0.0",
        "mesongo: fetched 2 Go modules for libtwo.so: example.net/beta@v1.0.0, example.net/delta@v1.0.0",
        f"mesongo: fetched 10 Go modules for libmany.so, listed in {log}"], out
    assert 10 > NAMED_FETCHES
    lines = log.read_text().splitlines()
    start = lines.index("mesongo: the 10 Go modules fetched for libmany.so:")
    listed = [line.strip() for line in lines[start + 1:start + 11]]
    assert listed == ["example.net/hub@v1.0.0", *(f"example.net/{leaf}@v1.0.0" for leaf in LEAVES)]
    named = ["example.net/alpha@v1.0.0", "example.net/gamma@v1.0.0", "example.net/beta@v1.0.0",
             "example.net/delta@v1.0.0", *listed]
    # What the messages name is what came into the module cache, each module once.
    assert len(set(named)) == len(named) and set(named) == _in_module_cache(modcache) == {
        f"{path}@{VERSION}" for path in MODULES}
    # With everything at hand, a setup fetches nothing and says nothing of fetching.
    again = Project(project.src, tmp_path / "build-again").setup(env=env).stdout
    assert "mesongo: fetched" not in again, again
