/* dlopen.c LIBRARY: loads the Go library at run time and calls greet_add. */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    void *lib = dlopen(argv[1], RTLD_NOW);
    if (lib == NULL) {
        printf("dlopen failed: %s\n", dlerror());
        return 1;
    }
    int (*add)(int, int) = (int (*)(int, int))dlsym(lib, "greet_add");
    printf("dlopen: add=%d\n", add ? add(40, 2) : -1);
    return 0;
}
