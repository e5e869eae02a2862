module example.com/hardening

go 1.21
