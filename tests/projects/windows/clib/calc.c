#include "calc.h"

int calc_add(int a, int b) { return a + b; }
const char *calc_name(void) { return "calc"; }
