"""Lets ``import('mesongo')`` in meson.build find mesongo without touching Meson's own files.

The wheel's ``mesongo.pth`` calls ``install()`` at every Python start-up, so this module imports
almost nothing (no importlib.abc: it costs tens of milliseconds). The finder is lazy: it answers
only for ``mesonbuild.modules.mesongo`` and imports mesongo's module only when Meson asks for it.
"""

from __future__ import annotations

import sys
from importlib import import_module
from importlib.machinery import ModuleSpec

# typing.TYPE_CHECKING without importing typing, and no collections.abc (~2.5 ms at every start).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

MODULE_NAME = "mesonbuild.modules.mesongo"


class MesongoLoader:
    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        real = import_module("mesongo.meson_adapter.module")
        module.initialize = real.initialize  # type: ignore[attr-defined]
        module.__file__ = real.__file__


class MesongoFinder:
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != MODULE_NAME:
            return None
        return ModuleSpec(fullname, MesongoLoader(), origin="mesongo")  # type: ignore[arg-type]


def install() -> None:
    if not any(isinstance(f, MesongoFinder) for f in sys.meta_path):
        sys.meta_path.append(MesongoFinder())
