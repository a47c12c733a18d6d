// Command quickstart runs the whole FaceID SaaS flow and explains each step.
//
// With no configuration it runs offline against an in-process sandbox:
//
//	go run ./examples/quickstart
//
// With TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and FACEID_RULE_ID
// set, it runs against the real service: it prints the URL to open in
// WeChat, waits until the person has finished, and pulls the result.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

func main() {
	out := flag.String("out", "", "folder for the result's media (default: a new temporary folder)")
	wait := flag.Duration("wait", 10*time.Minute, "how long to wait for the person (real service only)")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *out, *wait); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run performs the flow and writes its narration to w.
func run(ctx context.Context, w io.Writer, outDir string, wait time.Duration) error {
	ruleID := os.Getenv("FACEID_RULE_ID")
	real := os.Getenv(faceid.EnvSecretID) != "" && os.Getenv(faceid.EnvSecretKey) != "" && ruleID != ""

	var client *faceid.Client
	var sandbox *faceidtest.Server
	if real {
		var err error
		client, err = faceid.NewClient(faceid.WithCredentials(faceid.EnvironmentCredentials()))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "0. Using the real FaceID service with RuleId %s.\n", ruleID)
	} else {
		sandbox = faceidtest.NewServer()
		defer sandbox.Close()
		client, ruleID = sandbox.Client(), "1"
		fmt.Fprintf(w, "0. No credentials configured: using an offline sandbox at %s (RuleId 1).\n", sandbox.URL())
	}

	auth, err := client.DetectAuth(ctx, &faceid.DetectAuthRequest{
		RuleID:      ruleID,
		Name:        "测试一",
		IDCard:      "110101199003071233",
		RedirectURL: "https://shop.example/return",
		Extra:       "quickstart",
	})
	if err != nil {
		return fmt.Errorf("DetectAuth: %w", err)
	}
	fmt.Fprintf(w, "1. DetectAuth started a flow: BizToken %s (valid %v).\n", auth.BizToken, faceid.BizTokenLifetime)

	if sandbox != nil {
		if err := sandbox.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
			return err
		}
		fmt.Fprintln(w, "2. A simulated person opened the verification page and passed (sandbox).")
	} else {
		fmt.Fprintf(w, "2. Open this URL in WeChat and complete the check:\n   %s\n", auth.URL)
	}

	res, err := awaitResult(ctx, w, client, auth.BizToken, ruleID, wait)
	if err != nil {
		return err
	}
	v := res.Verdict()
	sim, _ := res.Text.Similarity()
	fmt.Fprintf(w, "3. GetDetectInfoEnhanced pulled the result: %s, similarity %.2f, %d media files.\n",
		v, sim, len(res.Media()))

	if outDir == "" {
		if outDir, err = os.MkdirTemp("", "faceid-quickstart-"); err != nil {
			return err
		}
	} else if err := os.MkdirAll(outDir, 0o700); err != nil {
		return err
	}
	for _, m := range res.Media() {
		if err := os.WriteFile(filepath.Join(outDir, m.FileName()), m.Data, 0o600); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "4. Saved the media to %s — Tencent keeps results for %v only.\n", outDir, faceid.ResultRetention)
	if !v.Passed {
		return errors.New("the verification did not pass: " + v.String())
	}
	return nil
}

// awaitResult pulls the result until the person has finished or wait ends.
func awaitResult(ctx context.Context, w io.Writer, client *faceid.Client, token, ruleID string, wait time.Duration) (*faceid.DetectInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	req := &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: ruleID, BestFramesCount: 2}
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		res, err := client.GetDetectInfoEnhanced(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("GetDetectInfoEnhanced: %w", err)
		}
		if !res.Verdict().Pending {
			return res, nil
		}
		fmt.Fprintln(w, "   … the person has not finished yet; checking again in 5 s")
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("gave up waiting for the person: %w", ctx.Err())
		case <-tick.C:
		}
	}
}
