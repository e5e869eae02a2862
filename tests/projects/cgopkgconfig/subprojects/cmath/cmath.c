#include "cmath.h"

int cmath_mul(int a, int b) { return a * b; }
