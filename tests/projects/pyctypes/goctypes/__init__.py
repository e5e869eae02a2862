"""goctypes: a Python package whose Go shared library is loaded with ctypes, no C extension."""

import ctypes
from importlib.resources import files

# files() finds the library inside the installed package, and in the build dir of an editable install.
_lib = ctypes.CDLL(str(files(__name__) / "libctcore.so"))
_lib.ct_shout.argtypes = [ctypes.c_char_p]
_lib.ct_shout.restype = ctypes.c_void_p   # a pointer to free with ct_free, not a copied bytes object
_lib.ct_mul.argtypes = [ctypes.c_longlong, ctypes.c_longlong]
_lib.ct_mul.restype = ctypes.c_longlong
_lib.ct_free.argtypes = [ctypes.c_void_p]


def shout(text: str) -> str:
    pointer = _lib.ct_shout(text.encode())
    try:
        return ctypes.string_at(pointer).decode()
    finally:
        _lib.ct_free(pointer)


def mul(a: int, b: int) -> int:
    return int(_lib.ct_mul(a, b))


__all__ = ["mul", "shout"]
