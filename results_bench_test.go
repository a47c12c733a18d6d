package faceid

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"
)

// replyClient returns a client whose every call gets body as its reply.
func replyClient(b *testing.B, body []byte) *Client {
	b.Helper()
	c, err := NewClient(WithCredentials(StaticCredentials(testSecretID, testSecretKey, "")),
		WithHTTPClient(&http.Client{Transport: replayTransport{body: body}}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// randomBase64 returns n random bytes, base64-encoded.
func randomBase64(b *testing.B, n int) string {
	b.Helper()
	data := make([]byte, n)
	if _, err := rand.Read(data); err != nil {
		b.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(data)
}

// BenchmarkGetFaceIdResult decodes an App SDK result carrying a 1 MiB
// video and a best frame, from an in-memory transport.
func BenchmarkGetFaceIdResult(b *testing.B) {
	body, err := json.Marshal(map[string]any{"Response": map[string]any{
		"IdCard": "110101199003071233", "Name": "测试", "Result": "0", "Description": "成功",
		"Similarity": 92.5, "VideoBase64": randomBase64(b, 1<<20), "BestFrameBase64": randomBase64(b, 64<<10),
		"Extra": "order-10086", "DeviceInfoTag": "", "RiskInfoTag": "", "LivenessInfoTag": "", "DeviceInfoLevel": "1",
		"Encryption": map[string]any{"EncryptList": []string{}, "CiphertextBlob": "", "Iv": "", "Algorithm": "", "TagList": []string{}},
		"RequestId":  "6d5ab1d2-6c8c-4d4b-9e3f-6b1b9a0f3c11",
	}})
	if err != nil {
		b.Fatal(err)
	}
	c := replyClient(b, body)
	req := &GetFaceIdResultRequest{FaceIDToken: "5D1B4A3C-7E2F-4C1A-9B8D-0E6F5A4B3C2D", IsNeedVideo: true, IsNeedBestFrame: true}
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(1 << 20)
	for b.Loop() {
		res, err := c.GetFaceIdResult(ctx, req)
		if err != nil || len(res.Video) != 1<<20 || !res.Verdict().Passed {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetEidResult decodes an eID result carrying its text, a best
// frame and the encrypted identity data, from an in-memory transport.
func BenchmarkGetEidResult(b *testing.B) {
	body, err := json.Marshal(map[string]any{"Response": map[string]any{
		"Text": map[string]any{"ErrCode": 0, "ErrMsg": "成功", "IdCard": "", "Name": "", "LiveStatus": 0,
			"LiveMsg": "成功", "Comparestatus": 0, "Comparemsg": "成功", "Sim": "95.27"},
		"BestFrame": map[string]any{"BestFrame": randomBase64(b, 64<<10)},
		"EidInfo": map[string]any{"EidCode": "eid-code", "EidSign": "eid-sign", "DesKey": randomBase64(b, 64),
			"UserInfo": randomBase64(b, 256)},
		"IsVerifyIntention": false, "IntentionVerifyType": "",
		"RequestId": "6d5ab1d2-6c8c-4d4b-9e3f-6b1b9a0f3c12",
	}})
	if err != nil {
		b.Fatal(err)
	}
	c := replyClient(b, body)
	req := &GetEidResultRequest{EidToken: "5D1B4A3C-7E2F-4C1A-9B8D-0E6F5A4B3C2E"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.GetEidResult(ctx, req)
		if err != nil || res.EidInfo.UserInfo == "" || !res.Verdict().Passed {
			b.Fatal(err)
		}
	}
}
