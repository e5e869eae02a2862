package main

// /* cgo declares pam_sm_* with char **argv, which contradicts <security/pam_modules.h>
//  * (const char **argv): only helpers.c includes that header. */
// #include <stdlib.h>
// #include <security/pam_appl.h>
// const char *gohello_user(pam_handle_t *pamh);
// int gohello_info(pam_handle_t *pamh, const char *text);
import "C"

import (
	"strings"
	"unsafe"
)

func allowed(argc C.int, argv **C.char) []string {
	var names []string
	for _, arg := range unsafe.Slice(argv, int(argc)) {
		if name, ok := strings.CutPrefix(C.GoString(arg), "allow="); ok {
			names = append(names, strings.Split(name, ",")...)
		}
	}
	return names
}

//export pam_sm_authenticate
func pam_sm_authenticate(pamh *C.pam_handle_t, flags, argc C.int, argv **C.char) C.int {
	user := C.gohello_user(pamh)
	if user == nil {
		return C.PAM_USER_UNKNOWN
	}
	name := C.GoString(user)
	greeting := C.CString("hello " + name + ", from Go")
	defer C.free(unsafe.Pointer(greeting))
	C.gohello_info(pamh, greeting)
	for _, allowedName := range allowed(argc, argv) {
		if name == allowedName {
			return C.PAM_SUCCESS
		}
	}
	return C.PAM_AUTH_ERR
}

//export pam_sm_setcred
func pam_sm_setcred(pamh *C.pam_handle_t, flags, argc C.int, argv **C.char) C.int {
	return C.PAM_SUCCESS
}

func main() {}
