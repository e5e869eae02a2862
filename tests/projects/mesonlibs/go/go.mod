module example.com/mesonlibs

go 1.21
