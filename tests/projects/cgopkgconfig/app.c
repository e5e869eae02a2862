#include <stdio.h>
#include <stdlib.h>

#include "libpcgo.h"

int main(void) {
    char *crc = PcCrc();
    printf("mul=%d crc=%s flag=%d\n", (int)PcMul(6, 7), crc, (int)PcFlag());
    free(crc);
    return 0;
}
