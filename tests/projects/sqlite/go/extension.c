/* The SQLite side of the extension: its entry point registers SQL functions that call Go.
 * SQLITE_EXTENSION_INIT1 defines a variable, which a cgo file with //export may not. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <stdlib.h>

extern char *gosqlite_reverse(char *text);   /* reverse.go */
extern int gosqlite_words(char *text);

static void reverse_function(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc;
    const unsigned char *text = sqlite3_value_text(argv[0]);
    if (text == NULL) {
        sqlite3_result_null(context);
        return;
    }
    sqlite3_result_text(context, gosqlite_reverse((char *)text), -1, free);
}

static void words_function(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc;
    const unsigned char *text = sqlite3_value_text(argv[0]);
    sqlite3_result_int(context, text == NULL ? 0 : gosqlite_words((char *)text));
}

int sqlite3_gosqlite_init(sqlite3 *db, char **error, const sqlite3_api_routines *api) {
    (void)error;
    SQLITE_EXTENSION_INIT2(api);
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    int rc = sqlite3_create_function(db, "go_reverse", 1, flags, NULL, reverse_function, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "go_words", 1, flags, NULL, words_function, NULL, NULL);
    return rc;
}
