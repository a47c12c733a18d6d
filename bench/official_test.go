package bench

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// officialClient is the official SDK's generic client over rt.
func officialClient(rt http.RoundTripper) *common.Client {
	cred := common.NewCredential(secretID, secretKey)
	return common.NewCommonClient(cred, "ap-guangzhou", profile.NewClientProfile()).WithHttpTransport(rt)
}

// officialDetectAuth starts a flow with the official SDK and returns the
// BizToken, the way its documentation shows: parameters as a map, the
// reply's body unmarshalled into the caller's struct.
func officialDetectAuth(c *common.Client) (string, error) {
	req := tchttp.NewCommonRequest("faceid", "2018-03-01", "DetectAuth")
	if err := req.SetActionParameters(map[string]any{
		"RuleId":      "1",
		"IdCard":      "110101199003071233",
		"Name":        "测试一",
		"RedirectUrl": "https://shop.example/return",
		"Extra":       "order-10086",
	}); err != nil {
		return "", err
	}
	resp := tchttp.NewCommonResponse()
	if err := c.Send(req, resp); err != nil {
		return "", err
	}
	var out struct {
		Response struct {
			BizToken  string `json:"BizToken"`
			URL       string `json:"Url"`
			RequestID string `json:"RequestId"`
		} `json:"Response"`
	}
	if err := json.Unmarshal(resp.GetBody(), &out); err != nil {
		return "", err
	}
	return out.Response.BizToken, nil
}

// officialResult is what a user of the official SDK unmarshals the reply
// into: media stay base64 strings.
type officialResult struct {
	Response struct {
		Text struct {
			ErrCode       *int    `json:"ErrCode"`
			ErrMsg        *string `json:"ErrMsg"`
			IdCard        *string `json:"IdCard"`
			Name          *string `json:"Name"`
			LiveStatus    *int    `json:"LiveStatus"`
			Comparestatus *int    `json:"Comparestatus"`
			Sim           *string `json:"Sim"`
			Extra         *string `json:"Extra"`
		} `json:"Text"`
		BestFrame struct {
			BestFrame  *string   `json:"BestFrame"`
			BestFrames []*string `json:"BestFrames"`
		} `json:"BestFrame"`
		VideoData struct {
			LivenessVideo *string `json:"LivenessVideo"`
		} `json:"VideoData"`
		RequestId string `json:"RequestId"`
	} `json:"Response"`
}

// officialMedia is the decoded media of officialResult.
type officialMedia struct {
	video  []byte
	frames [][]byte
}

// officialEnhanced pulls a result with the official SDK and base64-decodes
// its video and frames, so that the caller holds decoded bytes.
func officialEnhanced(c *common.Client) (*officialMedia, error) {
	req := tchttp.NewCommonRequest("faceid", "2018-03-01", "GetDetectInfoEnhanced")
	if err := req.SetActionParameters(map[string]any{
		"BizToken":        "6399E5F7-B601-4AEF-AE38-0D8E019E69FA",
		"RuleId":          "1",
		"InfoType":        "0",
		"BestFramesCount": 4,
	}); err != nil {
		return nil, err
	}
	resp := tchttp.NewCommonResponse()
	if err := c.Send(req, resp); err != nil {
		return nil, err
	}
	var res officialResult
	if err := json.Unmarshal(resp.GetBody(), &res); err != nil {
		return nil, err
	}
	r := &res.Response
	if r.Text.ErrCode == nil || r.VideoData.LivenessVideo == nil || r.BestFrame.BestFrame == nil {
		return nil, errors.New("official: incomplete result")
	}
	var m officialMedia
	var err error
	if m.video, err = base64.StdEncoding.DecodeString(*r.VideoData.LivenessVideo); err != nil {
		return nil, err
	}
	frame, err := base64.StdEncoding.DecodeString(*r.BestFrame.BestFrame)
	if err != nil {
		return nil, err
	}
	m.frames = append(m.frames, frame)
	for _, s := range r.BestFrame.BestFrames {
		if s == nil {
			continue
		}
		f, err := base64.StdEncoding.DecodeString(*s)
		if err != nil {
			return nil, err
		}
		m.frames = append(m.frames, f)
	}
	return &m, nil
}
