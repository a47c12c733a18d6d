module github.com/faceid-go/faceid

go 1.26

require (
	github.com/jarcoal/httpmock v1.4.2
	github.com/stretchr/testify v1.12.1
	github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common v1.3.212
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
