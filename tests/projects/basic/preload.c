/* Run with the Go library in LD_PRELOAD: calls it through the preloaded symbol. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

int main(void) {
    int (*go_argc)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "greet_argc");
    if (go_argc == NULL) {
        puts("no Go library preloaded");
        return 1;
    }
    printf("preloaded: argc=%d\n", go_argc());
    return 0;
}
