module example.com/capi

go 1.21
