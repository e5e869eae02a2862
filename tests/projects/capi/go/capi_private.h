/* Types and C functions of the capi library that its Go, C and C++ files share. Not installed
 * on its own: the cgo preamble includes it, so the library's header must carry its contents. */
#ifndef CAPI_PRIVATE_H
#define CAPI_PRIVATE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct capi_point {
    int x;
    int y;
} capi_point;

/* Written in C (api.c). */
int capi_c_add(int a, int b);
int capi_c_scale(capi_point *p, int factor);

/* Written in assembly (triple_amd64.S, triple_arm64.S). */
int capi_asm_triple(int x);

/* Written in C++ (impl.cpp). */
long capi_cpp_sum(const int *values, size_t n);
const char *capi_cpp_version(void);

#ifdef __cplusplus
}
#endif

#endif
