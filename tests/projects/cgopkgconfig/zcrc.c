/* A C program that reaches zlib through Meson's dependency('zlib'). */
#include <stdio.h>
#include <zlib.h>

int main(void) {
    printf("crc=%08lx\n", crc32(0, (const Bytef *)"hello", 5));
    return 0;
}
