module example.com/ownheader

go 1.21
