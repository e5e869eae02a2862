#include <stdio.h>
int fix_add(int a, int b);
int main(void) { printf("%d\n", fix_add(1, 2)); return 0; }
