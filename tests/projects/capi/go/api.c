// The part of the capi C API that is written in C.
#include "capi_private.h"

static int clamp(int v) { return v > 1000000 ? 1000000 : v; }

int capi_c_add(int a, int b) { return clamp(a + b); }

int capi_c_scale(capi_point *p, int factor) {
    p->x *= factor;
    p->y *= factor;
    return p->x + p->y;
}
