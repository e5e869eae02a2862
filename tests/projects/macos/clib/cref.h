#pragma once

int cref_add(int a, int b);
const char *cref_name(void);
