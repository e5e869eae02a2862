"""Calls the demo's Go library from Python through ctypes: hello.py LIBRARY WHO
(or hello.py --skip REASON, which exits with Meson's skip code)."""

import ctypes
import sys

MESON_SKIP = 77

if sys.argv[1] == "--skip":
    print(f"skipped: {sys.argv[2]}")
    sys.exit(MESON_SKIP)

lib = ctypes.CDLL(sys.argv[1])
lib.hello_greeting.argtypes = [ctypes.c_char_p]
lib.hello_greeting.restype = ctypes.c_void_p
lib.hello_free.argtypes = [ctypes.c_void_p]
lib.hello_fib.argtypes = [ctypes.c_int]
lib.hello_fib.restype = ctypes.c_longlong

ptr = lib.hello_greeting(sys.argv[2].encode())
greeting = ctypes.string_at(ptr).decode()
lib.hello_free(ptr)
print(f"python: {greeting}")
assert sys.argv[2] in greeting or sys.argv[2].upper() in greeting, greeting
assert lib.hello_fib(50) == 12586269025
