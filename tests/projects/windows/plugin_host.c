/* plugin-host MODULE SYMBOL: load MODULE with LoadLibrary and print what its SYMBOL returns. */
#include <stdio.h>
#include <windows.h>

typedef int (*answer_function)(void);

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: plugin-host MODULE SYMBOL\n");
        return 2;
    }
    HMODULE module = LoadLibraryA(argv[1]);
    if (module == NULL) {
        fprintf(stderr, "plugin-host: LoadLibrary(%s) failed: %lu\n", argv[1], GetLastError());
        return 1;
    }
    answer_function answer = (answer_function)(void (*)(void))GetProcAddress(module, argv[2]);
    if (answer == NULL) {
        fprintf(stderr, "plugin-host: %s has no %s\n", argv[1], argv[2]);
        return 1;
    }
    printf("%s: %d\n", argv[2], answer());
    return answer() == 42 ? 0 : 1;
}
