"""The target kinds, one type each (base.py explains), and the registry the build plan's JSON
names them by."""

from __future__ import annotations

from .base import Finished, InstallDefault, TargetFiles, TargetKind
from .libraries import Library, PythonExtension, SharedLibrary, SharedModule, StaticLibrary
from .programs import GoTest, Program

KINDS: dict[str, type[TargetKind]] = {
    kind.KEY: kind for kind in (SharedLibrary, SharedModule, PythonExtension, StaticLibrary, Program, GoTest)
}

__all__ = ["KINDS", "Finished", "GoTest", "InstallDefault", "Library", "Program", "PythonExtension", "SharedLibrary",
           "SharedModule", "StaticLibrary", "TargetFiles", "TargetKind", "Test"]
