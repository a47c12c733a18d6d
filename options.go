package faceid

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"
)

// Defaults applied by NewClient.
const (
	// DefaultTimeout bounds one attempt: sending the request and reading the
	// whole reply, media included.
	DefaultTimeout = 60 * time.Second
	// DefaultMaxResponseBytes bounds a reply body. A result with a long
	// liveness video and all intention media can reach tens of megabytes.
	DefaultMaxResponseBytes = 64 << 20
)

// Option configures a Client; see NewClient.
type Option func(*settings) error

// settings collects the options before NewClient validates them.
type settings struct {
	credentials      CredentialsProvider
	region           string
	regionSet        bool
	endpoint         string
	httpClient       *http.Client
	language         string
	timeout          time.Duration
	maxResponseBytes int64
	logger           *slog.Logger
	now              func() time.Time
	retry            RetryPolicy
	encryption       *encryption
}

// WithCredentials sets where credentials come from, for example
// StaticCredentials(id, key, "") or EnvironmentCredentials(). Without it the
// client uses DefaultCredentials: the environment, then the profile file.
func WithCredentials(p CredentialsProvider) Option {
	return func(s *settings) error {
		if p == nil {
			return errors.New("WithCredentials: provider is nil")
		}
		s.credentials = p
		return nil
	}
}

// EnvEndpoint names the environment variable NewClient reads for the API
// endpoint when no WithEndpoint option is given, e.g. a local sandbox's
// http://127.0.0.1:8099.
const EnvEndpoint = "FACEID_ENDPOINT"

// WithRegion sets the X-TC-Region header, e.g. "ap-guangzhou"; an empty
// region sends none. FaceID actions do not need a region. Without this
// option the client uses $TENCENTCLOUD_REGION (EnvRegion) when it is set;
// with it, the variable is not read.
func WithRegion(region string) Option {
	return func(s *settings) error {
		if err := checkRegion(region); err != nil {
			return fmt.Errorf("WithRegion: %w", err)
		}
		s.region, s.regionSet = region, true
		return nil
	}
}

// checkRegion accepts "" and region ids such as ap-guangzhou.
func checkRegion(region string) error {
	if region != "" && !regionPattern().MatchString(region) {
		return fmt.Errorf("%q is not a region id such as ap-guangzhou", region)
	}
	return nil
}

func regionPattern() *regexp.Regexp { return regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+){1,3}$`) }

// WithEndpoint sets the API endpoint. Without this option the client uses
// $FACEID_ENDPOINT (EnvEndpoint) when it is set, else DefaultEndpoint,
// https://faceid.tencentcloudapi.com; with it, the variable is not read.
// Regional endpoints look like https://faceid.ap-shanghai.tencentcloudapi.com.
// Plain http is accepted only for loopback hosts (a local sandbox).
func WithEndpoint(endpoint string) Option {
	return func(s *settings) error {
		if _, err := parseEndpoint(endpoint); err != nil {
			return fmt.Errorf("WithEndpoint: %w", err)
		}
		s.endpoint = endpoint
		return nil
	}
}

// WithHTTPClient sets the HTTP client used to send requests, for custom
// transports, proxies, tracing or metrics. Without it the client builds its
// own http.Client over a clone of http.DefaultTransport; the shared
// default is never modified.
//
// The client works on a copy of hc whose CheckRedirect refuses every
// redirect: FaceID never redirects, so a 3xx reply fails with a
// *RedirectError and nothing is re-sent to another host. hc itself is not
// changed.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error {
		if hc == nil {
			return errors.New("WithHTTPClient: client is nil")
		}
		s.httpClient = hc
		return nil
	}
}

// WithLanguage sets the language of server error messages: "zh-CN" (the
// server's default) or "en-US".
func WithLanguage(lang string) Option {
	return func(s *settings) error {
		if lang != "zh-CN" && lang != "en-US" {
			return fmt.Errorf("WithLanguage: %q is not supported; use zh-CN or en-US", lang)
		}
		s.language = lang
		return nil
	}
}

// WithTimeout bounds each attempt (request and whole reply); default 60 s.
// The caller's context still bounds the call as a whole.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d <= 0 {
			return fmt.Errorf("WithTimeout: %v is not a positive duration", d)
		}
		s.timeout = d
		return nil
	}
}

// WithMaxResponseBytes bounds the size of a reply body; default 64 MiB. A
// larger reply fails with a *DecodeError matching ErrResponseTooLarge.
func WithMaxResponseBytes(n int64) Option {
	return func(s *settings) error {
		if n < 1024 {
			return fmt.Errorf("WithMaxResponseBytes: %d is below the 1024-byte minimum", n)
		}
		s.maxResponseBytes = n
		return nil
	}
}

// WithLogger sets a logger for debug lines (action, status, latency and
// RequestId; never bodies, secrets or personal data). Nil, the default,
// means silent.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		s.logger = l
		return nil
	}
}

// WithClock sets the clock used to time-stamp and sign requests; tests use
// it with a sandbox's virtual clock. Default time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *settings) error {
		if now == nil {
			return errors.New("WithClock: clock is nil")
		}
		s.now = now
		return nil
	}
}

// WithRetry sets the retry policy; see RetryPolicy for the rule. The
// default is DefaultRetryPolicy(): 3 attempts, full-jitter waits from
// 200 ms capped at 5 s, a budget of 500 tokens. RetryPolicy{MaxAttempts: 1}
// turns retries off.
func WithRetry(p RetryPolicy) Option {
	return func(s *settings) error {
		if p.MaxAttempts < 0 || p.BaseDelay < 0 || p.MaxDelay < 0 {
			return errors.New("WithRetry: MaxAttempts, BaseDelay and MaxDelay must not be negative")
		}
		if p.MaxAttempts > 10 {
			return fmt.Errorf("WithRetry: MaxAttempts %d is more than 10; that is a retry storm", p.MaxAttempts)
		}
		s.retry = p
		return nil
	}
}

// parseEndpoint checks an endpoint URL and returns it parsed.
func parseEndpoint(endpoint string) (*url.URL, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL", endpoint)
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("%q must be an absolute https URL such as %s", endpoint, DefaultEndpoint)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("%q uses plain http; only loopback hosts may (use https)", endpoint)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("%q must have no path, query, fragment or user info", endpoint)
	}
	return u, nil
}

// isLoopback reports whether host is localhost or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// apply runs the options over defaults and fills in what is left unset.
func (s *settings) apply(opts []Option) error {
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(s); err != nil {
			return fmt.Errorf("faceid: %w", err)
		}
	}
	if s.credentials == nil {
		s.credentials = DefaultCredentials()
	}
	if !s.regionSet {
		r := os.Getenv(EnvRegion)
		if err := checkRegion(r); err != nil {
			return fmt.Errorf("faceid: $%s: %w; fix or unset it", EnvRegion, err)
		}
		s.region = r
	}
	if s.endpoint == "" {
		e := os.Getenv(EnvEndpoint)
		if e == "" {
			e = DefaultEndpoint
		} else if _, err := parseEndpoint(e); err != nil {
			return fmt.Errorf("faceid: $%s: %w; fix or unset it", EnvEndpoint, err)
		}
		s.endpoint = e
	}
	if s.httpClient == nil {
		s.httpClient = &http.Client{Transport: newTransport()}
	}
	s.httpClient = withoutRedirects(s.httpClient)
	if s.timeout == 0 {
		s.timeout = DefaultTimeout
	}
	if s.maxResponseBytes == 0 {
		s.maxResponseBytes = DefaultMaxResponseBytes
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.retry = s.retry.withDefaults()
	return nil
}

// newTransport returns a transport of the client's own, so that keep-alive
// connections are pooled per client and no global is changed.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	return t
}
