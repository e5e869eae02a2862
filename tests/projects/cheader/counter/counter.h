#pragma once

typedef struct {
    int value;
    int step;
} counter_t;

counter_t counter_make(int start, int step);
int counter_next(counter_t *counter);
