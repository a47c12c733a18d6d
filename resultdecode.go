package faceid

import (
	"bytes"
	"fmt"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// resultDecoder fills a DetectInfo from a reply in one pass. Values of an
// unexpected type and malformed base64 are recorded in info.Problems and
// skipped; only malformed JSON, a failing body or a failing media sink stops
// it. Its member method and object decoders are generated from the spec
// (zz_result_gen.go); the object decoders also decode the same objects of
// an EidResult, on the wireDecoder of that call: one set of rules for both
// results.
//
// Media are base64-decoded straight from the reader's window: each into a
// slice of its own size (see media) when they are kept in memory, or to the
// writers a MediaSink hands out when they are streamed.
type resultDecoder struct {
	*wireDecoder
	info *DetectInfo

	// Streamed: media go to the writers sink returns, through w; sinkUsed
	// records that the sink has been given data, after which the call
	// cannot be retried.
	sink     MediaSink
	w        sinkWriter
	sinkUsed bool
}

// newResultDecoder returns a decoder into info; the call's wireDecoder is
// set by decodeMember.
func newResultDecoder(info *DetectInfo) *resultDecoder { return &resultDecoder{info: info} }

// The result reads go through Client.invoke with the resultDecoder as
// their response: it decodes each member into the DetectInfo, on the
// call's wireDecoder, and reports when media have been streamed, after
// which the call is not retried. A call that returns an error returns no
// result, so that nothing is judged from a reply that was cut off,
// ambiguous or contradictory.

func (d *resultDecoder) decodeMember(w *wireDecoder, r *jsonscan.Reader, key []byte) error {
	d.wireDecoder = w
	return d.member(r, key)
}

func (d *resultDecoder) meta() (*string, *[]FieldProblem) { return &d.info.RequestID, &d.info.Problems }

// reset forgets what a failed attempt decoded, before the next attempt.
func (d *resultDecoder) reset() {
	*d.info = DetectInfo{textNotRequested: d.info.textNotRequested}
}

// streamed reports that media have left the SDK for the caller's sink.
func (d *resultDecoder) streamed() bool { return d.sinkUsed }

// streams reports whether media go to a sink.
func (d *resultDecoder) streams() bool { return d.sink != nil }

// embeddedDocument decodes the legacy GetDetectInfo reply, whose DetectInfo
// member is a JSON document inside a string. The document must parse
// completely: anything else fails the call, since a verdict must never be
// drawn from part of a result.
func (d *resultDecoder) embeddedDocument(r *jsonscan.Reader) error {
	kind, err := r.Peek()
	if err != nil {
		return err
	}
	if kind == jsonscan.KindNull {
		return r.Skip() // no result part was returned
	}
	if kind != jsonscan.KindString {
		if err := r.Skip(); err != nil {
			return err
		}
		return fmt.Errorf("DetectInfo is a %v, not a string holding a JSON document", kind)
	}
	// The buffer grows with the bytes actually read, never with a declared
	// length alone.
	doc, err := r.AppendString(nil)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil
	}
	inner := jsonscan.NewReader(bytes.NewReader(doc))
	err = inner.Object(func(key []byte) error { return d.member(inner, key) })
	if err == nil {
		err = inner.End()
	}
	if err != nil {
		return fmt.Errorf("embedded DetectInfo document at byte %d: %w", inner.Offset(), err)
	}
	return nil
}

// mediaField decodes the media member at prefix.key into dst, refusing a
// second member decoded into the same place.
func (d *resultDecoder) mediaField(r *jsonscan.Reader, prefix string, key []byte, spot mediaSpot, dst *[]byte) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	return d.media(r, prefix, key, spot, dst)
}

// The reply's encrypted members are the result's.
func (d *resultDecoder) replyEncryption() (*Encryption, []byte, error) {
	return d.info.replyEncryption()
}
func (d *resultDecoder) dropEncryptedBody()                  { d.info.dropEncryptedBody() }
func (d *resultDecoder) encryptedMember(path string) *string { return d.info.encryptedMember(path) }
