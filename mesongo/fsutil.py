"""Writing files only when their bytes change, so that ninja's restat and Meson's regeneration
checks see no change where there is none."""

from __future__ import annotations

import filecmp
import os
from collections.abc import Mapping


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


def writable_dir(path: str) -> bool:
    """Whether `path` is, or can be made, a directory this process can write to."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK | os.X_OK)


def fallback_locations(env: Mapping[str, str], private_dir: str) -> dict[str, str]:
    """GOCACHE and GOPATH inside the build dir when the user has no usable cache or home directory
    (a packager's chroot with no HOME): Go refuses to build without a cache."""
    found: dict[str, str] = {}
    home = env.get("HOME", "")
    if "GOCACHE" not in env:
        cache_root = env.get("XDG_CACHE_HOME") or (os.path.join(home, ".cache") if home else "")
        if not cache_root or not writable_dir(os.path.join(cache_root, "go-build")):
            found["GOCACHE"] = os.path.join(private_dir, "go-build")
    if "GOPATH" not in env and "GOMODCACHE" not in env and (not home or not writable_dir(home)):
        found["GOPATH"] = os.path.join(private_dir, "go-path")
    return found
