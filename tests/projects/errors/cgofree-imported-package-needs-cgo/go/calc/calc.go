package calc

func Add(a, b int) int { return cAdd(a, b) }
