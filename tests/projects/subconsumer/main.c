/* main.c: a program of a project without mesongo, linking the Go library of its subproject. */
#include <stdio.h>
#include "libgolib.h"

int main(void) {
    printf("version=%d\n", golib_version());
    return 0;
}
