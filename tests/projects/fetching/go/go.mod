module example.com/fetching

go 1.21

require (
	example.net/alpha v1.0.0
	example.net/beta v1.0.0
	example.net/hub v1.0.0
)

require (
	example.net/delta v1.0.0 // indirect
	example.net/gamma v1.0.0 // indirect
	example.net/leaf01 v1.0.0 // indirect
	example.net/leaf02 v1.0.0 // indirect
	example.net/leaf03 v1.0.0 // indirect
	example.net/leaf04 v1.0.0 // indirect
	example.net/leaf05 v1.0.0 // indirect
	example.net/leaf06 v1.0.0 // indirect
	example.net/leaf07 v1.0.0 // indirect
	example.net/leaf08 v1.0.0 // indirect
	example.net/leaf09 v1.0.0 // indirect
)
