module example.com/gopg

go 1.21
