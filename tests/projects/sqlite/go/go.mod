module example.com/gosqlite

go 1.21
