// A C++ file in a package whose project has no C++ compiler.
extern "C" int twice(int x) { return 2 * x; }
