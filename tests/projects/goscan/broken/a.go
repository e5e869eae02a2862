package broken

func fine() int { return 1 }
