/* plugin-host MODULE USER [ARGUMENT...]: what libpam does for one auth module, in one program:
 * dlopen() MODULE, call its pam_sm_authenticate with the ARGUMENTs of a service line, and answer
 * the module's pam_get_user (USER) and pam_prompt (printed) here. The program exports them
 * (-rdynamic), so the module's undefined pam_* symbols resolve to these. */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <security/pam_modules.h>
#include <security/pam_ext.h>

static const char *current_user;

int pam_get_user(pam_handle_t *pamh, const char **user, const char *prompt) {
    (void)pamh;
    (void)prompt;
    *user = current_user;
    return PAM_SUCCESS;
}

int pam_prompt(pam_handle_t *pamh, int style, char **response, const char *fmt, ...) {
    (void)pamh;
    (void)style;
    va_list args;
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    printf("\n");
    if (response != NULL)
        *response = NULL;
    return PAM_SUCCESS;
}

typedef int authenticate_function(pam_handle_t *pamh, int flags, int argc, const char **argv);

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: plugin-host MODULE USER [ARGUMENT...]\n");
        return 2;
    }
    char path[4096];   /* a name without a slash would be looked up on the library path */
    snprintf(path, sizeof path, "%s%s", argv[1][0] == '/' ? "" : "./", argv[1]);
    void *module = dlopen(path, RTLD_NOW);
    authenticate_function *authenticate = module ? (authenticate_function *)dlsym(module, "pam_sm_authenticate") : NULL;
    if (authenticate == NULL) {
        fprintf(stderr, "plugin-host: %s\n", dlerror());
        return 2;
    }
    current_user = argv[2];
    int rc = authenticate((pam_handle_t *)&current_user, 0, argc - 3, (const char **)argv + 3);
    printf("%s\n", rc == PAM_SUCCESS ? "authenticated" : "Authentication failure");
    return rc == PAM_SUCCESS ? 0 : 1;
}
