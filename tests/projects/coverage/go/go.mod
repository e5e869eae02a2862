module example.com/gocover

go 1.21
