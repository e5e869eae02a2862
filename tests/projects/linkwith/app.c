#include <stdio.h>

#include "libslow.h"

int main(void) {
    printf("%d\n", slow_answer(APP_INDEX));
    return 0;
}
