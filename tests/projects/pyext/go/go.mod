module example.com/gopyext

go 1.21
