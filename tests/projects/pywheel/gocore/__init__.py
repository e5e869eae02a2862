"""gocore: a Python package whose core is a Go shared library, called through a C extension."""

from ._core import add, hello

__all__ = ["add", "hello"]
