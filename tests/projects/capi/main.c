// A C program that calls every function of the capi C API: the Go, C and C++ parts.
#include <stdio.h>
#include <string.h>

#ifdef CAPI_STATIC
#include "capi_static.h"
#else
#include "libcapi.h"
#endif

int main(void) {
    capi_point p = {3, -4};
    printf("norm1=%d\n", capi_norm1(p));
    printf("c_add=%d\n", capi_c_add(40, 2));
    printf("asm_triple=%d\n", capi_asm_triple(14));
    printf("c_scale=%d\n", capi_c_scale(&p, 2));
    int values[] = {1, 2, 3, 4};
    printf("cpp_sum=%ld\n", capi_cpp_sum(values, 4));
    printf("cpp_version=%s\n", capi_cpp_version());
    char *text = capi_describe(&p);
    printf("describe=%s\n", text);
    capi_free(text);
    printf("checksum=%u\n", capi_checksum("Wikipedia", (int)strlen("Wikipedia")));
    return 0;
}
