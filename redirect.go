package faceid

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
)

// RedirectError reports a reply that tried to redirect the request. The
// FaceID API never redirects: a 3xx reply comes from a misconfigured
// endpoint, a proxy or an attacker on the path. The client never follows
// it, so the request body (names, ID numbers) and the session token are
// never re-sent to another host, and the redirect's body is not read as a
// reply.
type RedirectError struct {
	// Action is the API action that was called.
	Action string
	// StatusCode is the 3xx status of the reply.
	StatusCode int
	// LocationHost is the host named by the Location header, sanitised and
	// bounded for display; empty when the header was missing or unparsable.
	LocationHost string
	// RequestID is set when the reply carried an X-TC-RequestId header.
	RequestID string
}

// Error names the status and the host the reply pointed to.
func (e *RedirectError) Error() string {
	target := "no usable Location"
	if e.LocationHost != "" {
		target = "host " + strconv.Quote(e.LocationHost)
	}
	return "faceid: " + e.Action + ": refused an HTTP " + strconv.Itoa(e.StatusCode) + " redirect to " + target +
		"; FaceID never redirects, so check the endpoint, proxies and DNS (nothing was re-sent)"
}

// String is used by fmt for a RedirectError value; it reads as Error does.
func (e RedirectError) String() string { return e.Error() }

// GoString is used by %#v; it shows the server's text sanitised.
func (e RedirectError) GoString() string {
	return fmt.Sprintf("&faceid.RedirectError{Action: %q, StatusCode: %d, LocationHost: %q, RequestID: %q}",
		e.Action, e.StatusCode, e.LocationHost, safeRequestID(e.RequestID))
}

// LogValue logs the error as its message.
func (e RedirectError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

func (e *RedirectError) requestID() string { return e.RequestID }

// maxLocationHost bounds the host kept from a Location header.
const maxLocationHost = 100

// newRedirectError describes the 3xx reply resp.
func newRedirectError(action string, resp *http.Response, requestID string) *RedirectError {
	e := &RedirectError{Action: action, StatusCode: resp.StatusCode, RequestID: requestID}
	if loc, err := url.Parse(resp.Header.Get("Location")); err == nil {
		e.LocationHost = redactText(loc.Hostname(), maxLocationHost)
	}
	return e
}

// isRedirect reports whether status is a 3xx status.
func isRedirect(status int) bool { return status >= 300 && status < 400 }

// withoutRedirects returns a copy of hc that never follows a redirect: the
// 3xx reply itself is returned to the client, which fails the call.
func withoutRedirects(hc *http.Client) *http.Client {
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}
