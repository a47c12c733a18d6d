package jsonscan_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// Decoding a reply in one pass: tolerant numbers, a media field decoded into
// a reused buffer, and a field of the wrong type reported without losing the
// others.
func ExampleReader_Object() {
	body := strings.NewReader(`{"Response": {"ErrCode": "0", "Sim": 91.5,
		"BestFrame": "/9j/4AAQ", "Extra": {"unexpected": true}, "RequestId": "req-1"}}`)

	var (
		code   int64
		sim    string
		frame  []byte
		extra  string
		reqID  string
		report []string
	)
	r := jsonscan.NewReader(body)
	err := r.Object(func(key []byte) error {
		return r.Object(func(key []byte) error {
			var err error
			switch string(key) {
			case "ErrCode":
				code, err = r.FlexInt()
			case "Sim":
				sim, err = r.FlexString()
			case "BestFrame":
				frame, err = r.AppendBase64(frame[:0])
			case "Extra":
				extra, err = r.String()
			case "RequestId":
				reqID, err = r.String()
			default:
				err = r.Skip()
			}
			var te *jsonscan.TypeError
			if errors.As(err, &te) {
				report = append(report, string(key)+": "+te.Error())
				return nil
			}
			return err
		})
	})
	if err == nil {
		err = r.End()
	}
	fmt.Println(err, code, sim, bytes.HasPrefix(frame, []byte{0xff, 0xd8}), extra == "", reqID)
	fmt.Println(report)
	// Output:
	// <nil> 0 91.5 true true req-1
	// [Extra: jsonscan: type error at offset 79: want string, got object]
}

// Streaming a media field to a writer with memory independent of its size.
func ExampleReader_StreamBase64() {
	r := jsonscan.NewReader(strings.NewReader(`{"LivenessVideo": "AAAAIGZ0eXBpc29t"}`))
	var video bytes.Buffer
	err := r.Object(func(key []byte) error {
		_, err := r.StreamBase64(&video) // an *os.File in real use
		return err
	})
	fmt.Printf("%v %q\n", err, video.String()[4:])
	// Output: <nil> "ftypisom"
}
