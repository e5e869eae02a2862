#include <stdio.h>
#include "libhello.h"

int main(int argc, char **argv) {
    char *greeting = hello_greeting(argc > 1 ? argv[1] : "world");
    printf("%s\n", greeting);
    hello_free(greeting);
    long long f = hello_fib(50);
    printf("fib(50) = %lld\n", f);
    return f == 12586269025LL ? 0 : 1;
}
