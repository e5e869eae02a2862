#include <stdio.h>
#include "libgreet.h"

int main(int argc, char **argv) {
    char *text = greet_hello(argc > 1 ? argv[1] : "world");
    printf("%s\nadd=%d\n", text, greet_add(40, 2));
    greet_free(text);
    return 0;
}
