#include <stddef.h>
#include <security/pam_modules.h>
#include <security/pam_ext.h>

const char *gohello_user(pam_handle_t *pamh) {
    const char *user = NULL;
    return pam_get_user(pamh, &user, NULL) == PAM_SUCCESS ? user : NULL;
}

int gohello_info(pam_handle_t *pamh, const char *text) {
    return pam_info(pamh, "%s", text);
}
