#include <stdio.h>

#include <capi.h>

int main(void) {
	char buf[32];
	capi_pair pair = {4, 5};
	int n = capi_greet("meson", buf, sizeof buf);
	printf("%s abi=%d add=%d sum=%d twice=%d %s (%d) small=%d\n", capi_version(), capi_abi_version, capi_add(2, 3),
	       capi_sum(&pair), capi_twice(21), buf, n, capi_greet("meson", buf, 4));
	return 0;
}
