/* Includes only the Go library's header, which includes counter.h and zlib.h. */
#include <stdio.h>
#include <string.h>
#include "libwrap.h"

int main(void) {
    counter_t counter = WrapCounter(5);
    int value = WrapAdvance(&counter, 3);
    printf("counter %d, zlib %s\n", value, WrapZlibVersion());
    return value == 35 && strcmp(WrapZlibVersion(), ZLIB_VERSION) == 0 ? 0 : 1;
}
