module example.com/mathy

go 1.21
