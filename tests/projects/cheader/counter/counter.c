#include "counter.h"

counter_t counter_make(int start, int step) {
    counter_t counter = {start, step};
    return counter;
}

int counter_next(counter_t *counter) {
    counter->value += counter->step;
    return counter->value;
}
