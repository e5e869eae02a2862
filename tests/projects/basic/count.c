#include <stdio.h>
#include "libcount.h"

int main(void) {
    int n = count_words("one two  three");
    printf("words=%d\n", n);
    return n == 3 ? 0 : 1;
}
