"""The C header a consumer includes: cgo's generated header, made to stand on its own.

cgo copies the preamble of every file with //export functions into the header verbatim, so a
preamble line `#include "private.h"` travels into it, and a consumer (in the build dir, or after
`meson install`) cannot find private.h. mesongo replaces each quoted #include that resolves to a
file inside the package (or a directory the package adds with `#cgo CFLAGS: -I`, inside its
module) by that file's text, once, recursively; system headers and everything else stay as they
are. Pure: the file system is reached through the `read` callable.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence

QUOTED_INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"[^\n]*$', re.M)
PRAGMA_ONCE = re.compile(r"^[ \t]*#[ \t]*pragma[ \t]+once[ \t]*$", re.M)


def _inside(path: str, dirs: Sequence[str]) -> bool:
    return any(path == d or path.startswith(d.rstrip(os.sep) + os.sep) for d in dirs)


LINE_DIRECTIVE = re.compile(r'^[ \t]*#[ \t]*line[ \t]+(\d+)(?:[ \t]+"([^"\n]*)")?')


def inline_local_includes(text: str, search_dirs: Sequence[str], inline_dirs: Sequence[str],
                          read: Callable[[str], str | None]) -> str:
    """`text` with every quoted #include of a file under `inline_dirs` replaced by the file's
    contents. A name is looked up in `search_dirs` (then, for nested includes, next to the
    including file first, as the C preprocessor does). `read(path)` returns a file's text, or
    None if there is no such file. `#line` directives keep a compiler's messages pointing at the
    right file and line."""
    done: set[str] = set()

    def resolve(name: str, dirs: Sequence[str]) -> tuple[str, str] | None:
        for base in dirs:
            path = os.path.normpath(os.path.join(base, name))
            if _inside(path, inline_dirs):
                body = read(path)
                if body is not None:
                    return path, body
        return None

    def expand(source: str, file_name: str, dirs: Sequence[str]) -> list[str]:
        out: list[str] = []
        current_file, next_line = file_name, 1
        for line in source.splitlines():
            directive = LINE_DIRECTIVE.match(line)
            include = QUOTED_INCLUDE.match(line)
            found = resolve(include.group(1), dirs) if include else None
            if directive:
                out.append(line)
                next_line = int(directive.group(1))
                current_file = directive.group(2) if directive.group(2) is not None else current_file
                continue
            if found is None:
                out.append(line)
            elif found[0] in done:
                out.append(f"/* {include.group(1) if include else ''}: inlined above by mesongo */")
            else:
                path, body = found
                done.add(path)
                name = os.path.basename(path)
                out.append(f"/* {name}: inlined by mesongo, so that this header needs no private files */")
                out.append(f'#line 1 "{name}"')
                out += expand(PRAGMA_ONCE.sub("", body), name, [os.path.dirname(path), *search_dirs])
                out.append(f"/* end of {name} */")
                out.append(f'#line {next_line + 1} "{current_file}"')
            next_line += 1
        return out

    return "\n".join(expand(text, "", list(search_dirs))) + ("\n" if text.endswith("\n") else "")


# cgo writes GoInt/GoUint as the 64- or 32-bit type of the target and a check that the pointer
# size matches (cmd/cgo/out.go, gccExportHeaderProlog): so a header differs between amd64 and
# armhf, and a Multi-Arch: same -dev package cannot ship it. Go's int is pointer-sized on every
# target Go supports, so the same choice made by the preprocessor gives one header for all.
_GOINT_TYPEDEFS = re.compile(r"^typedef GoInt(64|32) GoInt;\ntypedef GoUint(64|32) GoUint;\n", re.M)
_POINTER_CHECK = re.compile(
    r"^typedef char _check_for_(64|32)_bit_pointer_matching_GoInt\[sizeof\(void\*\)==(64|32)/8 \? 1:-1\];\n", re.M)
ANY_TARGET_GOINT = """\
#if (defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 8) || defined(__LP64__) || defined(_WIN64)
typedef GoInt64 GoInt;
typedef GoUint64 GoUint;
#else
typedef GoInt32 GoInt;
typedef GoUint32 GoUint;
#endif
"""
ANY_TARGET_POINTER_CHECK = "typedef char _check_for_pointer_size_matching_GoInt[sizeof(void*)==sizeof(GoInt) ? 1:-1];\n"


# cgo spells C types in the declarations as the C compiler's debug info names them: gcc says
# "long int", clang "long". One spelling (the shortest), so that gcc and clang (zig) give one header.
_C_TYPE_SPELLINGS = (
    ("long long unsigned int", "unsigned long long"), ("long long int", "long long"),
    ("long unsigned int", "unsigned long"), ("short unsigned int", "unsigned short"),
    ("long int", "long"), ("short int", "short"),
)
_C_TYPE_NAME = re.compile(r"\b(" + "|".join(re.escape(k) for k, _ in _C_TYPE_SPELLINGS) + r")\b")


CGO_PROLOGUE_END = "/* End of boilerplate cgo prologue.  */"
CGO_HEADER_START = "/* Code generated by cmd/cgo; DO NOT EDIT. */"


def declaration_sections(text: str) -> list[tuple[int, int]]:
    """(start, end) of each part of a header that cgo wrote itself: from the end of a cgo prologue
    to the next cgo header (a library of several packages has one per package) or the end. The
    rest is the packages' preambles, the user's text."""
    sections: list[tuple[int, int]] = []
    pos = text.find(CGO_PROLOGUE_END)
    while pos >= 0:
        start = pos + len(CGO_PROLOGUE_END)
        following = text.find(CGO_HEADER_START, start)
        end = following if following >= 0 else len(text)
        sections.append((start, end))
        pos = text.find(CGO_PROLOGUE_END, end)
    return sections


def architecture_independent(text: str) -> str:
    """cgo's header with its target-specific parts replaced by ones that hold on every target, and
    the declarations' C type names spelled the same whichever compiler cgo asked."""
    text = _GOINT_TYPEDEFS.sub(lambda _m: ANY_TARGET_GOINT, text)
    text = _POINTER_CHECK.sub(lambda _m: ANY_TARGET_POINTER_CHECK, text)
    spelled = dict(_C_TYPE_SPELLINGS)
    out: list[str] = []
    done = 0
    for start, end in declaration_sections(text):
        out += [text[done:start], _C_TYPE_NAME.sub(lambda m: spelled[m.group(1)], text[start:end])]
        done = end
    return "".join(out) + text[done:]


def combined_header(package_headers: Sequence[tuple[str, str]]) -> str:
    """One header for a library of several packages: cgo's header of each (import path, text), in
    turn. cgo guards its prologues (GO_CGO_PROLOGUE_H, ...), so they may repeat."""
    if len(package_headers) == 1:
        return package_headers[0][1]
    names = ", ".join(path for path, _ in package_headers)
    parts = [f"/* Generated by mesongo: the //export functions of the Go packages {names}, "
             "as cgo declares them for each package. */\n"]
    parts += [text if text.endswith("\n") else text + "\n" for _, text in package_headers]
    return "\n".join(parts)
