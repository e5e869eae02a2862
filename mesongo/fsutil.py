"""Writing files only when their bytes change, so that ninja's restat and Meson's regeneration
checks see no change where there is none."""

from __future__ import annotations

import filecmp
import os

# typing.TYPE_CHECKING without importing typing or collections.abc: ninja starts this for every Go step.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping


def write_if_changed(path: str, text: str) -> bool:
    return write_bytes_if_changed(path, text.encode())


def write_bytes_if_changed(path: str, data: bytes) -> bool:
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


def remove_files(paths: list[str]) -> None:
    for path in paths:
        if os.path.lexists(path):
            os.unlink(path)


def remove_tree(path: str) -> None:
    """Remove a scratch directory and what is in it, if it is there."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def usable_dir(path: str) -> bool:
    """Whether `path` is a directory this process can write in, or can be made one under an
    existing writable directory that is not the file system root. Creates nothing: a packager's
    chroot with HOME=/nonexistent must not get a /nonexistent (root could create it)."""
    if os.path.isdir(path):
        return os.access(path, os.W_OK | os.X_OK)
    parent = os.path.dirname(path.rstrip(os.sep))
    while parent and parent != os.sep and not os.path.exists(parent):
        parent = os.path.dirname(parent)
    return bool(parent) and parent != os.sep and os.path.isdir(parent) and os.access(parent, os.W_OK | os.X_OK)


def fallback_locations(env: Mapping[str, str], private_dir: str) -> dict[str, str]:
    """GOCACHE, GOPATH and the config dir inside the build dir when the user has no usable cache or
    home directory (a packager's chroot with no HOME, or HOME=/nonexistent): Go refuses to build
    without a cache, and would otherwise create the missing home directory."""
    found: dict[str, str] = {}
    home = env.get("HOME", "")
    home_ok = bool(home) and os.path.isabs(home) and os.path.isdir(home) and os.access(home, os.W_OK | os.X_OK)
    if "GOCACHE" not in env:
        xdg = env.get("XDG_CACHE_HOME", "")
        cache_root = xdg if xdg and os.path.isabs(xdg) else (os.path.join(home, ".cache") if home_ok else "")
        if not cache_root or not usable_dir(os.path.join(cache_root, "go-build")):
            found["GOCACHE"] = os.path.join(private_dir, "go-build")
    if "GOPATH" not in env and "GOMODCACHE" not in env and not home_ok:
        found["GOPATH"] = os.path.join(private_dir, "go-path")
    if not env.get("XDG_CONFIG_HOME") and not home_ok:
        # Go keeps its telemetry counters (and `go env -w` settings) in the user's config dir.
        found["XDG_CONFIG_HOME"] = os.path.join(private_dir, "config")
    return found
