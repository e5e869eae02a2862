// A C library over the Go library: its compile needs the generated header too.
#include "libslow.h"

int wrapper_answer(void) { return slow_answer(2) + 100; }
