module example.com/errcase/tools

go 1.22
