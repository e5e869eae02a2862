"""The functions and variables a project's own C header declares (`exports: 'header'`).

The C compiler preprocesses the header (buildstep/build.py: `cc -E`, with the target's defines and
the build's include flags), so that macros such as `CAPI_EXPORT int f(void);`, `#ifdef _WIN32` and
`extern "C"` guards come out as the compiler sees them; tree-sitter's C grammar then reads the
result, and only the declarations that the preprocessor's line markers place in the header itself
count (not those of the headers it includes). Pure: preprocessed text in, names out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# typing.TYPE_CHECKING without importing typing: the build step imports this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from tree_sitter import Node


@dataclass(frozen=True)
class Declared:
    name: str
    line: int                  # 1-based, in the header
    function: bool             # else a variable (an `extern` object declaration)


@dataclass(frozen=True)
class LineMarker:
    file: str
    system: bool               # flag 3: a system header


class UnreadableDeclaration(ValueError):
    """A part of the header that the C grammar does not read as C; `line` is the header's."""

    def __init__(self, line: int, text: str) -> None:
        super().__init__(f"line {line}: {text}")
        self.line = line
        self.text = text


def _marker(line: str) -> tuple[int, LineMarker] | None:
    """A preprocessor line marker (`# 12 "dir/capi.h" 2 3`: the next line is line 12 of that
    file; flag 3 says a system header), as gcc and clang write them (GNU cpp manual,
    "Preprocessor Output"), or None."""
    if not line.startswith("# "):
        return None
    head, _, rest = line[2:].partition(" ")
    if not head.isdigit() or not rest.startswith('"'):
        return None
    name: list[str] = []
    i = 1
    while i < len(rest) and rest[i] != '"':
        if rest[i] == "\\" and i + 1 < len(rest):
            i += 1
        name.append(rest[i])
        i += 1
    flags = rest[i + 1:].split()
    return int(head), LineMarker("".join(name), "3" in flags)


def split_markers(preprocessed: str) -> tuple[str, list[tuple[LineMarker | None, int]]]:
    """The preprocessed text with its line markers blanked (the C grammar does not know them),
    and for each of its lines the file and 1-based line it came from."""
    lines = preprocessed.split("\n")
    origins: list[tuple[LineMarker | None, int]] = []
    current: LineMarker | None = None
    next_line = 1
    for i, line in enumerate(lines):
        marker = _marker(line)
        if marker is not None:
            next_line, current = marker
            lines[i] = ""
            origins.append((None, 0))
        else:
            origins.append((current, next_line))
            next_line += 1
    return "\n".join(lines), origins


def included_files(preprocessed: str) -> list[str]:
    """The files the preprocessor read that are not system headers (for a depfile)."""
    files: dict[str, None] = {}
    for line in preprocessed.split("\n"):
        marker = _marker(line)
        if marker is not None and not marker[1].system and not marker[1].file.startswith("<"):
            files[marker[1].file] = None
    return list(files)


def _declared_name(node: Node) -> tuple[str, str | None] | None:
    """The name a declarator declares and what the derivation nearest to the name makes of it
    ("function", "pointer", "array"; None for a plain name): `int *f(void)` declares a
    function, `int (*f)(void)` a pointer."""
    if node.type == "identifier":
        return (node.text or b"").decode(), None
    derivations = {"function_declarator": "function", "pointer_declarator": "pointer", "array_declarator": "array"}
    if node.type in derivations:
        inner = node.child_by_field_name("declarator")
        found = _declared_name(inner) if inner is not None else None
        if found is None:
            return None
        return found[0], found[1] or derivations[node.type]
    if node.type in ("parenthesized_declarator", "attributed_declarator"):
        inner = next((c for c in node.named_children if c.type.endswith("declarator") or c.type == "identifier"),
                     None)
        return _declared_name(inner) if inner is not None else None
    return None


def _storage(node: Node) -> set[str]:
    return {(c.text or b"").decode() for c in node.children if c.type == "storage_class_specifier"}


def _first_error(node: Node) -> Node | None:
    if node.type == "ERROR" or node.is_missing:
        return node
    if not node.has_error:
        return None
    for child in node.children:
        found = _first_error(child)
        if found is not None:
            return found
    return node


def declared_symbols(preprocessed: str, header: str) -> list[Declared]:
    """What the header `header` (the path the preprocessor was given) declares with external
    linkage: functions (not `static` ones, and not inline definitions) and `extern` variables.
    Raises UnreadableDeclaration for a part of the header itself that is not C."""
    import tree_sitter_c
    from tree_sitter import Language, Parser

    text, origins = split_markers(preprocessed)
    tree = Parser(Language(tree_sitter_c.language())).parse(text.encode())
    wanted = os.path.normpath(header)
    found: list[Declared] = []
    for node in tree.root_node.children:
        marker, line = origins[node.start_point[0]]
        if marker is None or os.path.normpath(marker.file) != wanted:
            continue
        error = _first_error(node)
        if error is not None:
            raise UnreadableDeclaration(origins[error.start_point[0]][1],
                                        " ".join((node.text or b"").decode().split())[:120])
        if node.type != "declaration":
            continue   # a type, a definition (static inline), a pragma
        storage = _storage(node)
        if "static" in storage:
            continue
        for declarator in node.children_by_field_name("declarator"):
            named = _declared_name(declarator)
            if named is None:
                continue
            name, derivation = named
            if derivation == "function":
                found.append(Declared(name, line, True))
            elif "extern" in storage:
                found.append(Declared(name, line, False))
    return found
