#include <stdio.h>
#include <stdlib.h>
#include "libgreet.h"

int main(int argc, char **argv) {
    char *text = smoke_greet(argc > 1 ? argv[1] : "world");
    puts(text);
    smoke_free(text);
    return 0;
}
