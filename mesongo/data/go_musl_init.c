/*
 * Starts the Go runtime of a Go c-archive that mesongo linked into a shared library for musl.
 *
 * glibc calls the functions in DT_INIT_ARRAY with (argc, argv, envp); musl calls them with no
 * arguments, and the Go runtime's library entry (_rt0_<arch>_linux_lib) reads argc/argv from
 * the argument registers and walks them, so a plain -buildmode=c-shared library crashes at load
 * on musl (golang/go#13492). mesongo renames go.o's ".init_array" section to "init_array", so the
 * linker no longer registers the entry as an initializer and instead defines
 * __start_init_array, the start of that section. This constructor builds what the entry expects
 * (argv from /proc/self/cmdline, envp from environ, then an empty auxv, which makes the runtime
 * read /proc/self/auxv) and calls it. In a Go static library this object is an extra archive
 * member that the consumer's link pulls in with -Wl,-u,mesongo_start_go_runtime.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;
/* Hidden, so that the symbol the linker defines stays inside the library (lld would export it). */
extern void (*const __start_init_array[])(int, char **, char **) __attribute__((visibility("hidden")));

static char *read_cmdline(size_t *len) {
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (buf == NULL || fd < 0) {
        if (fd >= 0) close(fd);
        *len = 0;
        return buf;
    }
    for (;;) {
        if (n == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (bigger == NULL) break;
            buf = bigger;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got <= 0) break;
        n += (size_t)got;
    }
    close(fd);
    *len = n;
    return buf;
}

/* Global (for `-Wl,-u,mesongo_start_go_runtime`, which pulls this object out of a Go archive),
 * but hidden: no library exports it. */
__attribute__((constructor, visibility("hidden"))) void mesongo_start_go_runtime(void) {
    size_t len = 0;
    char *cmdline = read_cmdline(&len);
    int argc = 0, envc = 0;
    for (size_t i = 0; i < len; i++)
        if (cmdline[i] == '\0') argc++;
    while (environ != NULL && environ[envc] != NULL) envc++;
    /* argv, NULL, envp, NULL, AT_NULL pair: calloc leaves the terminators zero. */
    char **block = calloc((size_t)argc + 1 + (size_t)envc + 1 + 2, sizeof(char *));
    if (block == NULL) abort();
    char *arg = cmdline;
    for (int i = 0; i < argc; i++) {
        block[i] = arg;
        arg += strlen(arg) + 1;
    }
    for (int i = 0; i < envc; i++) block[argc + 1 + i] = environ[i];
    __start_init_array[0](argc, block, block + argc + 1);
}
