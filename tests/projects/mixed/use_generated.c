#include <stdio.h>

const char *generated_by(void);

int main(void) {
    printf("%s\n", generated_by());
    return 0;
}
