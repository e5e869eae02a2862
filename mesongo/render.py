"""The one jinja2 environment for every file mesongo generates (templates/)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

# A thread that imports jinja2 and compiles templates ahead of use (warm_up): render() waits for it.
_warming: threading.Thread | None = None


def meson_value(value: str | Sequence[str]) -> str:
    """A string or list of strings as a Meson machine-file literal."""
    if isinstance(value, str):
        if "'" in value or "\\" in value or "\n" in value:
            raise ValueError(f"cannot write {value!r} into a machine file")
        return f"'{value}'"
    return "[" + ", ".join(meson_value(v) for v in value) + "]"


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2  # here, not at the top: the ninja-run build step imports modules that import this one

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mesongo", "templates"), keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["meson"] = meson_value
    return env


def warm_up(*templates: str) -> None:
    """Import jinja2 and compile `templates` in a thread (~25 ms), for a caller about to wait for
    other processes (setup, while go list answers). Once per process."""
    global _warming
    if _warming is None:
        _warming = threading.Thread(target=_compile, args=templates, daemon=True)
        _warming.start()


def _compile(*templates: str) -> None:
    try:
        for template in templates:
            _environment().get_template(template)
    except Exception:  # noqa: BLE001 - render() raises the same error where it is used
        pass


def render(template: str, **context: Any) -> str:
    if _warming is not None:
        _warming.join()
    return str(_environment().get_template(template).render(**context))
