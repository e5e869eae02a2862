/* main.c [NAME]: greets NAME through the Go library, whichever kind of it the program links. */
#include <stdio.h>
/* The libraries of this project are built from one Go package: their headers agree. */
#ifdef GREET_HEADER
#include GREET_HEADER
#else
#include "libgreet.h"
#endif

int main(int argc, char **argv) {
    char *msg = greet_hello(argc > 1 ? argv[1] : (char *)"world");
    printf("%s\nadd=%d\n", msg, greet_add(40, 2));
    greet_free(msg);
    return 0;
}
