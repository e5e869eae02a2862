/* The PostgreSQL side: PG_MODULE_MAGIC and the V1 function wrappers are definitions, which a cgo
 * file with //export may not hold, so they are here, calling Go. */
#include "postgres.h"
#include "fmgr.h"
#include "utils/builtins.h"

#include <stdlib.h>

extern char *gopg_greeting(char *name);   /* greeting.go */
extern long long gopg_fibonacci(int n);

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(gopg_hello);
Datum gopg_hello(PG_FUNCTION_ARGS) {
    char *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
    char *greeting = gopg_greeting(name);
    text *result = cstring_to_text(greeting);
    free(greeting);
    pfree(name);
    PG_RETURN_TEXT_P(result);
}

PG_FUNCTION_INFO_V1(gopg_fib);
Datum gopg_fib(PG_FUNCTION_ARGS) {
    PG_RETURN_INT64(gopg_fibonacci(PG_GETARG_INT32(0)));
}
