"""What the host C compiler says about its C library and its defaults (asked, not guessed from names)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..plan.cheader import Declared
from . import runner

# Each C library announces itself in <features.h>/<stdio.h> with a macro, except musl, which
# deliberately defines none (musl FAQ): a Linux C library with none of these is taken as musl.
LIBC_MACROS = (("__GLIBC__", "glibc"), ("__BIONIC__", "bionic"), ("__UCLIBC__", "uclibc"))


@dataclass(frozen=True)
class CFacts:
    libc: str            # glibc, musl, bionic or uclibc
    pie_default: bool    # the compiler builds position-independent executables with no flag (Debian's gcc)


def _defined(macros: str) -> set[str]:
    return set(re.findall(r"^#define (\w+)", macros, re.M))


def libc_from_macros(macros: str) -> str:
    defined = _defined(macros)
    for macro, libc in LIBC_MACROS:
        if macro in defined:
            return libc
    return "musl"


def facts_from_macros(macros: str) -> CFacts:
    # gcc and clang define __PIE__ exactly when they compile for a PIE (their default, or -fPIE).
    return CFacts(libc_from_macros(macros), "__PIE__" in _defined(macros))


def start_host_c_facts(cc: Sequence[str], c_args: Sequence[str], env: Mapping[str, str]) -> Callable[[], CFacts]:
    """The C library (from the macros the compiler defines with <stdio.h>) and whether the
    compiler, with Meson's c_args, builds PIE: one preprocessor run, started now; the function
    returned waits for it (so that the caller can ask Go meanwhile)."""
    proc = runner.start([*cc, *c_args, "-E", "-dM", "-include", "stdio.h", "-x", "c", os.devnull], env)
    return lambda: facts_from_macros(runner.finish(proc, what="asking the C compiler which C library it uses")[1])


def header_declarations(cc: Sequence[str], flags: Sequence[str], header: str, env: Mapping[str, str]
                        ) -> tuple[list[Declared], list[str]]:
    """What a project's own C header declares with external linkage (plan/cheader.py), as `cc`
    with `flags` preprocesses it, and the files (not system headers) the preprocessor read.
    Raises CommandError if it cannot, UnreadableDeclaration for a part of the header that is not C."""
    from ..plan.cheader import declared_symbols, included_files

    preprocessed = runner.run([*cc, *flags, "-E", "-x", "c", header], env)
    # Not the working directory that gcc names with -g (`# 1 "/build//"`): files only.
    read = [os.path.abspath(f) for f in included_files(preprocessed) if os.path.isfile(f)]
    return declared_symbols(preprocessed, header), read
