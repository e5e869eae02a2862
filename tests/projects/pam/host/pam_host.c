/* pam-host SERVICE USER: authenticate USER through libpam with SERVICE's configuration, printing
 * what the modules say, as pamtester does. */
#include <security/pam_appl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int converse(int n, const struct pam_message **messages, struct pam_response **responses, void *data) {
    (void)data;
    struct pam_response *reply = calloc((size_t)n, sizeof *reply);
    if (reply == NULL)
        return PAM_BUF_ERR;
    for (int i = 0; i < n; i++) {
        if (messages[i]->msg_style == PAM_TEXT_INFO || messages[i]->msg_style == PAM_ERROR_MSG)
            printf("%s\n", messages[i]->msg);
    }
    *responses = reply;
    return PAM_SUCCESS;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: pam-host SERVICE USER\n");
        return 2;
    }
    struct pam_conv conv = {converse, NULL};
    pam_handle_t *pamh = NULL;
    int rc = pam_start(argv[1], argv[2], &conv, &pamh);
    if (rc == PAM_SUCCESS)
        rc = pam_authenticate(pamh, 0);
    printf("%s\n", rc == PAM_SUCCESS ? "authenticated" : pam_strerror(pamh, rc));
    pam_end(pamh, rc);
    return rc == PAM_SUCCESS ? 0 : 1;
}
