module example.com/gocore

go 1.21
