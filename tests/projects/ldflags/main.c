#include <stdio.h>
#include <stdlib.h>
#include "librev.h"

int main(void) {
    char *rev = rev_string();
    printf("rev=%s\n", rev);
    free(rev);
    return 0;
}
