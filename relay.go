package faceid

import (
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"io"
	"sync"
)

// relayChunk is the size of the pieces a relay hands between goroutines:
// large enough that the hand-offs cost little, small enough that the
// pieces in flight (at most about 2*relayDepth+3) stay near a megabyte.
const relayChunk = 64 << 10

// relayDepth is how many pieces may wait between two stages: enough slack
// that a stage rarely waits for another (measured with
// BenchmarkSealedReply: 8 pieces of 64 KiB beat 2, 4, and larger pieces).
const relayDepth = 8

// A relay carries a stream between goroutines in pieces, so that each
// stage works on one piece while the next stage works on the one before:
// the decoding of EncryptedBody's base64, its decryption and the decoding
// of the plaintext run side by side. The first failure of any stage stops
// them all.
type relay struct {
	stop   chan struct{}
	once   sync.Once
	err    error // the first failure; read after stop is closed
	pieces *piecePool
}

func newRelay(pieces *piecePool) *relay {
	return &relay{stop: make(chan struct{}), pieces: pieces}
}

// fail stops every stage with err, unless a stage failed before.
func (rl *relay) fail(err error) {
	rl.once.Do(func() { rl.err = err; close(rl.stop) })
}

// failure returns the error the relay stopped with.
func (rl *relay) failure() error {
	<-rl.stop
	return rl.err
}

// piece returns an empty piece to fill.
func (rl *relay) piece() []byte { return rl.pieces.get() }

// recycle gives a consumed piece back.
func (rl *relay) recycle(b []byte) { rl.pieces.put(b) }

// piecePool keeps the pieces of relays between calls, so that a whole
// sealed reply costs its pieces once per client rather than once per
// call. A piece is cleared when it comes back: it may have held plaintext.
type piecePool struct{ pool sync.Pool }

// get returns an empty piece of relayChunk bytes' capacity.
func (pp *piecePool) get() []byte {
	if p, _ := pp.pool.Get().(*[relayChunk]byte); p != nil {
		return p[:0]
	}
	return make([]byte, 0, relayChunk)
}

// put clears a piece that get returned, sliced or not, and keeps it.
func (pp *piecePool) put(b []byte) {
	if cap(b) != relayChunk {
		return
	}
	p := (*[relayChunk]byte)(b[:relayChunk])
	clear(p[:])
	pp.pool.Put(p)
}

// send passes b on, unless the relay stopped.
func (rl *relay) send(ch chan<- []byte, b []byte) bool {
	select {
	case ch <- b:
		return true
	case <-rl.stop:
		return false
	}
}

// receive takes the next piece; ok is false when ch is closed or the relay
// stopped.
func (rl *relay) receive(ch <-chan []byte) (b []byte, ok bool) {
	select {
	case b, ok = <-ch:
		return b, ok
	case <-rl.stop:
		return nil, false
	}
}

// stopped reports whether the relay stopped.
func (rl *relay) stopped() bool {
	select {
	case <-rl.stop:
		return true
	default:
		return false
	}
}

// relayWriter is the first stage's end: an io.Writer cutting what it is
// given into full pieces.
type relayWriter struct {
	rl  *relay
	out chan<- []byte
	cur []byte
}

// Write copies p into pieces, passing on each piece that fills.
func (w *relayWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if w.cur == nil {
			w.cur = w.rl.piece()
		}
		k := copy(w.cur[len(w.cur):cap(w.cur)], p)
		w.cur = w.cur[:len(w.cur)+k]
		p = p[k:]
		if len(w.cur) == cap(w.cur) {
			if !w.rl.send(w.out, w.cur) {
				return 0, w.rl.failure()
			}
			w.cur = nil
		}
	}
	return n, nil
}

// close passes on the last piece and ends the stream.
func (w *relayWriter) close() {
	if len(w.cur) > 0 && !w.rl.send(w.out, w.cur) {
		return
	}
	close(w.out)
}

// decryptPieces is the middle stage: it decrypts AES-256-CBC ciphertext
// piece by piece in place, every piece but the last being a whole number
// of blocks, and passes each on once the next has come, so that the last
// one can be checked and stripped of its PKCS#7 padding first. It closes
// out when the stream ends well.
func decryptPieces(rl *relay, mode cipher.BlockMode, in <-chan []byte, out chan<- []byte) {
	var held []byte
	for {
		b, ok := rl.receive(in)
		if !ok {
			break
		}
		if len(b)%aes.BlockSize != 0 {
			// Only the last piece can be short: the ciphertext is not a
			// whole number of blocks.
			rl.fail(&CryptoError{Algorithm: AlgorithmAES256CBC, Op: "open", Problem: "the ciphertext is not a whole number of 16-byte blocks"})
			return
		}
		mode.CryptBlocks(b, b)
		if held != nil && !rl.send(out, held) {
			return
		}
		held = b
	}
	if rl.stopped() {
		return
	}
	if len(held) == 0 {
		rl.fail(&CryptoError{Algorithm: AlgorithmAES256CBC, Op: "open", Problem: "the ciphertext is empty"})
		return
	}
	n, ok := unpadPKCS7(held)
	if !ok {
		clear(held)
		rl.fail(&CryptoError{Algorithm: AlgorithmAES256CBC, Op: "open", Problem: "bad padding: the body was not sealed with this key and IV, or was altered"})
		return
	}
	if rl.send(out, held[:n]) {
		close(out)
	}
}

// relayReader is the last stage's source: an io.Reader over the pieces.
type relayReader struct {
	rl  *relay
	in  <-chan []byte
	cur []byte // unread part of the piece
	buf []byte // the piece cur is in, recycled once read
}

// Read implements io.Reader; the stream ends with io.EOF when the stage
// before closed it, or with the relay's failure.
func (r *relayReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.buf != nil {
			r.rl.recycle(r.buf)
			r.buf = nil
		}
		b, ok := r.rl.receive(r.in)
		if !ok {
			if r.rl.stopped() {
				return 0, errRelayStopped
			}
			return 0, io.EOF
		}
		r.cur, r.buf = b, b
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// errRelayStopped ends the reading of a relay that another stage stopped;
// the relay's own failure says why.
var errRelayStopped = errors.New("faceid: the decryption stopped")
