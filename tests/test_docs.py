"""The docs site (docs/): it builds with warnings as errors and internal links checked, its
reference follows the keyword definitions Meson checks the calls with (kwargs.FUNCTIONS), a
keyword or function without a description fails the build. (That every complete example is a
file of a tested project, included, not copied: tests/test_guides.py.)"""

from __future__ import annotations

import io
import re
import shlex
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, base_env, run
from mesonbuild.interpreterbase import ContainerTypeInfo, KwargInfo

from mesongo.meson_adapter import kwargs as mesongo_kwargs
from mesongo.meson_adapter.module import GoModule

DOCS = REPO / "docs"
sys.path.insert(0, str(DOCS / "_ext"))
import mesongo_docs  # noqa: E402  (docs/_ext is not a package)


class _Tables(HTMLParser):
    """The keyword table of each mesongo-function container: function -> rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._function: str | None = None
        self._depth = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "div":
            if self._function is not None:
                self._depth += 1
            elif (found.get("id") or "").startswith("function-"):
                self._function, self._depth = (found["id"] or "").removeprefix("function-"), 0
                self.tables[self._function] = []
        elif self._function is not None and tag == "tr":
            self._row = []
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._function is not None:
            if self._depth == 0:
                self._function = None
            else:
                self._depth -= 1
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._function is not None:
            self.tables[self._function].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def keyword_rows(page: Path) -> dict[str, dict[str, list[str]]]:
    """function -> keyword -> [type, default, description], as the built page shows them."""
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return {function: {row[0]: row[1:] for row in rows[1:]} for function, rows in parser.tables.items()}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built by the README's command (warnings as errors, -W, and every internal
    reference checked, -n), into a directory of the test's."""
    from test_readme import marked_command

    out = tmp_path_factory.mktemp("site")
    argv = shlex.split(marked_command("docs: build command"))
    assert argv[0] == "python" and argv[-1] == "build/docs"
    run([sys.executable, *argv[1:-1], "-q", out], cwd=REPO, env=base_env())
    return out


def test_site_builds_with_warnings_as_errors(site: Path) -> None:
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if not p.name.startswith(("genindex",
                                                                                                    "search")))
    for part in ("tutorial", "howto", "reference", "explanation"):
        assert f"{part}/index.html" in pages
    for page in ("reference/functions.html", "reference/cli.html", "reference/cross-files.html",
                 "reference/options.html", "reference/packages.html", "explanation/how-it-is-built.html",
                 "explanation/one-go-runtime.html", "explanation/checks.html", "explanation/platforms.html"):
        assert page in pages


def test_reference_follows_the_keyword_definitions(site: Path) -> None:
    """Every keyword of every function's KwargInfo list is in the built reference, with the type
    and default the KwargInfo declares, and a description."""
    tables = keyword_rows(site / "reference" / "functions.html")
    assert set(tables) == set(mesongo_kwargs.FUNCTIONS)
    for name, function in mesongo_kwargs.FUNCTIONS.items():
        rows = tables[name]
        assert set(rows) == {info.name for info in function.kwargs}, name
        for info in function.kwargs:
            type_, default, description = rows[info.name]
            assert type_ == mesongo_docs.keyword_type(info), (name, info.name)
            doc = function.keyword_doc(info.name)
            assert doc is not None and description
            expected_default = mesongo_docs.keyword_default(info)
            if expected_default is None:
                assert default == " ".join(re.sub(r"`", "", doc.unset or mesongo_docs.NO_DEFAULT).split())
            else:
                assert default == expected_default, (name, info.name)
    # What the renderer makes of Meson's types, spelt out once.
    assert tables["shared_library"]["tags"][:2] == ["str | list[str]", "[]"]
    assert tables["shared_library"]["exports"][:2] == ["str | list[str]", "'api'"]
    assert tables["shared_library"]["header"][:2] == ["str | bool | file | list[file]", "true"]
    assert tables["test"]["timeout"][:2] == ["int", "30"]
    assert tables["test"]["env"][:2] == ["dict[str] | list[str]", "{}"]
    assert tables["test"]["depends"][0] == "build_tgt | custom_tgt | custom_idx | list[build_tgt | custom_tgt | " \
                                           "custom_idx]"
    assert tables["executable"]["modfile"][:2] == ["str | file", "the module of the meson.build's directory"]
    assert tables["dependency"] == {}


def test_the_module_registers_the_functions_of_the_table() -> None:
    """module.py registers kwargs.FUNCTIONS (and checks each call with its entry), so a function
    the module has is a function the reference renders."""
    source = (REPO / "mesongo" / "meson_adapter" / "module.py").read_text(encoding="utf-8")
    assert "self.methods.update({name: getattr(self, name) for name in FUNCTIONS})" in source
    for name in mesongo_kwargs.FUNCTIONS:
        assert callable(getattr(GoModule, name))
        if mesongo_kwargs.FUNCTIONS[name].kwargs:
            assert f'@typed_kwargs("mesongo.{name}", *FUNCTIONS["{name}"].kwargs)' in source


def _build_reference(root: Path, functions: list[str]) -> tuple[int, str, Path]:
    """A site of one page with a mesongo-function directive per name, built in this process
    (where the test changed the tables) with warnings as errors: its status, warnings, output."""
    from sphinx.application import Sphinx

    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(f"import sys\nsys.path.insert(0, {str(DOCS / '_ext')!r})\n"
                                 "extensions = ['myst_parser', 'mesongo_docs']\nnitpicky = True\n")
    (src / "index.md").write_text("# Functions\n\n" + "".join(
        f"## go.{name}()\n\n```{{mesongo-function}} {name}\n```\n\n" for name in functions))
    warnings = io.StringIO()
    app = Sphinx(str(src), str(src), str(root / "html"), str(root / "doctrees"), "html", status=None,
                 warning=warnings, warningiserror=True, freshenv=True)
    app.build()
    return app.statuscode, warnings.getvalue(), root / "html" / "index.html"


@pytest.fixture
def functions(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, mesongo_kwargs.Function]]:
    """kwargs.FUNCTIONS and KEYWORDS, copies the test may change."""
    table = dict(mesongo_kwargs.FUNCTIONS)
    monkeypatch.setattr(mesongo_kwargs, "FUNCTIONS", table)
    monkeypatch.setattr(mesongo_kwargs, "KEYWORDS", dict(mesongo_kwargs.KEYWORDS))
    yield table


def test_a_keyword_added_to_the_code_shows_up_with_its_type_and_default(
        tmp_path: Path, functions: dict[str, mesongo_kwargs.Function]) -> None:
    executable = functions["executable"]
    added = KwargInfo("strip_paths", (ContainerTypeInfo(list, str), bool), default=False)
    functions["executable"] = mesongo_kwargs.Function(
        executable.name, [*executable.kwargs, added], executable.positional, executable.summary,
        executable.returns, {**executable.keywords, "strip_paths": mesongo_kwargs.KeywordDoc("Strips paths.")})
    status, warnings, page = _build_reference(tmp_path, list(functions))
    assert (status, warnings) == (0, "")
    assert keyword_rows(page)["executable"]["strip_paths"] == ["list[str] | bool", "false", "Strips paths."]


def test_a_keyword_without_a_description_fails_the_build(
        tmp_path: Path, functions: dict[str, mesongo_kwargs.Function]) -> None:
    del mesongo_kwargs.KEYWORDS["go_args"]
    status, warnings, _ = _build_reference(tmp_path, list(functions))
    assert status != 0
    for name in ("shared_library", "executable", "test"):
        assert f"the keyword 'go_args' of go.{name}() has no description" in warnings


def test_a_description_of_a_keyword_the_function_does_not_take_fails_the_build(
        tmp_path: Path, functions: dict[str, mesongo_kwargs.Function]) -> None:
    test = functions["test"]
    functions["test"] = mesongo_kwargs.Function(test.name, test.kwargs, test.positional, test.summary, test.returns,
                                                {**test.keywords, "install": mesongo_kwargs.KeywordDoc("Installs.")})
    status, warnings, _ = _build_reference(tmp_path, list(functions))
    assert status != 0
    assert "go.test() has a description of the keyword 'install', which it does not take" in warnings


def test_a_function_no_page_renders_fails_the_build(tmp_path: Path) -> None:
    status, warnings, _ = _build_reference(tmp_path, [n for n in mesongo_kwargs.FUNCTIONS if n != "both_libraries"])
    assert status != 0
    assert "go.both_libraries() is in mesongo.meson_adapter.kwargs.FUNCTIONS but no page has a mesongo-function" \
        in warnings
