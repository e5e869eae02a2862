"""Sphinx directives that render mesongo's reference from the code that declares it.

- ``mesongo-function NAME``: one function of ``import('mesongo')``, from its entry in
  ``mesongo.meson_adapter.kwargs.FUNCTIONS``: the call, the description, the positional
  arguments, and a table of its keywords whose types and defaults come from the KwargInfos
  Meson checks the call with. A keyword without a description is a warning (an error under
  ``-W``), and so is a description of a keyword the function does not take, and a function of
  the table that no page renders.
- ``mesongo-cli``: the ``mesongo`` command's subcommands and options, from its argparse parser.
- ``mesongo-cross-targets``: the targets ``mesongo cross-file`` knows, from ``crossfile.TARGETS``.

Each directive writes MyST Markdown and parses it where it stands, so descriptions may use
Markdown and cross-references.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docutils import nodes
from docutils.statemachine import StringList
from mesonbuild.build import BuildTarget, CustomTarget, CustomTargetIndex
from mesonbuild.interpreterbase import ContainerTypeInfo, KwargInfo
from mesonbuild.mesonlib import File
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from mesongo.cli import crossfile
from mesongo.cli import main as cli_main
from mesongo.meson_adapter import kwargs as mesongo_kwargs

logger = logging.getLogger(__name__)

# Python types as Meson's own reference names them.
MESON_TYPE_NAMES: dict[object, str] = {
    str: "str", bool: "bool", int: "int", File: "file", object: "any",
    BuildTarget: "build_tgt", CustomTarget: "custom_tgt", CustomTargetIndex: "custom_idx",
}
NO_DEFAULT = "not set"


@dataclass(frozen=True)
class Rendered:
    markdown: str
    problems: tuple[str, ...]   # each one a warning: what a reader would miss


def _one_type(t: object, problems: list[str]) -> str:
    if isinstance(t, ContainerTypeInfo):
        contains = t.contains if isinstance(t.contains, tuple) else (t.contains,)
        inner = " | ".join(_one_type(c, problems) for c in contains)
        return f"list[{inner}]" if t.container is list else f"dict[{inner}]"
    name = MESON_TYPE_NAMES.get(t)
    if name is None:
        problems.append(f"no Meson name for the type {t!r}: add it to MESON_TYPE_NAMES")
        return getattr(t, "__name__", repr(t))
    return name


def keyword_type(info: KwargInfo, problems: list[str] | None = None) -> str:
    """The types a keyword takes, in Meson's words: `str | list[str]` for a listified list of str
    (Meson takes one element alone), without None (a keyword that is not given)."""
    problems = [] if problems is None else problems
    types = info.types if isinstance(info.types, tuple) else (info.types,)
    names: list[str] = []
    for t in types:
        if t is type(None):
            continue
        if info.listify and isinstance(t, ContainerTypeInfo) and t.container is list:
            contains = t.contains if isinstance(t.contains, tuple) else (t.contains,)
            names += [_one_type(c, problems) for c in contains]
        names.append(_one_type(t, problems))
    return " | ".join(dict.fromkeys(names))


def meson_literal(value: object) -> str:
    """A default as meson.build would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if "'" not in value else '"' + value + '"'
    if isinstance(value, list):
        return "[" + ", ".join(meson_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{meson_literal(k)}: {meson_literal(v)}" for k, v in value.items()) + "}"
    return str(value)


def keyword_default(info: KwargInfo) -> str | None:
    """The default of the KwargInfo as a Meson literal; None when it has none."""
    return None if info.default is None else meson_literal(info.default)


def _cell(text: str) -> list[str]:
    """A list-table cell: its first line after the bullet, the rest indented under it."""
    lines = text.splitlines() or [""]
    return [lines[0], *("    " + line if line else "" for line in lines[1:])]


def list_table(header: Sequence[str], rows: Iterable[Sequence[str]], widths: str | None = None,
               css: str | None = None) -> list[str]:
    out = ["```{list-table}", ":header-rows: 1"]
    if widths:
        out.append(f":widths: {widths}")
    if css:
        out.append(f":class: {css}")
    out.append("")
    for row in (header, *rows):
        for i, cell in enumerate(row):
            first, *rest = _cell(cell)
            out.append(("* - " if i == 0 else "  - ") + first)
            out += ["    " + line if line else "" for line in rest]
    out.append("```")
    return out


def function_reference(function: mesongo_kwargs.Function) -> Rendered:
    """The reference of one function, as MyST Markdown, and what is missing from it."""
    problems: list[str] = []
    positional = ", ".join(p.name + ("…" if p.variadic else "") for p in function.positional)
    keywords = ", keywords" if function.kwargs else ""
    lines = ["```text", f"go.{function.name}({positional}{keywords})", "```", "", function.summary, ""]
    lines += ["**Positional arguments**", ""]
    for p in function.positional:
        lines.append(f"- `{p.name}` ({p.type}{', one or more' if p.variadic else ''}): {p.text}")
    lines += ["", f"**Returns** {function.returns}", ""]
    taken = [info.name for info in function.kwargs]
    for name in function.keywords:
        if name not in taken:
            problems.append(f"go.{function.name}() has a description of the keyword {name!r}, which it does not take")
    if not function.kwargs:
        lines += ["**Keywords**: none.", ""]
        return Rendered("\n".join(lines), tuple(problems))
    rows = []
    for info in sorted(function.kwargs, key=lambda i: i.name):
        doc = function.keyword_doc(info.name)
        if doc is None or not doc.text.strip():
            problems.append(f"the keyword {info.name!r} of go.{function.name}() has no description: add one to "
                            "KEYWORDS or to the function's keywords in mesongo/meson_adapter/kwargs.py")
            doc = mesongo_kwargs.KeywordDoc("")
        default = keyword_default(info)
        shown_default = f"`{default}`" if default is not None else (doc.unset or NO_DEFAULT)
        rows.append([f"`{info.name}`", f"`{keyword_type(info, problems)}`", shown_default, doc.text])
    lines += ["**Keywords**", ""]
    lines += list_table(["Keyword", "Type", "Default", "Description"], rows, widths="15 15 20 50",
                        css="mesongo-keywords")
    return Rendered("\n".join(lines), tuple(problems))


def unused_keyword_descriptions() -> list[str]:
    """KEYWORDS entries that no function takes: a keyword removed from the code left its text."""
    taken = {info.name for f in mesongo_kwargs.FUNCTIONS.values() for info in f.kwargs}
    return sorted(set(mesongo_kwargs.KEYWORDS) - taken)


class MarkdownDirective(SphinxDirective):
    """Parses the Markdown a subclass makes where the directive stands."""

    # The modules the directive reads: a page that renders them is read again when one changes.
    READS: tuple[str, ...] = ()

    def parse(self, markdown: str, node: nodes.Element) -> list[nodes.Node]:
        for path in self.READS:
            self.env.note_dependency(path)
        source, line = self.get_source_info()
        self.state.nested_parse(StringList(markdown.splitlines(), source=source), self.content_offset, node)
        return [node]


class FunctionDirective(MarkdownDirective):
    READS = (mesongo_kwargs.__file__,)
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        function = mesongo_kwargs.FUNCTIONS.get(name)
        if function is None:
            logger.warning("mesongo-function: no function %r in mesongo.meson_adapter.kwargs.FUNCTIONS (it has %s)",
                           name, ", ".join(mesongo_kwargs.FUNCTIONS), location=self.get_location(),
                           type="mesongo", subtype="function")
            return []
        rendered = function_reference(function)
        for problem in rendered.problems:
            logger.warning(problem, location=self.get_location(), type="mesongo", subtype="keyword")
        _documented(self.env)[name] = self.env.docname
        container = nodes.container(ids=[f"function-{name}"], classes=["mesongo-function"])
        return self.parse(rendered.markdown, container)


POSITIONAL_COUNTS = {"+": "one or more", "*": "any number", "?": "optional", argparse.REMAINDER: "the rest"}


def _option_row(action: argparse.Action) -> list[str]:
    flags = ", ".join(f"`{flag}`" for flag in action.option_strings) or f"`{action.metavar or action.dest}`"
    if action.option_strings and action.nargs != 0:
        flags += f" `{action.metavar or action.dest.upper()}`"
    notes = [] if action.option_strings else [POSITIONAL_COUNTS.get(str(action.nargs), "")]
    if action.choices:
        notes.append("one of " + ", ".join(f"`{c}`" for c in action.choices))
    if action.required and action.option_strings:
        notes.append("required")
    text = (action.help or "").replace("%%", "%")
    extra = "; ".join(n for n in notes if n)
    return [flags, f"{text} ({extra})" if text and extra else text or extra]


class CliDirective(MarkdownDirective):
    """Every subcommand of the parser: its help, usage and arguments."""

    READS = (cli_main.__file__,)
    has_content = False

    def run(self) -> list[nodes.Node]:
        lines: list[str] = []
        top = cli_main.parser()
        for action in top._actions:
            if not isinstance(action, argparse._SubParsersAction):
                continue
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                lines += [f"**`mesongo {name}`**: {helps.get(name, '')}", "", "```text",
                          sub.format_usage().strip(), "```", ""]
                rows = [_option_row(a) for a in sub._actions if not isinstance(a, argparse._HelpAction)]
                lines += list_table(["Argument", "Meaning"], rows, widths="30 70")
                lines.append("")
        container = nodes.container(classes=["mesongo-cli"])
        return self.parse("\n".join(lines), container)


class CrossTargetsDirective(MarkdownDirective):
    READS = (crossfile.__file__,)
    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = [[f"`{t.name}`", t.system, t.libc, ", ".join(t.toolchains) or "—",
                 " ".join(f"`{p}`" for p in t.gcc_packages) or "—",
                 f"`{t.qemu}`" if t.qemu else (" ".join(f"`{r}`" for r in t.runner) or
                                               ("natively" if t.system == "linux" else "—"))]
                for t in crossfile.TARGETS.values()]
        markdown = "\n".join(list_table(["Target", "System", "C library", "Toolchains", "Debian packages (gcc)",
                                         "Runs its programs"], rows))
        return self.parse(markdown, nodes.container(classes=["mesongo-cross-targets"]))


def _documented(env: BuildEnvironment) -> dict[str, str]:
    """Which page renders each function (kept in the environment, as Sphinx's tutorial does)."""
    if not hasattr(env, "mesongo_functions"):
        setattr(env, "mesongo_functions", {})   # noqa: B010 (BuildEnvironment declares no such field)
    documented: dict[str, str] = getattr(env, "mesongo_functions")   # noqa: B009
    return documented


def _check_every_function_rendered(app: Sphinx, env: BuildEnvironment) -> None:
    documented = _documented(env)
    if not documented:
        return   # a build without the reference page
    for name in mesongo_kwargs.FUNCTIONS:
        if name not in documented:
            logger.warning("go.%s() is in mesongo.meson_adapter.kwargs.FUNCTIONS but no page has a "
                           "mesongo-function directive for it", name, type="mesongo", subtype="function")
    for name in unused_keyword_descriptions():
        logger.warning("mesongo.meson_adapter.kwargs.KEYWORDS describes %r, which no function takes", name,
                       type="mesongo", subtype="keyword")


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    functions = _documented(env)
    for name in [n for n, doc in functions.items() if doc == docname]:
        del functions[name]


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _documented(env).update(_documented(other))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("mesongo-function", FunctionDirective)
    app.add_directive("mesongo-cli", CliDirective)
    app.add_directive("mesongo-cross-targets", CrossTargetsDirective)
    app.connect("env-check-consistency", _check_every_function_rendered)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
