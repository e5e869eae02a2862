/* Calls calc_double only: calc_unused stays uncovered. */
#include <stdio.h>
#ifdef STATIC
#include "libcalcstatic.h"
#else
#include "libcalc.h"
#endif

int main(void) {
    int twice = calc_double(21);
    printf("%d\n", twice);
    return twice == 42 ? 0 : 1;
}
