module example.com/sharedpkgs

go 1.21
