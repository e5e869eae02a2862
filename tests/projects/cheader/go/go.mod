module example.com/cheader

go 1.21
