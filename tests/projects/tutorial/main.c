/* hello [TEXT]: prints TEXT, or "hello from C", as the Go library shouts it. */
#include <stdio.h>
#include <stdlib.h>
#include "libgreet.h"

int main(int argc, char **argv) {
    char *text = argc > 1 ? argv[1] : "hello from C";
    char *loud = shout(text);   /* declared in libgreet.h, the header mesongo generates */
    puts(loud);
    free(loud);                 /* C memory from C.CString: ours to free */
    return 0;
}
