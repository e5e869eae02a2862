"""Builds the small committed ELF fixtures that tests/test_elf.py reads. Run it once, by hand, on
Debian 12 with gcc, gcc-aarch64-linux-gnu and musl-tools; commit what it writes.

    python tests/elf-fixtures/make_fixtures.py
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "SOURCE_DATE_EPOCH": "0"}
COMMON = ["-O2", "-fPIC", "-ffile-prefix-map=" + str(HERE) + "=."]
SHARED = ["-shared", "-Wl,-soname,libfix.so.1", "-Wl,--version-script=fix.map", "-Wl,-z,now",
          "-Wl,-rpath,/opt/fix/lib", "-Wl,--build-id=sha1", "-pthread"]


def sh(*argv: str) -> None:
    subprocess.run(list(argv), cwd=HERE, env=ENV, check=True)


def main() -> None:
    for cc, suffix in (("gcc", "x86_64"), ("aarch64-linux-gnu-gcc", "aarch64"), ("musl-gcc", "musl")):
        sh(cc, *COMMON, *SHARED, "-o", f"libfix-{suffix}.so", "fix.c")
    sh("gcc", "-O2", "-Wl,--build-id=sha1", "-o", "fix-exe-x86_64", "main.c", "libfix-x86_64.so")
    sh("gcc", *COMMON, "-c", "-o", "fix.o", "fix.c")
    sh("ar", "rcsD", "libfix.a", "fix.o")
    os.unlink(HERE / "fix.o")


if __name__ == "__main__":
    main()
