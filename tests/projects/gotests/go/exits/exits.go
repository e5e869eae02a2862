// Package exits has a TestMain that fails the binary after every test passed.
package exits

func One() int { return 1 }
