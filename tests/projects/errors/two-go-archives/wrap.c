#include "libother.h"
int wrapped(void) { return other(); }
