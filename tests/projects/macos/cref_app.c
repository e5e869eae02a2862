#include <stdio.h>
#include "cref.h"

int main(void) {
    printf("%s %d\n", cref_name(), cref_add(40, 2));
    return 0;
}
