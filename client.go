package faceid

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// Version is this module's version, sent in the User-Agent header.
const Version = "0.1.0"

// Client calls the FaceID API. Create it with NewClient; it is safe for
// concurrent use and should be reused, since it pools connections.
type Client struct {
	endpoint         string
	host             string
	credentials      CredentialsProvider
	region           string
	language         string
	httpClient       *http.Client
	timeout          time.Duration
	maxResponseBytes int64
	logger           *slog.Logger
	now              func() time.Time
	signer           tc3Signer
}

// NewClient returns a client configured by opts. Without options it reads
// credentials from the environment or the profile file at each call, and
// talks to DefaultEndpoint.
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
		host:             u.Host,
		credentials:      s.credentials,
		region:           s.region,
		language:         s.language,
		httpClient:       s.httpClient,
		timeout:          s.timeout,
		maxResponseBytes: s.maxResponseBytes,
		logger:           s.logger,
		now:              s.now,
	}, nil
}

// Endpoint returns the URL requests are sent to.
func (c *Client) Endpoint() string { return c.endpoint }

// String describes the client without secrets.
func (c *Client) String() string { return "faceid.Client{" + c.endpoint + "}" }

// replyMeta is what every reply carries besides its payload.
type replyMeta struct {
	requestID  string
	httpStatus int
}

// fieldDecoder decodes one member of the Response object other than Error
// and RequestId. It must consume exactly one value from r; a returned error
// aborts decoding and is reported as a *DecodeError.
type fieldDecoder func(r *jsonscan.Reader, key []byte) error

// call is the one request path: encode once, sign, send with ctx, check the
// status and content type, decode the envelope once through the size limit.
func (c *Client) call(ctx context.Context, action string, payload any, decode fieldDecoder) (replyMeta, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return replyMeta{}, &ValidationError{Action: action, Field: "request", Problem: "cannot be encoded as JSON: " + err.Error()}
	}
	return c.send(ctx, action, body, decode)
}

// send signs body, sends it and decodes the reply.
func (c *Client) send(ctx context.Context, action string, body []byte, decode fieldDecoder) (meta replyMeta, err error) {
	cred, err := c.credentials.Credentials(ctx)
	if err != nil {
		return meta, fmt.Errorf("faceid: %s: getting credentials: %w", action, err)
	}
	if err := cred.validate(); err != nil {
		return meta, fmt.Errorf("faceid: %s: credentials: %w", action, err)
	}

	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := c.newRequest(ctx, action, body, cred)
	if err != nil {
		return meta, &TransportError{Action: action, Err: err}
	}

	start := c.now()
	resp, err := c.httpClient.Do(req)
	if err != nil {
		c.logDebug(ctx, action, 0, start, "", err)
		return meta, &TransportError{Action: action, Err: err}
	}
	defer closeBody(resp.Body)

	meta, err = c.readReply(action, resp, decode)
	c.logDebug(ctx, action, resp.StatusCode, start, meta.requestID, err)
	return meta, err
}

// newRequest builds the signed HTTP request.
func (c *Client) newRequest(ctx context.Context, action string, body []byte, cred Credentials) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	const contentType = "application/json"
	now := c.now()
	h := req.Header
	h["Content-Type"] = []string{contentType}
	h["X-Tc-Action"] = []string{action}
	h["X-Tc-Version"] = []string{APIVersion}
	h["X-Tc-Timestamp"] = []string{strconv.FormatInt(now.Unix(), 10)}
	h["User-Agent"] = []string{"faceid-go/" + Version}
	if c.region != "" {
		h["X-Tc-Region"] = []string{c.region}
	}
	if c.language != "" {
		h["X-Tc-Language"] = []string{c.language}
	}
	if cred.Token != "" {
		h["X-Tc-Token"] = []string{cred.Token}
	}
	h["Authorization"] = []string{c.signer.authorization(cred, Service, c.host, contentType, body, now)}
	req.Host = c.host
	return req, nil
}

// readReply checks the status and content type and decodes the envelope.
func (c *Client) readReply(action string, resp *http.Response, decode fieldDecoder) (replyMeta, error) {
	meta := replyMeta{httpStatus: resp.StatusCode, requestID: resp.Header.Get("X-Tc-Requestid")}
	var body io.Reader = &limitedReader{r: resp.Body, n: c.maxResponseBytes}
	if !isJSONContentType(resp.Header.Get("Content-Type")) {
		// Some gateways mislabel JSON; anything else is reported with a sample.
		head := make([]byte, 512)
		n, _ := io.ReadFull(body, head)
		head = head[:n]
		if !bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte(`{"Response"`)) {
			return meta, c.httpError(action, resp, head, meta.requestID)
		}
		body = io.MultiReader(bytes.NewReader(head), body)
	}

	env := envelope{decode: decode}
	r := jsonscan.NewReader(body)
	err := env.read(r)
	if env.requestID != "" {
		meta.requestID = env.requestID
	}
	if err != nil {
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
func (c *Client) logDebug(ctx context.Context, action string, status int, start time.Time, requestID string, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("action", action),
		slog.Int("status", status),
		slog.Duration("latency", c.now().Sub(start)),
	}
	if requestID != "" {
		attrs = append(attrs, slog.String("request_id", requestID))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "faceid call", attrs...)
}

// isJSONContentType reports whether a Content-Type names JSON.
func isJSONContentType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

// closeBody drains a little of what is left, so the connection can be
// reused, and closes the body.
func closeBody(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 64<<10)
	_ = body.Close()
}

// limitedReader fails with ErrResponseTooLarge instead of ending quietly at its
// limit, so a cut-off reply is never mistaken for a complete one.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var probe [1]byte
		n, err := l.r.Read(probe[:])
		if n > 0 {
			return 0, ErrResponseTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
