module example.com/preambledef

go 1.21
