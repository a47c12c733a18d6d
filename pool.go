package faceid

import (
	"bytes"
	"io"
	"strconv"
	"sync/atomic"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// What a call reuses: the decoding window and the chunks media are decoded
// into (pooled per client, never holding memory given to callers), and
// small helpers that save allocations on the request path.

// bodyReader is a request body: a bytes.Reader with a no-op Close.
type bodyReader struct{ bytes.Reader }

func newBodyReader(b []byte) *bodyReader {
	r := new(bodyReader)
	r.Reset(b)
	return r
}

// Close does nothing.
func (*bodyReader) Close() error { return nil }

// stampCache keeps the decimal form of the last Unix time formatted, since
// consecutive requests are usually signed within the same second.
type stampCache struct{ last atomic.Pointer[stamp] }

type stamp struct {
	unix int64
	text string
}

// format returns unix in decimal.
func (s *stampCache) format(unix int64) string {
	if p := s.last.Load(); p != nil && p.unix == unix {
		return p.text
	}
	p := &stamp{unix: unix, text: strconv.FormatInt(unix, 10)}
	s.last.Store(p)
	return p.text
}

// decodeState is what decoding a reply needs besides the decoder: pooled
// per client, so that a call allocates no window and, in the steady state,
// no chunks for its media. r keeps at most 8 MiB of those chunks; a state
// dropped by the pool (at garbage collection) releases them.
type decodeState struct {
	lim limitedReader
	r   *jsonscan.Reader
}

// getState returns a decodeState reading body through the size limit.
func (c *Client) getState(body io.Reader) *decodeState {
	st, _ := c.states.Get().(*decodeState)
	if st == nil {
		st = &decodeState{r: jsonscan.NewReader(nil)}
	}
	st.lim = limitedReader{r: body, n: c.maxResponseBytes}
	st.r.Reset(&st.lim)
	return st
}

// putState returns st to the pool, dropping its references to the body.
func (c *Client) putState(st *decodeState) {
	st.r.Reset(nil)
	st.lim = limitedReader{}
	c.states.Put(st)
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
	if err != nil && err != io.EOF {
		err = &readFailure{err}
	}
	return n, err
}
