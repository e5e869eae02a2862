/* The demo's C library: counts words. Go code of the demo calls it through cgo. */
#ifndef WORDS_H
#define WORDS_H

int words_count(const char *text);

#endif
