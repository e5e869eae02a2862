#include "libanswer.h"
int wrapped(void);
int main(void) { return answer() + wrapped() == 84 ? 0 : 1; }
