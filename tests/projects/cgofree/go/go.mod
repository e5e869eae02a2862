module example.com/cgofree

go 1.21
