#include <stdio.h>
#include <stdlib.h>

#include "libmathy.h"

int main(int argc, char **argv) {
    double x = argc > 1 ? atof(argv[1]) : 27.0;
    printf("value=%.3f\n", mathy_value(x));
    return 0;
}
