#include <stdio.h>
#include HEADER

int main(void) {
    int got = dup_twice_plus_one(20);
    printf("%d\n", got);
    return got == 41 ? 0 : 1;
}
