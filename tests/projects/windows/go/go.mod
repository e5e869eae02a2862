module example.com/wingo

go 1.21
