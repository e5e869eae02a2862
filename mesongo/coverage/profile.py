"""Go's text coverage profile (`go tool covdata textfmt`) read, summed up per package and per
file, and written as an lcov tracefile. Pure: text in, text out.

A profile line is `FILE:L1.C1,L2.C2 STATEMENTS COUNT`, FILE named by import path
(`example.com/m/pkg/file.go`): one block of statements from line L1 to line L2, run COUNT times.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

_LINE = re.compile(r"^(?P<file>.+):(?P<l1>\d+)\.(?P<c1>\d+),(?P<l2>\d+)\.(?P<c2>\d+) (?P<stmts>\d+) (?P<count>\d+)$")


class ProfileError(ValueError):
    """Not a Go coverage profile."""


@dataclass(frozen=True)
class Block:
    file: str                                # import path + "/" + file name
    start: tuple[int, int]                   # line, column
    end: tuple[int, int]
    statements: int
    count: int

    @property
    def package(self) -> str:
        return self.file.rsplit("/", 1)[0]


def parse(text: str) -> tuple[str, list[Block]]:
    """(mode, blocks). A block that appears more than once (counters of several runs that were not
    merged) is one block whose count is the sum."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not lines[0].startswith("mode: "):
        raise ProfileError("a Go coverage profile starts with 'mode: '")
    counts: dict[tuple[str, int, int, int, int, int], int] = {}
    for number, line in enumerate(lines[1:], start=2):
        m = _LINE.match(line)
        if m is None:
            raise ProfileError(f"line {number} is not a coverage block: {line!r}")
        key = (m["file"], int(m["l1"]), int(m["c1"]), int(m["l2"]), int(m["c2"]), int(m["stmts"]))
        counts[key] = counts.get(key, 0) + int(m["count"])
    blocks = [Block(f, (l1, c1), (l2, c2), stmts, count) for (f, l1, c1, l2, c2, stmts), count in counts.items()]
    return lines[0].removeprefix("mode: ").strip(), sorted(blocks, key=lambda b: (b.file, b.start, b.end))


def profile_text(mode: str, blocks: Iterable[Block]) -> str:
    """Blocks as a Go coverage profile again (what `go tool cover` reads)."""
    return f"mode: {mode}\n" + "".join(f"{b.file}:{b.start[0]}.{b.start[1]},{b.end[0]}.{b.end[1]} {b.statements} "
                                       f"{b.count}\n" for b in blocks)


def current(pods: Sequence[tuple[float, list[Block]]]) -> list[Block]:
    """The blocks of the packages as they are now, from several pods (one binary's meta-data and
    its runs' counters; `(time, blocks)`, time that of its meta-data file). A package edited and
    rebuilt is in an old pod and a new one, with other blocks: as gcov drops the counts of a
    recompiled file, only the version of the newest pod that has the package counts, summed over
    every pod that has that same version (a library and a test binary built from it)."""
    def shape(blocks: Iterable[Block]) -> frozenset[tuple[str, tuple[int, int], tuple[int, int], int]]:
        return frozenset((b.file, b.start, b.end, b.statements) for b in blocks)

    by_package: dict[str, list[tuple[float, list[Block]]]] = {}
    for when, blocks in pods:
        grouped: dict[str, list[Block]] = {}
        for block in blocks:
            grouped.setdefault(block.package, []).append(block)
        for package, package_blocks in grouped.items():
            by_package.setdefault(package, []).append((when, package_blocks))
    counts: dict[tuple[str, tuple[int, int], tuple[int, int], int], int] = {}
    for versions in by_package.values():
        newest = shape(max(versions, key=lambda v: v[0])[1])
        for _when, package_blocks in versions:
            if shape(package_blocks) == newest:
                for b in package_blocks:
                    key = (b.file, b.start, b.end, b.statements)
                    counts[key] = counts.get(key, 0) + b.count
    return sorted((Block(f, start, end, stmts, count) for (f, start, end, stmts), count in counts.items()),
                  key=lambda b: (b.file, b.start, b.end))


@dataclass(frozen=True)
class Summary:
    statements: int
    covered: int

    @property
    def percent(self) -> float:
        """As `go tool covdata percent` and `go test -cover` say it: covered statements."""
        return 100.0 * self.covered / self.statements if self.statements else 0.0


def summaries(blocks: Iterable[Block], key: Callable[[Block], str]) -> dict[str, Summary]:
    totals: dict[str, list[int]] = {}
    for block in blocks:
        total = totals.setdefault(key(block), [0, 0])
        total[0] += block.statements
        total[1] += block.statements if block.count else 0
    return {name: Summary(*total) for name, total in sorted(totals.items())}


def text_report(blocks: list[Block]) -> str:
    """Per package, then its files: covered statements / statements and the percentage."""
    files = summaries(blocks, lambda b: b.file)
    rows: list[tuple[str, Summary]] = []
    for package, summary in summaries(blocks, lambda b: b.package).items():
        rows.append((package, summary))
        rows += [(f"  {name.rsplit('/', 1)[1]}", s) for name, s in files.items() if name.rsplit("/", 1)[0] == package]
    total = summaries(blocks, lambda b: "total")
    rows += list(total.items())
    width = max(len(name) for name, _ in rows)
    out = ["Go coverage: covered statements of each package and file", ""]
    out += [f"{name:<{width}}  {s.covered:>6}/{s.statements:<6} {s.percent:5.1f}%" for name, s in rows]
    return "\n".join(out) + "\n"


def line_counts(blocks: Iterable[Block]) -> dict[str, dict[int, int]]:
    """How often each line of each file ran: the most of the blocks on it (a line is covered
    when any of its statements ran). Blocks without statements have no lines."""
    lines: dict[str, dict[int, int]] = {}
    for block in blocks:
        if not block.statements:
            continue
        counts = lines.setdefault(block.file, {})
        for line in range(block.start[0], block.end[0] + 1):
            counts[line] = max(counts.get(line, 0), block.count)
    return lines


def lcov(blocks: Iterable[Block], source_dirs: Mapping[str, str]) -> str:
    """An lcov tracefile (geninfo(1) "TRACEFILE FORMAT": SF, DA, LF, LH, end_of_record) of the
    files whose package directory `source_dirs` knows (import path -> directory)."""
    records: list[str] = []
    for name, counts in sorted(line_counts(blocks).items()):
        package, base = name.rsplit("/", 1)
        directory = source_dirs.get(package)
        if directory is None:
            continue
        records += ["TN:", f"SF:{directory}/{base}", *(f"DA:{line},{count}" for line, count in sorted(counts.items())),
                    f"LF:{len(counts)}", f"LH:{sum(1 for c in counts.values() if c)}", "end_of_record"]
    return "".join(line + "\n" for line in records)
