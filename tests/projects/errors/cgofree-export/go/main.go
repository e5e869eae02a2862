package main

//export Hello
func Hello() int { return 2 }

func main() { println(Hello()) }
