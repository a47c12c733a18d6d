module github.com/faceid-go/faceid/lifecycle

go 1.26

require github.com/faceid-go/faceid v0.0.0

replace github.com/faceid-go/faceid => ../
