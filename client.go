package faceid

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// Version is this module's version, sent in the User-Agent header.
const Version = "0.1.0"

// Client calls the FaceID API. Create it with NewClient; it is safe for
// concurrent use and should be reused, since it pools connections (one
// transport per client, keep-alives on) and decoding buffers.
type Client struct {
	endpoint         string
	url              url.URL // endpoint, parsed once; copied per request
	host             string
	credentials      CredentialsProvider
	region           string
	language         string
	httpClient       *http.Client
	timeout          time.Duration
	maxResponseBytes int64
	logger           *slog.Logger
	now              func() time.Time
	retry            RetryPolicy
	encryption       *encryption // nil: calls go in clear
	budget           *retryBudget
	skew             atomic.Int64 // server time minus local time, learnt from SignatureExpire
	signer           Signer
	states           sync.Pool // of *decodeState, never holding memory given to callers
	pieces           piecePool // of the pieces a whole sealed reply is decrypted in
	wholeBuffers     sync.Pool // of *[]byte: a whole sealed reply opened whole (SM4-GCM)
	stamps           stampCache
}

// NewClient returns a client configured by opts. Without options it reads
// credentials from the environment or the profile file at each call (see
// DefaultCredentials), talks to $FACEID_ENDPOINT or else DefaultEndpoint,
// and sends $TENCENTCLOUD_REGION, if set, as the region. An option always
// wins over its variable; a variable that is set but invalid is an error
// naming it, as is an invalid option.
func NewClient(opts ...Option) (*Client, error) {
	var s settings
	if err := s.apply(opts); err != nil {
		return nil, err
	}
	u, err := parseEndpoint(s.endpoint)
	if err != nil {
		return nil, fmt.Errorf("faceid: %w", err)
	}
	return &Client{
		endpoint:         u.Scheme + "://" + u.Host + "/",
		url:              url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/"},
		host:             u.Host,
		credentials:      s.credentials,
		region:           s.region,
		language:         s.language,
		httpClient:       s.httpClient,
		timeout:          s.timeout,
		maxResponseBytes: s.maxResponseBytes,
		logger:           s.logger,
		now:              s.now,
		retry:            s.retry,
		encryption:       s.encryption,
		budget:           newRetryBudget(s.retry.Budget),
	}, nil
}

// Endpoint returns the URL requests are sent to.
func (c *Client) Endpoint() string { return c.endpoint }

// CloseIdleConnections closes the keep-alive connections the client's
// transport holds idle, as http.Client.CloseIdleConnections does; calls
// made afterwards open new ones.
func (c *Client) CloseIdleConnections() { c.httpClient.CloseIdleConnections() }

// String describes the client without secrets.
func (c *Client) String() string { return "faceid.Client{" + c.endpoint + "}" }

// GoString keeps %#v from printing the client's credentials.
func (c *Client) GoString() string { return c.String() }

// replyMeta is what every reply carries besides its payload.
type replyMeta struct {
	requestID  string
	httpStatus int
	serverDate time.Time // the reply's Date header, zero when absent

	// cred is what the request was signed with: the credentials to
	// invalidate after AuthFailure.TokenFailure.
	cred Credentials
}

// fieldDecoder decodes one member of the Response object other than Error
// and RequestId. It must consume exactly one value from r; a returned error
// aborts decoding and is reported as a *DecodeError, unless it is a
// *MediaSinkError, which is returned as it is.
type fieldDecoder func(r *jsonscan.Reader, key []byte) error

// replyDecoder says how to decode the payload of a reply.
type replyDecoder struct {
	// member decodes the members of Response; nil skips them.
	member fieldDecoder
	// reset, if set, forgets what a failed attempt decoded; it is called
	// before every attempt after the first.
	reset func()
	// started, if set, reports that decoded data has left the SDK (media
	// streamed to the caller's sink), so that the call must not be retried.
	started func() bool
	// streaming reports that media go to the caller's sink as they are read.
	streaming bool
	// sealed, if set, is the reply's encrypted members, which a call with
	// a Sealer decrypts once the reply is decoded.
	sealed sealedReply
}

// callWith runs one call through the client's one request path: encode
// the payload once, then send it with the client's retry policy and
// timeout, changed by opts for this call.
func (c *Client) callWith(ctx context.Context, action string, payload any, dec replyDecoder, opts ...CallOption) (replyMeta, error) {
	cfg := callConfig{timeout: c.timeout, retry: c.retry, encryption: c.encryption}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return replyMeta{}, &ValidationError{Action: action, Field: "CallOption", Problem: err.Error()}
		}
	}
	body, err := encodeRequest(payload)
	if err != nil {
		return replyMeta{}, &ValidationError{Action: action, Field: "request", Problem: "cannot be encoded as JSON: " + err.Error()}
	}
	if cfg.encryption == nil {
		return c.sendWithRetry(ctx, action, body, dec, cfg)
	}
	body, seal, err := sealRequest(action, body, cfg.encryption)
	if err != nil || seal == nil {
		if err != nil {
			return replyMeta{}, err
		}
		return c.sendWithRetry(ctx, action, body, dec, cfg)
	}
	defer seal.env.Close()
	if dec.sealed == nil && sealingOf(action).reply {
		return replyMeta{}, &ValidationError{Action: action, Field: "Encryption",
			Problem: "the reply would come encrypted, and Call cannot decrypt it: use the typed method or CallAction, or send this call WithoutCallEncryption()"}
	}
	if seal.wholeReply && dec.streaming {
		return replyMeta{}, &ValidationError{Action: action, Field: "IsEncryptResponse",
			Problem: "cannot be streamed: a whole reply sealed by the client's Sealer must be decrypted in memory; call GetDetectInfoEnhanced, or leave IsEncryptResponse false to have the sensitive members encrypted"}
	}
	var stream *bodyStream
	if seal.wholeReply && dec.sealed != nil {
		stream = &bodyStream{c: c, env: seal.env, rep: dec.sealed, member: dec.member}
		dec.member = stream.hook(dec.member)
		if reset := dec.reset; reset != nil {
			dec.reset = func() { stream.reset(); reset() }
		} else {
			dec.reset = stream.reset
		}
	}
	meta, err := c.sendWithRetry(ctx, action, body, dec, cfg)
	if be := (*bodyError)(nil); errors.As(err, &be) {
		return replyMeta{}, &ReplyDecryptionError{Action: action, RequestID: findRequestID(err), Problem: be.problem, Err: be.err}
	}
	if err != nil || dec.sealed == nil {
		return meta, err
	}
	if stream != nil && stream.opened {
		enc, _, _ := dec.sealed.replyEncryption()
		*enc = Encryption{} // consumed: the result reads as a clear one
		return meta, nil
	}
	var collected *collectedBody
	if stream != nil {
		collected, stream.collected = stream.collected, nil
	}
	if err := c.openReply(action, meta, seal, dec.sealed, dec.member, collected); err != nil {
		return replyMeta{}, err
	}
	return meta, nil
}

// send signs body, sends it and decodes the reply. The reply body is always
// read to its end when it decodes, and closed, so that the connection goes
// back to the pool.
func (c *Client) send(ctx context.Context, action string, attempt int, body []byte, dec replyDecoder, timeout time.Duration) (meta replyMeta, err error) {
	cred, err := c.credentials.Credentials(ctx)
	if err != nil {
		return meta, fmt.Errorf("faceid: %s: getting credentials: %w", action, unprefixed{err})
	}
	if err := cred.validate(); err != nil {
		return meta, fmt.Errorf("faceid: %s: credentials: %w", action, unprefixed{err})
	}

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := c.newRequest(ctx, action, body, cred)
	if err != nil {
		return meta, &TransportError{Action: action, Err: err}
	}

	start := c.now()
	resp, err := c.httpClient.Do(req)
	if err != nil {
		c.logDebug(ctx, action, attempt, 0, start, "", err)
		return meta, &TransportError{Action: action, Err: err}
	}
	defer func() {
		if err != nil {
			drainBody(resp.Body)
		}
		_ = resp.Body.Close()
	}()
	meta, err = c.readReply(action, resp, dec)
	meta.cred = cred
	c.logDebug(ctx, action, attempt, resp.StatusCode, start, meta.requestID, err)
	return meta, err
}

// newRequest builds the signed HTTP request.
func (c *Client) newRequest(ctx context.Context, action string, body []byte, cred Credentials) (*http.Request, error) {
	// The endpoint was parsed once, in NewClient: the request's URL is
	// parsed from "" and overwritten with it.
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "", nil)
	if err != nil {
		return nil, err
	}
	*req.URL = c.url
	req.Host = c.host
	req.ContentLength = int64(len(body))
	req.Body = newBodyReader(body)
	req.GetBody = func() (io.ReadCloser, error) { return newBodyReader(body), nil }

	const contentType = "application/json"
	now := c.clock()
	// One backing array for every header value.
	vals := make([]string, 0, 9)
	h := req.Header
	set := func(key, value string) {
		vals = append(vals, value)
		h[key] = vals[len(vals)-1 : len(vals) : len(vals)]
	}
	set("Content-Type", contentType)
	set("X-Tc-Action", action)
	set("X-Tc-Version", APIVersion)
	set("X-Tc-Timestamp", c.stamps.format(now.Unix()))
	set("User-Agent", userAgent)
	if c.region != "" {
		set("X-Tc-Region", c.region)
	}
	if c.language != "" {
		set("X-Tc-Language", c.language)
	}
	if cred.Token != "" {
		set("X-Tc-Token", cred.Token)
	}
	set("Authorization", c.signer.Authorization(cred, Service, c.host, contentType, body, now))
	return req, nil
}

// userAgent is the User-Agent header value.
const userAgent = "faceid-go/" + Version

// readReply checks the status and content type and decodes the envelope.
func (c *Client) readReply(action string, resp *http.Response, dec replyDecoder) (replyMeta, error) {
	meta := replyMeta{httpStatus: resp.StatusCode, requestID: resp.Header.Get("X-Tc-Requestid")}
	if date := resp.Header.Get("Date"); date != "" {
		meta.serverDate, _ = http.ParseTime(date)
	}
	if isRedirect(resp.StatusCode) {
		return meta, newRedirectError(action, resp, meta.requestID)
	}
	var body io.Reader = resp.Body
	if !isJSONContentType(resp.Header.Get("Content-Type")) {
		// Some gateways mislabel JSON; anything else is reported with a sample.
		head := make([]byte, 512)
		n, _ := io.ReadFull(&limitedReader{r: body, n: c.maxResponseBytes}, head)
		head = head[:n]
		if !bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte(`{"Response"`)) {
			return meta, c.httpError(action, resp, head, meta.requestID)
		}
		body = io.MultiReader(bytes.NewReader(head), body)
	}

	st := c.getState(body)
	defer c.putState(st)
	r := st.r
	env := envelope{decode: dec.member}
	err := env.read(r)
	if env.requestID != "" {
		meta.requestID = env.requestID
	}
	if err != nil {
		var sinkErr *MediaSinkError
		if errors.As(err, &sinkErr) {
			sinkErr.RequestID = meta.requestID
			return meta, sinkErr
		}
		return meta, &DecodeError{Action: action, Offset: r.Offset(), RequestID: meta.requestID, Err: err}
	}
	switch {
	case env.errCode != "":
		return meta, &APIError{Action: action, Code: env.errCode, Message: env.errMessage,
			RequestID: meta.requestID, HTTPStatus: resp.StatusCode}
	case resp.StatusCode != http.StatusOK:
		return meta, c.httpError(action, resp, nil, meta.requestID)
	case !env.sawResponse:
		return meta, &DecodeError{Action: action, Offset: r.Offset(), RequestID: meta.requestID,
			Err: errors.New(`reply has no "Response" object`)}
	}
	return meta, nil
}

// httpError builds an *HTTPError with a redacted sample of the body.
func (c *Client) httpError(action string, resp *http.Response, head []byte, requestID string) *HTTPError {
	return &HTTPError{
		Action:      action,
		StatusCode:  resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		Sample:      redactText(string(head), 160),
		RequestID:   requestID,
	}
}

// logDebug writes one debug line per attempt: never bodies or headers.
func (c *Client) logDebug(ctx context.Context, action string, attempt, status int, start time.Time, requestID string, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("action", action),
		slog.Int("attempt", attempt),
		slog.Int("status", status),
		slog.Duration("latency", c.now().Sub(start)),
	}
	if requestID != "" {
		attrs = append(attrs, slog.String("request_id", safeRequestID(requestID)))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "faceid call", attrs...)
}

// isJSONContentType reports whether a Content-Type names JSON.
func isJSONContentType(ct string) bool {
	if ct == "application/json" || ct == "application/json; charset=utf-8" {
		return true // the usual values, without parsing
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

// drainBody reads and discards a little of what is left of a body that was
// not decoded to its end, so that the connection can be reused if the rest
// is short. A body that decoded has been read to io.EOF already.
func drainBody(body io.Reader) {
	_, _ = io.CopyN(io.Discard, body, 64<<10)
}

// unprefixed wraps an error of this package, dropping its "faceid: "
// prefix so that a message wrapping it says "faceid: " once.
type unprefixed struct{ error }

func (e unprefixed) Error() string { return strings.TrimPrefix(e.error.Error(), "faceid: ") }

func (e unprefixed) Unwrap() error { return e.error }
