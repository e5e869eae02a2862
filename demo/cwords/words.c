#include <ctype.h>

#include "words.h"

int words_count(const char *text) {
    int count = 0, in_word = 0;
    for (; *text; text++) {
        if (isspace((unsigned char)*text)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            count++;
        }
    }
    return count;
}
