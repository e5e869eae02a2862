/* sqlite-host EXTENSION SQL [EXPECTED]: load EXTENSION into an in-memory database and print the
 * first column of each row SQL returns, as `sqlite3 :memory: '.load EXTENSION' SQL` does; with
 * EXPECTED, exit 1 unless the first row says that. */
#ifdef SQLITE_BINDING_HEADER   /* SQLite from the amalgamation of github.com/mattn/go-sqlite3 */
#include "sqlite3-binding.h"
#else
#include <sqlite3.h>
#endif
#include <stdio.h>
#include <string.h>

static char first[256];

static int print_row(void *data, int columns, char **values, char **names) {
    (void)data;
    (void)names;
    const char *value = columns > 0 && values[0] ? values[0] : "NULL";
    if (!first[0])
        snprintf(first, sizeof first, "%s", value);
    printf("%s\n", value);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: sqlite-host EXTENSION SQL [EXPECTED]\n");
        return 2;
    }
    /* A name without a slash would be looked up on the library path, as dlopen() does. */
    char extension[4096];
    snprintf(extension, sizeof extension, "%s%s", strchr(argv[1], '/') ? "" : "./", argv[1]);
    sqlite3 *db = NULL;
    char *error = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK || sqlite3_enable_load_extension(db, 1) != SQLITE_OK
        || sqlite3_load_extension(db, extension, NULL, &error) != SQLITE_OK
        || sqlite3_exec(db, argv[2], print_row, NULL, &error) != SQLITE_OK) {
        fprintf(stderr, "sqlite-host: %s\n", error ? error : sqlite3_errmsg(db));
        return 1;
    }
    sqlite3_close(db);
    if (argc == 4 && strcmp(first, argv[3]) != 0) {
        fprintf(stderr, "sqlite-host: expected %s, got %s\n", argv[3], first);
        return 1;
    }
    return 0;
}
