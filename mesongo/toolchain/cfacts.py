"""What the host C compiler says about its C library (asked, not guessed from names)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence

from . import runner

# Each C library announces itself in <features.h>/<stdio.h> with a macro, except musl, which
# deliberately defines none (musl FAQ): a Linux C library with none of these is taken as musl.
LIBC_MACROS = (("__GLIBC__", "glibc"), ("__BIONIC__", "bionic"), ("__UCLIBC__", "uclibc"))


def libc_from_macros(macros: str) -> str:
    defined = set(re.findall(r"^#define (\w+)", macros, re.M))
    for macro, libc in LIBC_MACROS:
        if macro in defined:
            return libc
    return "musl"


def host_libc(cc: Sequence[str], c_args: Sequence[str], env: Mapping[str, str]) -> str:
    """glibc, musl, bionic or uclibc, from the macros the compiler defines with <stdio.h>."""
    out = runner.run([*cc, *c_args, "-E", "-dM", "-include", "stdio.h", "-x", "c", os.devnull], env,
                     what="asking the C compiler which C library it uses")
    return libc_from_macros(out)
