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


def inline_local_includes(text: str, search_dirs: Sequence[str], inline_dirs: Sequence[str],
                          read: Callable[[str], str | None]) -> str:
    """`text` with every quoted #include of a file under `inline_dirs` replaced by the file's
    contents. A name is looked up in `search_dirs` (then, for nested includes, next to the
    including file first, as the C preprocessor does). `read(path)` returns a file's text, or
    None if there is no such file."""
    done: set[str] = set()

    def expand(source: str, dirs: Sequence[str]) -> str:
        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            for base in dirs:
                path = os.path.normpath(os.path.join(base, name))
                if not _inside(path, inline_dirs):
                    continue
                body = read(path)
                if body is None:
                    continue
                if path in done:
                    return f"/* {name}: inlined above by mesongo */"
                done.add(path)
                inner = expand(PRAGMA_ONCE.sub("", body), [os.path.dirname(path), *search_dirs])
                return (f"/* {name}: inlined by mesongo, so that this header needs no private files */\n"
                        f"{inner.rstrip()}\n/* end of {name} */")
            return match.group(0)

        return QUOTED_INCLUDE.sub(replace, source)

    return expand(text, list(search_dirs))
