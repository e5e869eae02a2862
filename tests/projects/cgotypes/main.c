#include <stdio.h>
#include <stdlib.h>
#include "libcgotypes.h"

int main(int argc, char **argv) {
    char *s = ct_cstring(), *a = ct_alias();
    struct pt *p = ct_point(7);
    void *m = ct_malloc();
    char text[] = "four";
    int seven = 7;
    GoString gs = {text, 4};
    GoSlice gb = {text, 3, 3};
    struct ct_lengths_return r = ct_lengths(gs, gb, &seven);
    printf("%s %s %d %d %d %d %d %d\n", s, a, p->x, (int)r.r0, (int)r.r1, (int)r.r2,
           ct_handle_value(ct_handle(42)), ct_argv(argc, argv) == argv);
    free(s); free(a); free(p); free(m);
    return 0;
}
