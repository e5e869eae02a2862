/* A small C library that the same meson.build builds: Go code calls it through cgo. */
#ifndef CALC_H
#define CALC_H

#define CALC_SCALE 1

int calc_add(int a, int b);
const char *calc_name(void);

#endif
