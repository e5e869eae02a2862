#include <stdio.h>
#include <stdlib.h>
#include "libhello.h"

int main(void) {
    char *s = hello_greeting();
    printf("%d: %s\n", APP_ID, s);
    free(s);
    return 0;
}
