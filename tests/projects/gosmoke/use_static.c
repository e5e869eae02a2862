#include <stdio.h>
#include "libsum.h"

int main(void) {
    printf("sum(1..100) = %lld\n", (long long)smoke_sum(100));
    return 0;
}
