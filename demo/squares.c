#include <stdio.h>

extern const int squares[10];

int main(void) {
    printf("squares[9] = %d\n", squares[9]);
    return squares[9] == 81 ? 0 : 1;
}
