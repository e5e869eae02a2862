/* Source of the committed ELF fixtures (make_fixtures.py builds them). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int helper(int x) { return x * 2; }

int fix_add(int a, int b) { return helper(a) / 2 + b; }

int fix_copy(char *dst, const char *src, size_t n) {
    memcpy(dst, src, n);
    return (int)n;
}

static void *run(void *arg) { return arg; }

int fix_thread(void) {
    pthread_t t;
    if (pthread_create(&t, NULL, run, NULL) != 0) return -1;
    return pthread_join(t, NULL);
}

int fix_counter = 3;
