#include <stdio.h>
#include "libws.h"

int main(void) {
    printf("answer=%d\n", ws_answer());
    return 0;
}
