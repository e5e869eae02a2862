"""Writing files only when their bytes change, so that ninja's restat and Meson's regeneration
checks see no change where there is none."""

from __future__ import annotations

import filecmp
import os


def write_if_changed(path: str, text: str) -> bool:
    data = text.encode()
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return True


def read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return None


def same_bytes(a: str, b: str) -> bool:
    return os.path.exists(b) and filecmp.cmp(a, b, shallow=False)


def replace_if_changed(new: str, dest: str) -> bool:
    """Move ``new`` onto ``dest`` unless they are byte-identical (then ``dest`` keeps its mtime)."""
    if same_bytes(new, dest):
        os.unlink(new)
        return False
    os.replace(new, dest)
    return True


def ensure_symlink(path: str, target: str) -> None:
    try:
        if os.readlink(path) == target:
            return
    except OSError:
        pass
    tmp = path + ".tmp"
    if os.path.lexists(tmp):
        os.unlink(tmp)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def remove_files(paths: list[str]) -> None:
    for path in paths:
        if os.path.lexists(path):
            os.unlink(path)
