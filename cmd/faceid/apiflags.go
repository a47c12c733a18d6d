package main

import (
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/faceid-go/faceid"
)

// apiFlags are the flags every API command accepts.
type apiFlags struct {
	endpoint string
	region   string
	language string
	timeout  time.Duration
	verbose  bool
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
	c, err := faceid.NewClient(opts...)
	if err != nil {
		inv.errorf("%s", printable(optionProblem(err)))
		return nil, exitUsage
	}
	return c, exitOK
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
