/* dlopen.c PLUGIN: the host of the Go plugin, which test() hands it by path. */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
    void *plugin = argc > 1 ? dlopen(argv[1], RTLD_NOW) : NULL;
    int (*add)(int, int) = plugin ? (int (*)(int, int))dlsym(plugin, "greet_add") : NULL;
    if (add == NULL) {
        printf("cannot load %s: %s\n", argc > 1 ? argv[1] : "(no argument)", dlerror());
        return 1;
    }
    printf("plugin: greet_add(40, 2) = %d\n", add(40, 2));
    return 0;
}
