#include "stats_private.h"

stats_count stats_scale(stats_count value, int factor) { return value * factor; }
