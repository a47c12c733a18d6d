package faceid

import (
	"context"
	"errors"
	"time"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// CallOption changes one call: its timeout, its retry policy or its
// encryption. Every
// action method takes them last.
type CallOption func(*callConfig) error

// callConfig is what a call runs with: the client's settings, changed by
// its CallOptions.
type callConfig struct {
	timeout    time.Duration
	retry      RetryPolicy
	encryption *encryption // nil: the call goes in clear
}

// WithCallTimeout bounds each attempt of this call, instead of the
// client's WithTimeout.
func WithCallTimeout(d time.Duration) CallOption {
	return func(c *callConfig) error {
		if d <= 0 {
			return errors.New("WithCallTimeout: " + d.String() + " is not a positive duration")
		}
		c.timeout = d
		return nil
	}
}

// WithCallRetry replaces the client's retry policy for this call; zero
// fields take the defaults, and MaxAttempts 1 turns retries off. The
// client's retry budget still applies.
func WithCallRetry(p RetryPolicy) CallOption {
	return func(c *callConfig) error {
		if p.MaxAttempts < 0 || p.BaseDelay < 0 || p.MaxDelay < 0 {
			return errors.New("WithCallRetry: MaxAttempts, BaseDelay and MaxDelay must not be negative")
		}
		c.retry = p.withDefaults()
		return nil
	}
}

// request is implemented by the generated requests.
type request interface {
	// validate checks the request before anything is sent.
	validate() error
	jsonBody
}

// validated wraps a request its method has validated and normalised
// itself, such as DetectAuth's.
type validated struct{ jsonBody }

func (validated) validate() error { return nil }

// response is implemented by the generated responses.
type response interface {
	// decodeMember decodes one member of the reply's Response object.
	decodeMember(d *wireDecoder, r *jsonscan.Reader, key []byte) error
	// meta returns where the RequestId and the decoding problems go.
	meta() (requestID *string, problems *[]FieldProblem)
	// reset forgets what a failed attempt decoded.
	reset()
}

// invoke is the one path every generated action takes: validate the
// request, encode it once, send it with retries, and decode the reply into
// resp with the strict, tolerant member decoders. On error resp must not
// be used.
func (c *Client) invoke(ctx context.Context, action string, req request, resp response, opts []CallOption) error {
	if err := req.validate(); err != nil {
		return err
	}
	requestID, problems := resp.meta()
	d := wireDecoder{problems: problems}
	dec := replyDecoder{
		member: func(r *jsonscan.Reader, key []byte) error { return resp.decodeMember(&d, r, key) },
		reset: func() {
			resp.reset()
			d.reset()
		},
	}
	if s, ok := resp.(interface{ streamed() bool }); ok {
		dec.started = s.streamed
	}
	if s, ok := resp.(interface{ streams() bool }); ok {
		dec.streaming = s.streams()
	}
	if s, ok := resp.(sealedReply); ok {
		dec.sealed = s
	}
	meta, err := c.callWith(ctx, action, req, dec, opts...)
	if err != nil {
		return err
	}
	*requestID = meta.requestID
	return nil
}
