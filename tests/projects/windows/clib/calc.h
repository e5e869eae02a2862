#pragma once

int calc_add(int a, int b);
const char *calc_name(void);
