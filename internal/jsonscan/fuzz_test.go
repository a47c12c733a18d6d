package jsonscan

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
	"testing/iotest"
)

// FuzzReaderVsEncodingJSON checks, on arbitrary bytes, that the Reader builds
// the same tree as encoding/json when it accepts the input and fails when it
// rejects it, through a plain source and through a one-byte source with the
// smallest window.
func FuzzReaderVsEncodingJSON(f *testing.F) {
	for _, doc := range corpus {
		f.Add([]byte(doc))
	}
	f.Add([]byte(`{"a":[1,{"b":"\ud83d\ude00"}],"c":-1.5e-3}`))
	f.Add([]byte("[" + strings.Repeat(`"\u00e9x",`, 20) + "0]"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		checkAgainstEncodingJSON(t, doc, NewReader(bytes.NewReader(doc)))
		checkAgainstEncodingJSON(t, doc, newReaderSize(iotest.OneByteReader(bytes.NewReader(doc)), minWindow))
	})
}

// FuzzBase64 checks AppendBase64 and StreamBase64 on a JSON string built
// from the fuzz bytes: they must agree with base64.StdEncoding whenever it
// decodes the text, and with the tolerant reference refBase64 always.
func FuzzBase64(f *testing.F) {
	f.Add([]byte("QUJD"), uint8(0))
	f.Add([]byte("QUJDRA=="), uint8(escSlash))
	f.Add([]byte("QUJDRA"), uint8(escUnicode))
	f.Add([]byte("QUJD\nRA=\n="), uint8(escRawWS))
	f.Add([]byte("+/+/ +/8="), uint8(escSlash|escUnicode))
	f.Add([]byte("QQ==QQ=="), uint8(0))
	f.Add([]byte(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xfe, 0xff}, 100))), uint8(escSlash|8))
	f.Add([]byte("QU\"JD\\"), uint8(0))
	f.Fuzz(func(t *testing.T, text []byte, mode uint8) {
		doc := jsonQuote(text, escapeMode(mode)&(escSlash|escUnicode|escRawWS))
		src := sources[0]
		if mode&8 != 0 {
			// Small, varying reads into a small window: refills everywhere.
			src = source{"jitter", minWindow + int(mode>>4), jitter}
		}
		got, err := decodeBoth(t, src, doc)
		want, ok := refBase64(text)
		if ok != (err == nil) {
			t.Fatalf("text %q: reference ok=%v, Reader error %v", text, ok, err)
		}
		if ok && !bytes.Equal(got, want) {
			t.Fatalf("text %q: Reader %x, reference %x", text, got, want)
		}
		if std, serr := base64.StdEncoding.DecodeString(string(text)); serr == nil {
			if err != nil || !bytes.Equal(got, std) {
				t.Fatalf("text %q: StdEncoding %x, Reader %x, %v", text, std, got, err)
			}
		}
	})
}
