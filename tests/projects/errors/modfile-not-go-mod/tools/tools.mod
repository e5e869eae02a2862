module example.com/gotools/tools

go 1.22

require golang.org/x/example/hello v0.0.0-20250915201037-7f05d217867b // indirect
