#include "_cgo_export.h"

int cdep_twice(int x) { return 2 * x; }

int cdep_call_back(int x) { return cdepPlusOne(x); }
