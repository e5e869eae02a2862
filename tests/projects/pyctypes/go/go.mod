module example.com/goctypes

go 1.21
