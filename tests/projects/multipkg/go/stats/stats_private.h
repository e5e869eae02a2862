#ifndef STATS_PRIVATE_H
#define STATS_PRIVATE_H
#include <stdint.h>
typedef int64_t stats_count;
/* In scale.c, this package's own C file: part of the C API as well. */
stats_count stats_scale(stats_count value, int factor);
#endif
