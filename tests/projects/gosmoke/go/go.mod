module example.com/gosmoke

go 1.21
