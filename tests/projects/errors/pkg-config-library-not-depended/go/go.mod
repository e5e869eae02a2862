module example.com/errcase

go 1.21
