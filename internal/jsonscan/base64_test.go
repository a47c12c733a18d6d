package jsonscan

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
)

// refBase64 is the reference for what AppendBase64 accepts: standard base64
// with whitespace anywhere and with '=' padding optional (but, when present,
// in the right place and not too long).
func refBase64(text []byte) ([]byte, bool) {
	var t []byte
	for _, c := range text {
		if !isSpace(c) {
			t = append(t, c)
		}
	}
	data, pads := t, []byte(nil)
	if i := bytes.IndexByte(t, '='); i >= 0 {
		data, pads = t[:i], t[i:]
		if len(bytes.Trim(pads, "=")) > 0 {
			return nil, false
		}
		if rem := len(data) % 4; rem < 2 || len(pads) > 4-rem {
			return nil, false
		}
	}
	if len(data)%4 == 1 {
		return nil, false
	}
	out, err := base64.RawStdEncoding.DecodeString(string(data))
	return out, err == nil
}

// escapeMode selects how jsonQuote writes a text.
type escapeMode uint8

const (
	escSlash   escapeMode = 1 << iota // '/' as \/
	escUnicode                        // every 7th character as \u00XX
	escRawWS                          // tab, LF and CR raw rather than escaped
)

// jsonQuote writes text as a JSON string literal that decodes back to text
// (bytes >= 0x80 are written raw).
func jsonQuote(text []byte, mode escapeMode) []byte {
	out := []byte{'"'}
	for i, c := range text {
		switch {
		case c == '"' || c == '\\':
			out = append(out, '\\', c)
		case c == '/' && mode&escSlash != 0:
			out = append(out, '\\', '/')
		case (c == '\n' || c == '\r' || c == '\t') && mode&escRawWS != 0:
			out = append(out, c)
		case c == '\n':
			out = append(out, '\\', 'n')
		case c < 0x20 || (mode&escUnicode != 0 && i%7 == 3 && c < 0x80):
			out = fmt.Appendf(out, `\u%04X`, c)
		default:
			out = append(out, c)
		}
	}
	return append(out, '"')
}

// decodeBoth decodes the JSON string doc with AppendBase64 and with
// StreamBase64 over the given source, checking that they agree and that the
// Reader is at the end of the document.
func decodeBoth(t *testing.T, src source, doc []byte) ([]byte, error) {
	t.Helper()
	r := newReaderSize(src.wrap(bytes.NewReader(doc)), src.window)
	got, err := r.AppendBase64([]byte("prefix"))
	if !bytes.HasPrefix(got, []byte("prefix")) {
		t.Fatalf("%s: AppendBase64 lost the prefix", src.name)
	}
	got = got[len("prefix"):]
	if err == nil {
		if err := r.End(); err != nil {
			t.Fatalf("%s: End after AppendBase64: %v", src.name, err)
		}
	}
	if len(r.buf) != src.window {
		t.Fatalf("%s: window grew to %d", src.name, len(r.buf))
	}
	r = newReaderSize(src.wrap(bytes.NewReader(doc)), src.window)
	var w chunkWriter
	n, serr := r.StreamBase64(&w)
	if n != int64(w.buf.Len()) || !bytes.Equal(w.buf.Bytes(), got) || w.max > streamChunk {
		t.Fatalf("%s: StreamBase64 wrote %d (%d reported, max chunk %d), AppendBase64 %d",
			src.name, w.buf.Len(), n, w.max, len(got))
	}
	if (err == nil) != (serr == nil) || (err != nil && err.Error() != serr.Error()) {
		t.Fatalf("%s: AppendBase64 error %v, StreamBase64 error %v", src.name, err, serr)
	}
	checkReadBase64(t, src, doc, got, err)
	return got, err
}

// checkReadBase64 decodes doc with ReadBase64 on a fresh Reader and again
// after Reset, with the chunks of the first pass reused, and checks that
// both agree with AppendBase64's result want and error wantErr.
func checkReadBase64(t *testing.T, src source, doc, want []byte, wantErr error) {
	t.Helper()
	if wantErr != nil || len(want) == 0 {
		want = nil // ReadBase64 keeps no partial result
	}
	r := newReaderSize(src.wrap(bytes.NewReader(doc)), src.window)
	for pass := range 2 {
		got, err := r.ReadBase64()
		if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
			t.Fatalf("%s: pass %d: AppendBase64 error %v, ReadBase64 error %v", src.name, pass, wantErr, err)
		}
		if !bytes.Equal(got, want) || (got == nil) != (want == nil) || cap(got) != len(got) {
			t.Fatalf("%s: pass %d: ReadBase64 returned %d bytes (cap %d), AppendBase64 %d",
				src.name, pass, len(got), cap(got), len(want))
		}
		if err == nil {
			if err := r.End(); err != nil {
				t.Fatalf("%s: pass %d: End after ReadBase64: %v", src.name, pass, err)
			}
		}
		r.Reset(src.wrap(bytes.NewReader(doc)))
	}
}

// chunkWriter records what is written and the largest write.
type chunkWriter struct {
	buf bytes.Buffer
	max int
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	w.max = max(w.max, len(p))
	return w.buf.Write(p)
}

func TestBase64RoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	lengths := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 31, 32, 33, 100, 1000, 3000, 24577, 70001}
	type variant struct {
		name string
		text func(raw []byte) []byte
		mode escapeMode
	}
	wrapLines := func(s, sep string, width int) []byte {
		var b strings.Builder
		for i := 0; i < len(s); i += width {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(s[i:min(len(s), i+width)])
		}
		return []byte(b.String())
	}
	variants := []variant{
		{"padded", func(raw []byte) []byte { return []byte(base64.StdEncoding.EncodeToString(raw)) }, 0},
		{"unpadded", func(raw []byte) []byte { return []byte(base64.RawStdEncoding.EncodeToString(raw)) }, 0},
		{"slash-escaped", func(raw []byte) []byte { return []byte(base64.StdEncoding.EncodeToString(raw)) }, escSlash},
		{"unicode-escaped", func(raw []byte) []byte { return []byte(base64.StdEncoding.EncodeToString(raw)) }, escUnicode | escSlash},
		{"escaped-newlines", func(raw []byte) []byte {
			return wrapLines(base64.StdEncoding.EncodeToString(raw), "\n", 76)
		}, 0},
		{"raw-crlf", func(raw []byte) []byte {
			return wrapLines(base64.StdEncoding.EncodeToString(raw), "\r\n", 76)
		}, escRawWS},
		{"raw-lf-odd-width", func(raw []byte) []byte {
			return wrapLines(base64.RawStdEncoding.EncodeToString(raw), "\n", 61)
		}, escRawWS},
		{"spaces", func(raw []byte) []byte {
			return wrapLines(base64.StdEncoding.EncodeToString(raw), " \t ", 5)
		}, 0},
		{"trailing-space", func(raw []byte) []byte {
			return []byte("  " + base64.StdEncoding.EncodeToString(raw) + "\n ")
		}, escRawWS},
	}
	for _, n := range lengths {
		raw := make([]byte, n)
		for i := range raw {
			raw[i] = byte(rng.Uint32())
		}
		for _, v := range variants {
			doc := jsonQuote(v.text(raw), v.mode)
			for _, src := range sources {
				if n > 5000 && strings.Contains(src.name, "onebyte") && v.name != "padded" {
					continue // keep the test quick
				}
				got, err := decodeBoth(t, src, doc)
				if err != nil || !bytes.Equal(got, raw) {
					t.Fatalf("%s/%s/%d: got %d bytes, %v", v.name, src.name, n, len(got), err)
				}
			}
		}
	}
}

func TestBase64Invalid(t *testing.T) {
	cases := []struct {
		text    string
		badAt   int // offset of the fault within the JSON string literal
		partial string
	}{
		{"Q", 2, ""},
		{"QUJDQ", 6, "ABC"},
		{"QUJD!", 5, "ABC"},
		{"QUJD QUJDQ", 11, "ABCABC"},
		{"QQ==QQ==", 5, "A"},
		{"=QQ", 1, ""},
		{"Q===", 2, ""},
		{"QQ===", 5, "A"},
		{"QUI==", 5, "AB"},
		{`QU\u00e9`, 3, ""},
		{`QUJD\u0000`, 5, "ABC"},
		{"QUJ\xc3\xa9", 4, ""},
		{"QUJD-_", 5, "ABC"},
		{`\/\/\/\/QU*D`, 11, "\xff\xff\xff"},
		{strings.Repeat(`QUJ\/`, 300) + "QU=D", 1504, strings.Repeat("AB\x7f", 300) + "A"},
		{`QUJD\nQ\nQ\n=\nQ`, 16, "ABCA"},
		{strings.Repeat("QUJD", 10000) + "*" + strings.Repeat("QUJD", 10000), 40001, strings.Repeat("ABC", 10000)},
	}
	for _, c := range cases {
		lit := `"` + c.text + `"`
		if _, ok := refBase64(bytes.ReplaceAll([]byte(c.text), []byte(`\u00e9`), []byte("é"))); ok {
			t.Errorf("reference accepts %q", c.text)
		}
		doc := `{"a": ` + lit + `, "b": "QUJD"}`
		for _, src := range sources {
			if len(doc) > 5000 && strings.Contains(src.name, "onebyte") {
				continue
			}
			for _, method := range []string{"append", "stream", "read"} {
				r := newReaderSize(src.wrap(strings.NewReader(doc)), src.window)
				var errs []error
				var out []string
				err := r.Object(func([]byte) error {
					var got []byte
					var err error
					switch method {
					case "stream":
						var b bytes.Buffer
						_, err = r.StreamBase64(&b)
						got = b.Bytes()
					case "append":
						got, err = r.AppendBase64(nil)
					default:
						got, err = r.ReadBase64()
					}
					errs = append(errs, err)
					out = append(out, string(got))
					return nil
				})
				if err != nil || len(errs) != 2 {
					t.Fatalf("%s: %s: %q: Object: %v", src.name, method, c.text, err)
				}
				var be *Base64Error
				if !errors.As(errs[0], &be) {
					t.Fatalf("%s: %q: got %v, want *Base64Error", src.name, c.text, errs[0])
				}
				if want := int64(len(`{"a": `) + c.badAt); be.Offset != want {
					t.Errorf("%s: %q: offset %d, want %d", src.name, shorten(c.text), be.Offset, want)
				}
				partial := c.partial
				if method == "read" {
					partial = "" // ReadBase64 returns no partial result
				}
				if out[0] != partial {
					t.Errorf("%s: %s: %q: partial output %q, want %q", src.name, method, shorten(c.text), shorten(out[0]), shorten(partial))
				}
				if errs[1] != nil || out[1] != "ABC" {
					t.Errorf("%s: %q: next member %q, %v", src.name, c.text, out[1], errs[1])
				}
			}
		}
	}
}

func shorten(s string) string {
	if len(s) > 20 {
		return s[:20] + "..."
	}
	return s
}

func TestBase64NullTypeAndSyntax(t *testing.T) {
	forSources(t, `[null, 12, {"a":"QUJD"}, "QUJD"]`, func(name string, r *Reader) {
		var results []string
		err := r.Array(func(i int) error {
			var w bytes.Buffer
			n, err := r.StreamBase64(&w)
			results = append(results, fmt.Sprintf("%d:%q:%v", n, w.String(), kindOfErr(err)))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := `0:"":<nil>|0:"":number|0:"":object|3:"ABC":<nil>`
		if got := strings.Join(results, "|"); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	})
	forSources(t, `[null, false, {"a":"QUJD"}, "QUJD", ""]`, func(name string, r *Reader) {
		var results []string
		err := r.Array(func(i int) error {
			got, err := r.ReadBase64()
			results = append(results, fmt.Sprintf("%q:%v:%v", got, got == nil, kindOfErr(err)))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := `"":true:<nil>|"":true:bool|"":true:object|"ABC":false:<nil>|"":true:<nil>`
		if got := strings.Join(results, "|"); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	})
	forSources(t, `[null, true, ["QUJD"], "QUJD"]`, func(name string, r *Reader) {
		var results []string
		err := r.Array(func(i int) error {
			got, err := r.AppendBase64([]byte("x"))
			results = append(results, fmt.Sprintf("%q:%v", got, kindOfErr(err)))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := `"x":<nil>|"x":bool|"x":array|"xABC":<nil>`
		if got := strings.Join(results, "|"); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	})
	for _, in := range []string{`"QUJD`, `"QUJDQUJD\`, `"QU\u00`, "\"QU\x01JD\"", `"QU\xJD"`} {
		for _, method := range []string{"append", "stream", "read"} {
			forSources(t, in, func(name string, r *Reader) {
				var err error
				switch method {
				case "stream":
					_, err = r.StreamBase64(io.Discard)
				case "append":
					_, err = r.AppendBase64(nil)
				default:
					var got []byte
					got, err = r.ReadBase64()
					if got != nil {
						t.Errorf("%s: %q: ReadBase64 returned %q with %v", name, in, got, err)
					}
				}
				se := asSyntax(t, err)
				wantEOF := !strings.ContainsAny(in, "\x01x")
				if errors.Is(err, io.ErrUnexpectedEOF) != wantEOF {
					t.Errorf("%s: %q: %v, want eof=%v", name, in, se, wantEOF)
				}
			})
		}
	}
}

// kindOfErr describes err for comparisons: <nil>, the Got kind of a
// *TypeError, or the error text.
func kindOfErr(err error) string {
	var te *TypeError
	if errors.As(err, &te) {
		return te.Got.String()
	}
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// failWriter fails once it has accepted limit bytes; with short set it
// reports a short write instead of an error.
type failWriter struct {
	limit, n int
	short    bool
}

var errWrite = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n+len(p) > w.limit {
		k := w.limit - w.n
		w.n = w.limit
		if w.short {
			return k, nil
		}
		return k, errWrite
	}
	w.n += len(p)
	return len(p), nil
}

func TestStreamBase64WriterError(t *testing.T) {
	raw := bytes.Repeat([]byte("0123456789"), 10000)
	doc := `{"video": "` + base64.StdEncoding.EncodeToString(raw) + `", "next": "QUJD"}`
	for _, short := range []bool{false, true} {
		forSources(t, doc, func(name string, r *Reader) {
			w := &failWriter{limit: 20000, short: short}
			var n int64
			var werr error
			var next []byte
			err := r.Object(func(key []byte) error {
				if string(key) == "video" {
					n, werr = r.StreamBase64(w)
					return nil
				}
				var err error
				next, err = r.AppendBase64(nil)
				return err
			})
			if err != nil {
				t.Fatalf("%s: Object: %v", name, err)
			}
			wantErr := errWrite
			if short {
				wantErr = io.ErrShortWrite
			}
			var be *Base64Error
			if !errors.Is(werr, wantErr) || errors.As(werr, &be) {
				t.Errorf("%s: StreamBase64 error %v, want wrapped %v", name, werr, wantErr)
			}
			if n != 20000 {
				t.Errorf("%s: wrote %d, want 20000", name, n)
			}
			if string(next) != "ABC" {
				t.Errorf("%s: next member %q", name, next)
			}
		})
	}
}

func TestBase64LargeSmallWindow(t *testing.T) {
	raw := make([]byte, 1<<20)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range raw {
		raw[i] = byte(rng.Uint32())
	}
	doc := jsonQuote([]byte(base64.StdEncoding.EncodeToString(raw)), escSlash)
	for _, window := range []int{minWindow, 17, 18, 19, 100, 4096} {
		src := source{fmt.Sprintf("half/w%d", window), window, func(r io.Reader) io.Reader { return jitter(r) }}
		got, err := decodeBoth(t, src, doc)
		if err != nil || !bytes.Equal(got, raw) {
			t.Fatalf("window %d: %d bytes, %v", window, len(got), err)
		}
	}
}

// jitter wraps r so reads return varying small sizes.
func jitter(r io.Reader) io.Reader { return &jitterReader{r: r} }

// jitterReader returns reads of 1 to 37 bytes.
type jitterReader struct {
	r io.Reader
	n int
}

func (j *jitterReader) Read(p []byte) (int, error) {
	j.n = j.n%37 + 1
	return j.r.Read(p[:min(len(p), j.n)])
}

func TestRefBase64(t *testing.T) {
	for text, want := range map[string]string{
		"": "", "QQ": "A", "QQ=": "A", "QQ==": "A", "QUI": "AB", "QUI=": "AB", " Q U I = ": "AB",
		"QUJD": "ABC", "QUJDQQ": "ABCA",
	} {
		got, ok := refBase64([]byte(text))
		if !ok || string(got) != want {
			t.Errorf("refBase64(%q) = %q, %v", text, got, ok)
		}
	}
	for _, text := range []string{"Q", "QQ===", "QUI==", "=", "QUJD=", "QQ==QQ", "Q=Q=", "QQ=x"} {
		if _, ok := refBase64([]byte(text)); ok {
			t.Errorf("refBase64(%q) accepted", text)
		}
	}
}

// TestBase64BoundarySweep moves a feature of the text (padding followed by
// more data, an escape, whitespace, a bad byte) across every position
// relative to window refills.
func TestBase64BoundarySweep(t *testing.T) {
	features := []struct {
		name string
		mid  string // inserted between runs of "QUJD"
		ok   bool
		want string
	}{
		{"pad-then-data", "QQ==", false, ""},
		{"pad-then-space", "QQ== ", true, "A"}, // valid only at the end; see below
		{"escape", `QU\u004AD`, true, "ABC"},
		{"slash", `\/\/\/\/`, true, "\xff\xff\xff"},
		{"space", "QU JD", true, "ABC"},
		{"bad", "QU*D", false, ""},
	}
	windows := []int{16, 17, 18, 19, 20, 21, 22, 23}
	wraps := map[string]func(io.Reader) io.Reader{
		"plain":  func(r io.Reader) io.Reader { return r },
		"half":   iotestHalf,
		"jitter": jitter,
	}
	for _, f := range features {
		for before := range 12 {
			text := strings.Repeat("QUJD", before) + f.mid
			want := strings.Repeat("ABC", before) + f.want
			after := "QUJD"
			if f.name == "pad-then-space" {
				after = "" // padding must end the data
			} else {
				want += "ABC"
			}
			doc := []byte(`"` + text + after + `"`)
			for _, w := range windows {
				for wname, wrap := range wraps {
					src := source{fmt.Sprintf("%s/w%d", wname, w), w, wrap}
					got, err := decodeBoth(t, src, doc)
					if f.ok {
						if err != nil || string(got) != want {
							t.Errorf("%s/%d/%s: %q, %v; want %q", f.name, before, src.name, got, err, want)
						}
						continue
					}
					var be *Base64Error
					if !errors.As(err, &be) {
						t.Errorf("%s/%d/%s: error %v, want *Base64Error", f.name, before, src.name, err)
					}
				}
			}
		}
	}
}

func iotestHalf(r io.Reader) io.Reader { return iotest.HalfReader(r) }

func TestUnescapeBase64(t *testing.T) {
	cases := []struct {
		stage    int
		win      string
		n, used  int
		unescape string
	}{
		{64, `QUJD`, 4, 4, "QUJD"},
		{64, `QUJ`, 0, 0, ""},
		{64, `QUJ\/QU`, 4, 5, "QUJ/"},
		{64, `QU\n\nJ\/`, 4, 9, "QUJ/"},
		{64, `QUJD\n\r\t"rest`, 4, 10, "QUJD"},
		{64, `QUJD\u002F`, 4, 4, "QUJD"},
		{64, `QUJDQUJDQUJD\`, 12, 12, "QUJDQUJDQUJD"},
		{8, `QUJDQUJDQUJD`, 8, 8, "QUJDQUJD"},
		{9, `QUJDQUJDQUJD`, 8, 8, "QUJDQUJD"},
		{6, `\/\/\/\/\/\/\/`, 4, 8, "////"},
		{64, `"QUJD`, 0, 0, ""},
	}
	for _, c := range cases {
		stage := make([]byte, c.stage)
		n, used := unescapeBase64(stage, []byte(c.win))
		if n != c.n || used != c.used || string(stage[:n]) != c.unescape {
			t.Errorf("unescapeBase64(%d, %q) = %d, %d (%q); want %d, %d (%q)",
				c.stage, c.win, n, used, stage[:n], c.n, c.used, c.unescape)
		}
	}
}
