package faceid_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/faceid-go/faceid"
)

// replayServer stands in for Tencent in these examples: it answers every
// request with a recorded reply from testdata/.
func replayServer(fixture string) *httptest.Server {
	raw, err := os.ReadFile(filepath.Join("testdata", fixture))
	if err != nil {
		log.Fatal(err)
	}
	var fx struct {
		Response struct {
			Body json.RawMessage `json:"body"`
		} `json:"response"`
	}
	if err := json.Unmarshal(raw, &fx); err != nil {
		log.Fatal(err)
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(fx.Response.Body)
	}))
}

// exampleClient is the client of the examples below, pointed at a replay
// server; ExampleClient_DetectAuth shows it being made.
func exampleClient(endpoint string) *faceid.Client {
	client, err := faceid.NewClient(
		faceid.WithCredentials(faceid.StaticCredentials("AKIDexample", "example-secret-key", "")),
		faceid.WithEndpoint(endpoint),
	)
	if err != nil {
		log.Fatal(err)
	}
	return client
}

func ExampleClient_DetectAuth() {
	srv := replayServer("DetectAuth/plain.json")
	defer srv.Close()

	client, err := faceid.NewClient(
		faceid.WithCredentials(faceid.StaticCredentials("AKIDexample", "example-secret-key", "")),
		faceid.WithEndpoint(srv.URL), // omit to talk to Tencent
	)
	if err != nil {
		log.Fatal(err)
	}
	auth, err := client.DetectAuth(context.Background(), &faceid.DetectAuthRequest{
		RuleID:      "1",
		Name:        "测试一",
		IDCard:      "110101199003071233",
		RedirectURL: "https://shop.example/return",
		Extra:       "order-10086",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("token issued:", auth.BizToken != "")
	fmt.Println("send the person to a WeChat page:", len(auth.URL) > 0)
	// Output:
	// token issued: true
	// send the person to a WeChat page: true
}

func ExampleClient_GetDetectInfoEnhanced() {
	srv := replayServer("GetDetectInfoEnhanced/passed-with-media.json")
	defer srv.Close()

	client := exampleClient(srv.URL)
	res, err := client.GetDetectInfoEnhanced(context.Background(), &faceid.GetDetectInfoEnhancedRequest{
		BizToken:        "6399E5F7-B601-4AEF-AE38-0D8E019E69FA",
		RuleID:          "1",
		BestFramesCount: 2,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("verdict:", res.Verdict())
	sim, _ := res.Text.Similarity()
	fmt.Println("similarity:", sim)
	for _, m := range res.Media() {
		fmt.Println("media:", m.FileName())
	}
	fmt.Println("printed safely:", res.Text)
	// Output:
	// verdict: passed
	// similarity: 95.27
	// media: idcard-front.jpg
	// media: idcard-back.jpg
	// media: idcard-front-processed.jpg
	// media: idcard-back-processed.jpg
	// media: idcard-avatar.jpg
	// media: best-frame.jpg
	// media: best-frame-1.jpg
	// media: best-frame-2.jpg
	// media: liveness-video.mp4
	// printed safely: {ErrCode: 0, LiveStatus: 0, Comparestatus: 0, Sim: "95.27", Name: "测**", IdCard: "1101**********1233", Attempts: 2}
}

func ExampleDetectInfo_Verdict() {
	srv := replayServer("GetDetectInfoEnhanced/intention-question-failed.json")
	defer srv.Close()
	client := exampleClient(srv.URL)
	res, err := client.GetDetectInfoEnhanced(context.Background(),
		&faceid.GetDetectInfoEnhancedRequest{BizToken: "7E0FCA15-5211-4DAD-80EA-FF0D9D2F8FF2", RuleID: "1"})
	if err != nil {
		log.Fatal(err)
	}
	// Liveness and face compare passed, but the person did not confirm
	// their intention: the flow as a whole failed.
	fmt.Println("ErrCode:", *res.Text.ErrCode)
	v := res.Verdict()
	fmt.Println("passed:", v.Passed, "stage:", v.Stage, "category:", v.Outcome.Category)
	// Output:
	// ErrCode: 0
	// passed: false stage: intention category: identity-mismatch
}

func ExampleIsRetryable() {
	srv := replayServer("DetectAuth/request-limit-exceeded.json")
	defer srv.Close()
	client := exampleClient(srv.URL)
	_, err := client.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1"})
	var apiErr *faceid.APIError
	if errors.As(err, &apiErr) {
		fmt.Println("code:", apiErr.Code)
	}
	fmt.Println("rate limited:", errors.Is(err, faceid.ErrRateLimited))
	fmt.Println("retry later:", faceid.IsRetryable(err))
	// Output:
	// code: RequestLimitExceeded
	// rate limited: true
	// retry later: true
}

func ExampleValidationError() {
	client, err := faceid.NewClient(faceid.WithCredentials(faceid.StaticCredentials("AKIDexample", "example-secret-key", "")))
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.DetectAuth(context.Background(), &faceid.DetectAuthRequest{RuleID: "1", IDCard: "110101199003071234"})
	fmt.Println(err)
	fmt.Println(errors.Is(err, faceid.ErrInvalidInput))
	// Output:
	// faceid: DetectAuth: IdCard: is not a valid 18-character ID number: check digit does not match (request not sent)
	// true
}

func ExampleSigner_Authorization() {
	var signer faceid.Signer // the zero value is ready; keep it to reuse its derived key
	auth := signer.Authorization(
		faceid.Credentials{SecretID: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", SecretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"},
		faceid.Service, "faceid.tencentcloudapi.com", "application/json",
		[]byte(`{"BizToken":"CE661F1A-0F1E-45BD-BE13-34C05CEA7681","RuleId":"0","InfoType":"0"}`),
		time.Unix(1551113065, 0))
	fmt.Println(auth)
	// Output:
	// TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/faceid/tc3_request, SignedHeaders=content-type;host, Signature=27a265fe718edd26e053afb86d2e7c88d8f57ec4463aeefb5b28304a5a0e2690
}
