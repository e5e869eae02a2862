module example.com/pamgohello

go 1.21
