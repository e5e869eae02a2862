module example.com/pcdemo

go 1.21
