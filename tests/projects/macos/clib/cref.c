#include "cref.h"

int cref_add(int a, int b) { return a + b; }
const char *cref_name(void) { return "cref"; }
