package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/gm"
)

// apiFlags are the flags every API command accepts.
type apiFlags struct {
	endpoint string
	region   string
	language string
	timeout  time.Duration
	verbose  bool
	encrypt  string // "", "rsa" or "sm"
	pubKey   string // PEM file of the console's public key
}

// registerAPIFlags adds the shared API flags to the command. Where a
// default comes from the environment, the library reads it (NewClient):
// the flags default to empty, so the flag package shows no second default.
func (inv *invocation) registerAPIFlags() {
	a := &apiFlags{}
	fs := inv.flags
	fs.StringVar(&a.endpoint, "endpoint", "", "API endpoint URL (default $"+faceid.EnvEndpoint+", else "+faceid.DefaultEndpoint+")")
	fs.StringVar(&a.region, "region", "", "region sent as X-TC-Region, e.g. ap-guangzhou; FaceID needs none (default $"+faceid.EnvRegion+")")
	fs.StringVar(&a.language, "language", "zh-CN", "language of the server's error messages: zh-CN or en-US")
	fs.DurationVar(&a.timeout, "timeout", faceid.DefaultTimeout, "time limit per attempt, the whole reply included, e.g. 30s or 2m")
	fs.BoolVar(&a.verbose, "verbose", false, "write a debug log to stderr (no bodies or secrets)")
	fs.StringVar(&a.encrypt, "encrypt", "", "seal names, ID, phone and card numbers and decrypt the reply: rsa (AES-256-CBC) or sm (SM4-GCM)")
	fs.StringVar(&a.pubKey, "public-key", "", "PEM file of the FaceID console's public key for --encrypt; without it, Tencent's published key")
	inv.api = a
}

// client builds the SDK client from the API flags. Its transport records
// whether a request went out, for failure to tell a local problem from a
// failed call. An invalid flag or variable is reported here: the client is
// nil and status is exitUsage.
func (inv *invocation) client() (c *faceid.Client, status int) {
	a := inv.api
	inv.sent = &sendTracker{next: http.DefaultTransport.(*http.Transport).Clone()}
	opts := []faceid.Option{
		faceid.WithHTTPClient(&http.Client{Transport: inv.sent}),
		faceid.WithTimeout(a.timeout),
		faceid.WithLanguage(a.language),
	}
	if a.endpoint != "" {
		opts = append(opts, faceid.WithEndpoint(a.endpoint))
	}
	if a.region != "" {
		opts = append(opts, faceid.WithRegion(a.region))
	}
	if a.verbose {
		opts = append(opts, faceid.WithLogger(slog.New(slog.NewTextHandler(inv.errOut, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	if a.encrypt != "" || a.pubKey != "" {
		sealer, err := a.sealer()
		if err != nil {
			inv.errorf("%s", printable(err.Error()))
			return nil, exitUsage
		}
		opts = append(opts, faceid.WithEncryption(sealer))
	}
	c, err := faceid.NewClient(opts...)
	if err != nil {
		inv.errorf("%s", printable(optionProblem(err)))
		return nil, exitUsage
	}
	return c, exitOK
}

// sealer builds the Sealer --encrypt and --public-key name. A key file
// that cannot be read or parsed is a usage error: nothing is sent.
func (a *apiFlags) sealer() (faceid.Sealer, error) {
	var pemBytes []byte
	if a.pubKey != "" {
		b, err := os.ReadFile(a.pubKey)
		if err != nil {
			return nil, fmt.Errorf("--public-key: %w", err)
		}
		pemBytes = b
	}
	switch a.encrypt {
	case "rsa":
		if pemBytes == nil {
			return faceid.TencentDefaultRSASealer(), nil
		}
		s, err := faceid.NewRSASealer(pemBytes)
		if err != nil {
			return nil, fmt.Errorf("--public-key %s: %w", a.pubKey, err)
		}
		return s, nil
	case "sm":
		if pemBytes == nil {
			return gm.TencentDefaultSM2Sealer(), nil
		}
		s, err := gm.NewSM2Sealer(pemBytes)
		if err != nil {
			return nil, fmt.Errorf("--public-key %s: %w", a.pubKey, err)
		}
		return s, nil
	case "":
		return nil, errors.New("--public-key needs --encrypt rsa or --encrypt sm")
	}
	return nil, fmt.Errorf("--encrypt: %q is neither rsa nor sm", a.encrypt)
}

// optionProblem restates a NewClient error in the terms of the command
// line: the library starts an option's error with the option's name
// ("faceid: WithEndpoint: …"), which becomes the flag that set it
// ("--endpoint: …"). An error about a variable ("faceid: $FACEID_ENDPOINT:
// …") keeps its name.
func optionProblem(err error) string {
	msg := strings.TrimPrefix(err.Error(), "faceid: ")
	for _, o := range [...]struct{ option, flag string }{
		{"WithEndpoint", "--endpoint"},
		{"WithRegion", "--region"},
		{"WithLanguage", "--language"},
		{"WithTimeout", "--timeout"},
	} {
		if rest, ok := strings.CutPrefix(msg, o.option+": "); ok {
			return o.flag + ": " + rest
		}
	}
	return msg
}

// sendTracker is an http.RoundTripper that records whether a request was
// handed to the network.
type sendTracker struct {
	next http.RoundTripper
	sent atomic.Bool
}

// RoundTrip notes the attempt and passes the request on.
func (t *sendTracker) RoundTrip(r *http.Request) (*http.Response, error) {
	t.sent.Store(true)
	return t.next.RoundTrip(r)
}

// anySent reports whether the client handed any request to the network.
func (inv *invocation) anySent() bool { return inv.sent != nil && inv.sent.sent.Load() }
