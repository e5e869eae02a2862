#include <stdio.h>
#include "libcalc.h"

int main(void) {
    int gcd = calc_gcd(1071, 462);
    printf("gcd(1071, 462) = %d\n", gcd);
    return gcd == 21 ? 0 : 1;
}
