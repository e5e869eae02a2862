"""Facts that only a Go parser knows: syntax errors, func main, //export functions.

`go list` reads only a file's package clause and imports, so it neither sees a syntax error in a
function body nor knows which functions carry `//export`. tree-sitter's Go grammar (the
tree-sitter and tree-sitter-go wheels) reads the files here, in-process: nothing is compiled at
setup, whatever state Go's build cache is in. A file in which tree-sitter finds a syntax error
and the Go toolchain's own prebuilt gofmt (`gofmt -e -l`), started on every file before the scan
and read after it, parses them with go/parser: its `file:line:col: message` lines are the syntax
errors, Go's own words, `go build`'s, and exactly the errors go/parser finds (tree-sitter's grammar
accepts some that Go refuses, and the other way round).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import runner

if TYPE_CHECKING:   # tree_sitter is imported when a package is first scanned (parser())
    from tree_sitter import Node, Parser


@dataclass(frozen=True)
class Forbidden:
    """A result (or parameter) of an //export function whose Go type C may not hold (cgo's
    pointer-passing rules; forbidden_types() says which)."""

    result: bool      # a result, else a parameter
    index: int        # 1-based among the results (or parameters)
    name: str         # its name, or ""
    kind: str         # string, slice, map, chan, func, interface, pointer
    type: str         # as written (white space runs as one space)
    pos: str          # file:line:col of the type


@dataclass(frozen=True)
class Export:
    name: str
    pos: str          # file:line
    forbidden: tuple[Forbidden, ...] = ()


@dataclass(frozen=True)
class ScannedPackage:
    dir: str
    name: str
    func_main: bool
    exports: tuple[Export, ...]
    errors: tuple[str, ...]   # file:line:col: message


_parser: Parser | None = None


def parser() -> Parser:
    """One tree-sitter parser for Go per process, made at the first scan (its import, ~20 ms alone,
    is mostly modules Meson has loaded already)."""
    global _parser
    if _parser is None:
        from tree_sitter import Language, Parser
        from tree_sitter_go import language

        _parser = Parser(Language(language()))
    return _parser


def gofmt_path(go_env: Mapping[str, str]) -> str:
    """The gofmt that comes with the Go toolchain (`go env -json` GOROOT and GOHOSTOS): prebuilt,
    so asking it costs no compile."""
    exe = ".exe" if go_env.get("GOHOSTOS") == "windows" else ""
    return os.path.join(go_env.get("GOROOT", ""), "bin", f"gofmt{exe}")


def scan_packages(packages: Sequence[tuple[str, Sequence[str]]], gofmt: str | None,
                  env: Mapping[str, str]) -> list[ScannedPackage]:
    """What the files of each (directory, file names in it) say, in order. Syntax errors come from
    `gofmt` (None, or one that cannot run: from tree-sitter alone, located but worded "syntax
    error")."""
    paths = [os.path.join(pdir, name) for pdir, names in packages for name in names]
    checker = None
    if gofmt is not None and paths and os.path.isfile(gofmt):
        # -l: file names instead of the formatted source (ignored); -e: every error, on stderr.
        checker = runner.start([gofmt, "-e", "-l", *paths], env)
    scanned = [_scan(pdir, files) for pdir, files in packages]
    said: list[str] | None = None
    if checker is not None:
        code, _out, err = runner.finish(checker, check=False)
        said = [line for line in err.splitlines() if line.startswith(tuple(f"{p}:" for p in paths))]
        if code != 0 and not said:   # gofmt failed without a word on the files: tree-sitter's places
            said = None
    found: list[ScannedPackage] = []
    for (pdir, names), (package, guessed) in zip(packages, scanned, strict=True):
        own = tuple(os.path.join(pdir, name) + ":" for name in names)
        syntax = guessed if said is None else [line for line in said if line.startswith(own)]
        found.append(dataclasses.replace(package, errors=(*package.errors, *syntax)))
    return found


def _scan(pdir: str, names: Sequence[str]) -> tuple[ScannedPackage, list[str]]:
    """What tree-sitter reads in the package's files, and where it found syntax errors."""
    package_name = ""
    func_main = False
    errors: list[str] = []
    broken: list[tuple[str, Node]] = []    # files in which tree-sitter found an error
    declarations: list[tuple[str, list[Node]]] = []   # each file's top-level nodes, comments among them
    types: dict[str, Node] = {}   # the package's own named types: name -> the type they are made of
    for name in names:
        path = os.path.join(pdir, name)
        try:
            with open(path, "rb") as f:
                source = f.read()
        except OSError as exc:
            errors.append(f"{path}: {exc.strerror}")
            continue
        root = parser().parse(source).root_node
        if root.has_error:
            broken.append((path, root))
        top = root.children
        declarations.append((path, top))
        for decl in top:
            if decl.type == "package_clause" and not package_name:
                package_name = _text(decl.named_children[-1]) if decl.named_children else ""
            elif decl.type == "type_declaration":
                for spec in decl.named_children:
                    type_node = spec.child_by_field_name("type")
                    name_node = spec.child_by_field_name("name")
                    # A generic type is made of its type arguments: not followed.
                    if (spec.type in ("type_spec", "type_alias") and type_node is not None and name_node is not None
                            and spec.child_by_field_name("type_parameters") is None):
                        types[_text(name_node)] = type_node
    exports: list[Export] = []
    for path, top in declarations:
        for i, decl in enumerate(top):
            if decl.type not in ("function_declaration", "method_declaration"):
                continue
            if decl.type == "function_declaration" and _text(decl.child_by_field_name("name")) == "main":
                func_main = True
            for comment in _doc_comments(top, i):
                text = _text(comment)
                # cgo's rule (cmd/cgo/ast.go): a comment line "//export NAME" in a func's doc comment.
                if text.startswith("//export "):
                    exports.append(Export(text[len("//export "):].strip(), f"{path}:{comment.start_point.row + 1}",
                                          _forbidden_types(path, decl, types)))
    return ScannedPackage(pdir, package_name, func_main, tuple(exports), tuple(errors)), _tree_sitter_errors(broken)


def _text(node: Node | None) -> str:
    return node.text.decode("utf-8", "replace") if node is not None and node.text is not None else ""


def _last_line(node: Node) -> int:
    return node.end_point.row


def _doc_comments(siblings: Sequence[Node], at: int) -> list[Node]:
    """The comments of the declaration siblings[at]'s doc comment, as go/parser groups them
    (parser.next, consumeCommentGroup): comments one after the other, none more than a line after
    the previous one; the last such group is the doc if it ends on the line before the
    declaration. A comment on the line of the previous token is that token's line comment, and
    whatever follows it on its last line too."""
    start = at
    while start > 0 and siblings[start - 1].type == "comment":
        start -= 1
    comments = siblings[start:at]
    if not comments:
        return []
    i = 0
    if start > 0 and comments[0].start_point.row == _last_line(siblings[start - 1]):
        end = comments[0].start_point.row
        while i < len(comments) and comments[i].start_point.row <= end:
            end = _last_line(comments[i])
            i += 1
    group: list[Node] = []
    end = -2
    while i < len(comments):
        group, end = [], comments[i].start_point.row
        while i < len(comments) and comments[i].start_point.row <= end + 1:
            group.append(comments[i])
            end = _last_line(comments[i])
            i += 1
    return group if group and end + 1 == siblings[at].start_point.row else []


def _forbidden_types(path: str, decl: Node, types: Mapping[str, Node]) -> tuple[Forbidden, ...]:
    """The results and parameters of an exported function that C may not hold. Results: a string,
    slice, map, chan, func, interface or pointer to Go memory aborts the program when the function
    returns one (runtime/cgocall.go, cgoCheckResult); a C type, unsafe.Pointer, uintptr and
    numbers are fine. Parameters: only a map or a chan, which always live in Go's heap and which Go
    code may never pass to C (cgoCheckArg), so C cannot have one to pass back; a string, slice or
    pointer parameter may hold C memory."""
    out: list[Forbidden] = []
    for field, result in (("parameters", False), ("result", True)):
        node = decl.child_by_field_name(field)
        if node is None:
            continue
        # A single unnamed result may stand without parentheses: then it is the type itself.
        entries = ([(p, p.child_by_field_name("type"), [_text(n) for n in p.children_by_field_name("name")])
                    for p in node.named_children
                    if p.type in ("parameter_declaration", "variadic_parameter_declaration")]
                   if node.type == "parameter_list" else [(node, node, [])])
        index = 0
        for entry, type_node, names in entries:
            for name in names or [""]:
                index += 1
                # A variadic parameter (...T) is a slice, which a parameter may be.
                if type_node is None or entry.type == "variadic_parameter_declaration":
                    continue
                kind = _go_kind(type_node, types, set())
                if not kind or (not result and kind not in ("map", "chan")):
                    continue
                row, column = type_node.start_point
                out.append(Forbidden(result, index, name, kind, " ".join(_text(type_node).split()),
                                     f"{path}:{row + 1}:{column + 1}"))
    return tuple(out)


_KINDS = {"slice_type": "slice", "map_type": "map", "channel_type": "chan", "function_type": "func",
          "interface_type": "interface"}


def _go_kind(node: Node, types: Mapping[str, Node], seen: set[str]) -> str:
    """Which kind of Go-memory type a type names ("" for the types C may hold: numbers, C types,
    unsafe.Pointer, uintptr, structs and arrays, and types of other packages, which a scan of this
    package alone cannot see into). Named types of the package are followed."""
    if node.type == "parenthesized_type" and node.named_children:
        return _go_kind(node.named_children[0], types, seen)
    if node.type == "type_identifier":
        name = _text(node)
        if name == "string":
            return "string"
        if name in ("error", "any"):
            return "interface"
        if name in types and name not in seen:
            return _go_kind(types[name], types, seen | {name})
        return ""
    if node.type == "pointer_type" and node.named_children:
        return "" if _c_memory(node.named_children[0], types, set()) else "pointer"
    return _KINDS.get(node.type, "")


def _c_memory(node: Node, types: Mapping[str, Node], seen: set[str]) -> bool:
    """Whether a pointer to this type is a C pointer: a C type (C.char, C.struct_x),
    unsafe.Pointer, or a named type of the package that is one of these. A pointer to any other
    type (int, a Go struct, another package's type) points to Go memory as Go code makes it."""
    if node.type in ("parenthesized_type", "pointer_type") and node.named_children:   # **C.char: C strings
        return _c_memory(node.named_children[0], types, seen)
    if node.type == "qualified_type":
        package, name = _text(node.child_by_field_name("package")), _text(node.child_by_field_name("name"))
        return package == "C" or (package == "unsafe" and name == "Pointer")
    if node.type == "type_identifier":
        name = _text(node)
        return name in types and name not in seen and _c_memory(types[name], types, seen | {name})
    return False


def _tree_sitter_errors(broken: Sequence[tuple[str, Node]]) -> list[str]:
    """Where tree-sitter could not parse each file: what is said when there is no gofmt to ask."""
    found: list[str] = []
    for path, root in broken:
        node = _first_error(root)
        if node is not None:
            row, column = node.start_point
            words = _text(node).split()
            what = f": missing {node.type!r}" if node.is_missing else f" near {words[0]!r}" if words else ""
            found.append(f"{path}:{row + 1}:{column + 1}: syntax error{what}")
    return found


def _first_error(node: Node) -> Node | None:
    if node.is_error or node.is_missing:
        return node
    for child in node.children:
        if child.has_error or child.is_missing:
            found = _first_error(child)
            if found is not None:
                return found
    return None
