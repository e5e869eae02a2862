module example.com/macgo

go 1.21
