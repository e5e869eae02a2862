module example.com/mesongo-demo/hello

go 1.21
