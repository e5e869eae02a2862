#include <stdio.h>
#include "libids.h"

int main(void) {
    char *id = ids_for("mesongo.example");
    printf("%s\n", id);
    ids_free(id);
    return 0;
}
