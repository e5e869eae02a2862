package broken

func first() int {
	return 1 +
}

func second() {
	if {
	}
}
