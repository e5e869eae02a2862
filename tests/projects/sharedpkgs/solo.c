#include <stdio.h>
#include "libsolo.h"

int main(void) {
    int got = solo_value();
    printf("%d\n", got);
    return got == 8 ? 0 : 1;
}
