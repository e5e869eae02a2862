// The public C API (include/capi.h), in terms of the Go core's //export functions.
#include "capi.h"
#include "_cgo_export.h"

const int capi_abi_version = 2;

const char *capi_version(void) { return "capi 2.1.0"; }

int capi_add(int a, int b) { return capigo_add(a, b); }

int capi_sum(const capi_pair *pair) { return capigo_add(pair->first, pair->second); }

int capi_greet(const char *name, char *buf, size_t len) { return capigo_greet((char *)name, buf, len); }
