#include <stdio.h>

#include "libcount.h"

int main(void) {
    int n = count_words("C calls Go calls C");
    printf("count_words = %d\n", n);
    return n == 5 ? 0 : 1;
}
