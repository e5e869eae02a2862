"""Lets ``import('mesongo')`` in meson.build find mesongo without touching Meson's own files.

The wheel's ``mesongo.pth`` calls ``install()`` at Python start-up. The finder is lazy: it
answers only for ``mesonbuild.modules.mesongo`` and imports nothing until Meson asks for it.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Sequence

MODULE_NAME = "mesonbuild.modules.mesongo"


class _Loader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        real = importlib.import_module("mesongo.module")
        module.initialize = real.initialize  # type: ignore[attr-defined]
        module.__file__ = real.__file__


class MesongoFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != MODULE_NAME:
            return None
        return importlib.machinery.ModuleSpec(fullname, _Loader(), origin="mesongo")


def install() -> None:
    if not any(isinstance(f, MesongoFinder) for f in sys.meta_path):
        sys.meta_path.append(MesongoFinder())
