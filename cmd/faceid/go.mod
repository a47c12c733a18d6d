module github.com/faceid-go/faceid/cmd/faceid

go 1.26

require (
	github.com/faceid-go/faceid v0.0.0
	github.com/faceid-go/faceid/gm v0.0.0
	github.com/stretchr/testify v1.12.1
	github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common v1.3.212
)

require (
	github.com/emmansun/gmsm v0.41.1 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/crypto v0.48.0 // indirect
)

// The command is built from this repository's own library and SM module.
replace (
	github.com/faceid-go/faceid => ../..
	github.com/faceid-go/faceid/gm => ../../gm
)
