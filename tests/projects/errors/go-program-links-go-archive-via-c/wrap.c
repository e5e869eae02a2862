#include "libanswer.h"
int wrapped(void) { return answer(); }
