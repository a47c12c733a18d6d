module github.com/faceid-go/faceid/gm

go 1.26

require github.com/faceid-go/faceid v0.0.0

require (
	github.com/emmansun/gmsm v0.41.1
	golang.org/x/crypto v0.48.0 // indirect
)

replace github.com/faceid-go/faceid => ../
