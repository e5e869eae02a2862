#include <stdio.h>
#include <stdlib.h>
/* The libraries of tests/projects/mesonlibs are built from one Go package: their headers agree. */
#ifdef GREET_HEADER
#include GREET_HEADER
#else
#include "libgreet.h"
#endif

int main(int argc, char **argv) {
    const char *who = argc > 1 ? argv[1] : "world";
    char *msg = greet_hello((char *)who);
    printf("%s\n", msg);
    greet_free(msg);
    printf("add=%d\n", greet_add(40, 2));
    printf("sum=%ld\n", greet_parallel_sum(100));
    char *home = greet_getenv("MESONGO_PROBE");
    printf("env=%s\n", home);
    greet_free(home);
    printf("argc=%d\n", greet_argc());
    return greet_add(1, 1) == 2 ? 0 : 1;
}
