#include <stdio.h>

int wrapper_answer(void);

int main(void) {
    printf("%d\n", wrapper_answer());
    return 0;
}
