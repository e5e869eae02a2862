module example.com/exports

go 1.21
