#ifndef CMATH_H
#define CMATH_H
int cmath_mul(int a, int b);
#endif
