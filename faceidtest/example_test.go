package faceidtest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

// A merchant's test runs the whole flow against the sandbox: start a
// verification, let the "person" finish it, pull and judge the result.
func ExampleNewServer() {
	srv := faceidtest.NewServer(faceidtest.WithRule(faceidtest.Rule{ID: "1", RequireName: true, RequireIDCard: true}))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	auth, err := client.DetectAuth(ctx, &faceid.DetectAuthRequest{
		RuleID: "1",
		Name:   faceidtest.FictionalName,
		IDCard: faceidtest.FictionalIDCard,
		Extra:  "order-42",
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The person finishes the H5 flow, but the face compare fails.
	if err := srv.Complete(auth.BizToken, faceidtest.Fail(2016)); err != nil {
		fmt.Println(err)
		return
	}
	info, err := client.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{
		BizToken: auth.BizToken, RuleID: "1",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	v := info.Verdict()
	fmt.Println("passed:", v.Passed)
	fmt.Println("code:", v.Outcome.Code, v.Outcome.Category)
	fmt.Println("similarity:", info.Text.Sim)
	fmt.Println("extra:", info.Text.Extra)
	fmt.Println("has video:", len(info.VideoData.LivenessVideo) > 0)
	// Output:
	// passed: false
	// code: 2016 identity-mismatch
	// similarity: 41.50
	// extra: order-42
	// has video: true
}

// Faults and the virtual clock test the unhappy paths without waiting.
func ExampleServer_InjectFault() {
	srv := faceidtest.NewServer(faceidtest.WithClock(faceidtest.NewClock(time.Date(2024, 6, 15, 10, 0, 0, 0, time.UTC))))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// The client retries throttling twice (3 attempts); a fourth refusal
	// in a row reaches the caller.
	srv.InjectFault(faceidtest.Fault{Action: "DetectAuth", Kind: faceidtest.FaultRateLimited, Count: 3})
	_, err := client.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	fmt.Println("rate limited:", errors.Is(err, faceid.ErrRateLimited), faceid.IsRetryable(err))

	auth, err := client.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv.Clock().Advance(3 * 24 * time.Hour)
	_, err = client.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{BizToken: auth.BizToken, RuleID: "1"})
	fmt.Println("expired:", errors.Is(err, faceid.ErrBizTokenExpired))
	// Output:
	// rate limited: true true
	// expired: true
}

// The sandbox stands in for STS, so a test can check that its service
// refreshes temporary credentials: here a cache refreshes ahead of expiry,
// and the server refuses the expired token.
func ExampleServer_IssueTemporaryCredentials() {
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	srv := faceidtest.NewServer(faceidtest.WithClock(faceidtest.NewClock(start)))
	defer srv.Close()

	refreshes := 0
	var first faceid.Credentials
	cache, err := faceid.NewCachedCredentials(func(context.Context) (faceid.Credentials, time.Time, error) {
		cred, expires := srv.IssueTemporaryCredentials(time.Hour)
		if refreshes++; refreshes == 1 {
			first = cred
		}
		return cred, expires, nil
	}, faceid.WithCacheClock(srv.Clock().Now))
	if err != nil {
		fmt.Println(err)
		return
	}
	client := srv.Client(faceid.WithCredentials(cache))
	ctx := context.Background()

	for _, at := range []time.Duration{0, 30 * time.Minute, 90 * time.Minute} {
		srv.Clock().Set(start.Add(at))
		_, err := client.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
		fmt.Printf("at +%v: err=%v, refreshes=%d\n", at, err, refreshes)
	}

	stale := srv.Client(faceid.WithCredentials(faceid.StaticCredentials(first.SecretID, first.SecretKey, first.Token)))
	_, err = stale.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
	fmt.Println("first credentials now:", errors.Is(err, faceid.ErrAuthFailure))
	// Output:
	// at +0s: err=<nil>, refreshes=1
	// at +30m0s: err=<nil>, refreshes=1
	// at +1h30m0s: err=<nil>, refreshes=2
	// first credentials now: true
}

// A magic input selects any documented outcome of a PaaS action: here the
// fifth Result code of IdCardVerification, from the name.
func ExampleMagic() {
	srv := faceidtest.NewServer()
	defer srv.Close()
	client := srv.Client()

	n, _ := faceidtest.ResultNumber("IdCardVerification", "-4")
	resp, err := client.IdCardVerification(context.Background(), &faceid.IdCardVerificationRequest{
		Name:   faceidtest.SelectResult.Text(faceidtest.FictionalName, n), // 测试一结果4
		IDCard: faceidtest.FictionalIDCard,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	o := resp.Outcome()
	fmt.Println(o.Code, o.Category, o.Billing)

	// SelectError picks a documented error the same way.
	n, _ = faceidtest.ErrorNumber("MobileStatus", "UnauthorizedOperation.Arrears")
	_, err = client.MobileStatus(context.Background(), &faceid.MobileStatusRequest{Mobile: faceidtest.SelectError.Mobile(n)})
	fmt.Println(errors.Is(err, faceid.ErrAccount))
	// Output:
	// -4 service-busy not-billed
	// true
}
