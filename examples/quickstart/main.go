// Command quickstart runs the whole FaceID SaaS flow and explains each step.
//
// With no configuration it runs offline against an in-process sandbox:
//
//	go run ./examples/quickstart
//
// With TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and FACEID_RULE_ID
// set, it runs against the real service: it prints the URL to open in
// WeChat, waits until the person has finished, and pulls the result. The
// person's own name and ID number go in FACEID_NAME and FACEID_ID_CARD when
// the rule needs them as inputs; otherwise the hosted flow reads them from
// the ID card. FACEID_ENDPOINT points it at another endpoint, such as a
// standalone sandbox (faceid sandbox).
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
	cfg := config{poll: 5 * time.Second}
	flag.StringVar(&cfg.outDir, "out", "", "folder for the result's media (default: a new temporary folder)")
	flag.DurationVar(&cfg.wait, "wait", 10*time.Minute, "how long to wait for the person (real service only)")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// config holds the command-line settings.
type config struct {
	outDir string        // where the media go; a new temporary folder if empty
	wait   time.Duration // how long to wait for the person (real service)
	poll   time.Duration // how often to look for the result meanwhile
}

// run performs the flow and writes its narration to w.
func run(ctx context.Context, w io.Writer, cfg config) error {
	ruleID := os.Getenv("FACEID_RULE_ID")
	real := os.Getenv(faceid.EnvSecretID) != "" && os.Getenv(faceid.EnvSecretKey) != "" && ruleID != ""

	var client *faceid.Client
	var sandbox *faceidtest.Server
	req := &faceid.DetectAuthRequest{RuleID: ruleID, Extra: "quickstart"}
	if real {
		opts := []faceid.Option{faceid.WithCredentials(faceid.EnvironmentCredentials())}
		if endpoint := os.Getenv("FACEID_ENDPOINT"); endpoint != "" {
			opts = append(opts, faceid.WithEndpoint(endpoint))
		}
		var err error
		if client, err = faceid.NewClient(opts...); err != nil {
			return err
		}
		// A real person verifies their own identity: theirs, or none (the
		// hosted flow then reads it from the ID card). No RedirectUrl: the
		// person stays on FaceID's page at the end.
		req.Name, req.IDCard = os.Getenv("FACEID_NAME"), os.Getenv("FACEID_ID_CARD")
		fmt.Fprintf(w, "0. Using the FaceID service at %s with RuleId %s.\n", client.Endpoint(), ruleID)
	} else {
		sandbox = faceidtest.NewServer()
		defer sandbox.Close()
		client, req.RuleID = sandbox.Client(), faceidtest.DefaultRuleID
		req.Name, req.IDCard = faceidtest.FictionalName, faceidtest.FictionalIDCard
		req.RedirectURL = "https://shop.example/return"
		fmt.Fprintf(w, "0. No credentials configured: using an offline sandbox at %s (RuleId %s).\n", sandbox.URL(), req.RuleID)
	}

	auth, err := client.DetectAuth(ctx, req)
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

	res, err := awaitResult(ctx, w, client, auth.BizToken, req.RuleID, cfg)
	if err != nil {
		return err
	}
	v := res.Verdict()
	sim, _ := res.Text.Similarity()
	fmt.Fprintf(w, "3. GetDetectInfoEnhanced pulled the result: %s, similarity %.2f, %d media files.\n",
		v, sim, len(res.Media()))

	outDir := cfg.outDir
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

// awaitResult pulls the result until the person has finished or cfg.wait
// ends, looking every cfg.poll.
func awaitResult(ctx context.Context, w io.Writer, client *faceid.Client, token, ruleID string, cfg config) (*faceid.DetectInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, cfg.wait)
	defer cancel()
	req := &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: ruleID, BestFramesCount: 2}
	tick := time.NewTicker(cfg.poll)
	defer tick.Stop()
	for {
		res, err := client.GetDetectInfoEnhanced(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("GetDetectInfoEnhanced: %w", err)
		}
		if !res.Verdict().Pending {
			return res, nil
		}
		fmt.Fprintf(w, "   … the person has not finished yet; checking again in %v\n", cfg.poll)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("gave up waiting for the person: %w", ctx.Err())
		case <-tick.C:
		}
	}
}
