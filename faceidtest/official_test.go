package faceidtest_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	tccommon "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

// officialClient points the official SDK's common client at the sandbox.
func officialClient(s *faceidtest.Server, secretID, secretKey string) *tccommon.Client {
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = strings.TrimPrefix(s.URL(), "http://")
	cpf.HttpProfile.Scheme = "http"
	return tccommon.NewCommonClient(tccommon.NewCredential(secretID, secretKey), "", cpf)
}

// officialCall sends one action with the official SDK and decodes the
// Response object.
func officialCall(c *tccommon.Client, action string, params map[string]any) (map[string]any, error) {
	req := tchttp.NewCommonRequest(faceid.Service, faceid.APIVersion, action)
	if err := req.SetActionParameters(params); err != nil {
		return nil, err
	}
	resp := tchttp.NewCommonResponse()
	if err := c.Send(req, resp); err != nil {
		return nil, err
	}
	var env struct{ Response map[string]any }
	if err := json.Unmarshal(resp.GetBody(), &env); err != nil {
		return nil, err
	}
	return env.Response, nil
}

func TestOfficialSDK(t *testing.T) {
	// The official SDK signs with the real time: use the default wall clock.
	s := faceidtest.NewServer(faceidtest.WithRule(faceidtest.Rule{ID: "2", RequireName: true, RequireIDCard: true}))
	t.Cleanup(s.Close)
	c := officialClient(s, faceidtest.DefaultSecretID, faceidtest.DefaultSecretKey)

	auth, err := officialCall(c, "DetectAuth", map[string]any{
		"RuleId": "2", "Name": testName, "IdCard": testIDCard, "Extra": "order-<&>",
		"RedirectUrl": "https://shop.example/return",
	})
	require.NoError(t, err)
	token, _ := auth["BizToken"].(string)
	assert.Regexp(t, bizTokenPattern, token)
	assert.Equal(t, s.URL()+"/h5/"+token, auth["Url"])
	assert.NotEmpty(t, auth["RequestId"])

	pending, err := officialCall(c, "GetDetectInfoEnhanced", map[string]any{"BizToken": token, "RuleId": "2"})
	require.NoError(t, err)
	assert.Nil(t, pending["Text"].(map[string]any)["ErrCode"])

	require.NoError(t, s.Complete(token, faceidtest.Fail(2016)))
	res, err := officialCall(c, "GetDetectInfoEnhanced", map[string]any{
		"BizToken": token, "RuleId": "2", "InfoType": "0", "BestFramesCount": 2,
	})
	require.NoError(t, err)
	text := res["Text"].(map[string]any)
	assert.EqualValues(t, 2016, text["ErrCode"])
	assert.EqualValues(t, 2016, text["Comparestatus"])
	assert.EqualValues(t, 0, text["LiveStatus"])
	assert.Equal(t, "41.50", text["Sim"])
	assert.Equal(t, testName, text["Name"])
	assert.Equal(t, "order-<&>", text["Extra"])
	frames := res["BestFrame"].(map[string]any)["BestFrames"].([]any)
	require.Len(t, frames, 2)
	video, err := base64.StdEncoding.DecodeString(res["VideoData"].(map[string]any)["LivenessVideo"].(string))
	require.NoError(t, err)
	requireMP4(t, video)

	legacy, err := officialCall(c, "GetDetectInfo", map[string]any{"BizToken": token, "RuleId": "2", "InfoType": "1"})
	require.NoError(t, err)
	var doc struct{ Text struct{ ErrCode int } }
	require.NoError(t, json.Unmarshal([]byte(legacy["DetectInfo"].(string)), &doc))
	assert.Equal(t, 2016, doc.Text.ErrCode)

	// API errors come back as the SDK's own error type.
	_, err = officialCall(c, "DetectAuth", map[string]any{"RuleId": "2", "Name": testName})
	requireSDKError(t, err, codes.InvalidParameter)
	_, err = officialCall(c, "GetDetectInfoEnhanced", map[string]any{"BizToken": "nope", "RuleId": "2"})
	requireSDKError(t, err, codes.InvalidParameter)

	wrong := officialClient(s, faceidtest.DefaultSecretID, "not-the-key")
	_, err = officialCall(wrong, "DetectAuth", map[string]any{"RuleId": "1"})
	requireSDKError(t, err, codes.AuthFailureSignatureFailure)
	unknown := officialClient(s, "AKIDother0000000000000000000000000000", faceidtest.DefaultSecretKey)
	_, err = officialCall(unknown, "DetectAuth", map[string]any{"RuleId": "1"})
	requireSDKError(t, err, codes.AuthFailureSecretIDNotFound)
}

func requireSDKError(t *testing.T, err error, code string) {
	t.Helper()
	var sdkErr *tcerr.TencentCloudSDKError
	require.True(t, errors.As(err, &sdkErr), "got %v", err)
	assert.Equal(t, code, sdkErr.GetCode(), sdkErr.GetMessage())
	assert.NotEmpty(t, sdkErr.GetRequestId())
}
