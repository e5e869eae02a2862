"""Lets ``import('mesongo')`` in meson.build find mesongo without touching Meson's own files.

The wheel's ``mesongo.pth`` calls ``install()`` at every Python start-up, so this module imports
almost nothing (no importlib.abc: it costs tens of milliseconds). The finder is lazy: it answers
only for ``mesonbuild.modules.mesongo`` and imports mesongo's module only when Meson initializes
it (after starting the questions that mesongo's imports can overlap: meson_adapter/probes.py).
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from importlib.machinery import ModuleSpec

# typing.TYPE_CHECKING without importing typing, and no collections.abc (~2.5 ms at every start).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType
    from typing import Any

MODULE_NAME = "mesonbuild.modules.mesongo"


class MesongoLoader:
    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        module.initialize = initialize  # type: ignore[attr-defined]
        module.__file__ = os.path.join(os.path.dirname(__file__), "meson_adapter", "module.py")


def initialize(interpreter: Any) -> Any:
    """What Meson calls after the import: start asking Go and the C compiler (probes.py), then
    import mesongo's module, which they answer beside, and initialize it with their answers."""
    started = import_module("mesongo.meson_adapter.probes").start(interpreter)
    return import_module("mesongo.meson_adapter.module").initialize(interpreter, started)


class MesongoFinder:
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != MODULE_NAME:
            return None
        return ModuleSpec(fullname, MesongoLoader(), origin="mesongo")  # type: ignore[arg-type]


def install() -> None:
    if not any(isinstance(f, MesongoFinder) for f in sys.meta_path):
        sys.meta_path.append(MesongoFinder())
