"""A package whose extension module is written in Go."""

from ._gohello import greet

__all__ = ["greet"]
