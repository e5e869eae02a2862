#include <stdio.h>
#include "libex.h"

int main(void) {
    printf("one=%d\n", ex_one());
    return 0;
}
