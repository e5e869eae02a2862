/* capi: the public C API of a library whose core is written in Go. */
#ifndef CAPI_H
#define CAPI_H

#include <stddef.h>

#if defined(_WIN32)
#define CAPI_API __declspec(dllexport)
#else
#define CAPI_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct capi_pair {
	int first, second;
} capi_pair;

/* The ABI this header describes. */
CAPI_API extern const int capi_abi_version;

CAPI_API const char *capi_version(void);
CAPI_API int capi_add(int a, int b);
CAPI_API int capi_sum(const capi_pair *pair);
/* Writes "hello, NAME" into buf; returns its length, or -1 if it does not fit. */
CAPI_API int capi_greet(const char *name, char *buf, size_t len);

static inline int capi_twice(int x) { return capi_add(x, x); }

#ifdef __cplusplus
}
#endif

#endif
