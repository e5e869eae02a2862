#include <stdio.h>
#include "libcount.h"

int main(void) {
    int words = count_words("three little words");
    printf("words=%d\n", words);
    return words == 3 ? 0 : 1;
}
