#include "calc.h"

int calc_add(int a, int b) { return (a + b) * CALC_SCALE; }

const char *calc_name(void) { return "calc 1.0"; }
