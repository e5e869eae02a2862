/* plugin-host MODULE: load MODULE with dlopen() and print what its plugin_answer() returns. */
#include <dlfcn.h>
#include <stdio.h>

typedef int (*answer_function)(void);

/* The plugin calls this: a symbol the loading program provides (-undefined dynamic_lookup). */
int host_base(void) { return 40; }

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: plugin-host MODULE\n");
        return 2;
    }
    void *module = dlopen(argv[1], RTLD_NOW);
    if (module == NULL) {
        fprintf(stderr, "plugin-host: %s\n", dlerror());
        return 1;
    }
    answer_function answer = (answer_function)dlsym(module, "plugin_answer");
    if (answer == NULL) {
        fprintf(stderr, "plugin-host: %s has no plugin_answer\n", argv[1]);
        return 1;
    }
    printf("plugin_answer: %d\n", answer());
    return answer() == 42 ? 0 : 1;
}
