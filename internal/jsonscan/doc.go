// Package jsonscan is a small, streaming, pull-style JSON reader.
//
// It exists to decode Tencent Cloud FaceID replies in one pass over an
// io.Reader (an HTTP body) without materialising the body: a Reader keeps a
// fixed window of input (32 KiB by default) and hands values to the caller as
// it meets them. Objects and arrays are walked with callbacks:
//
//	err := r.Object(func(key []byte) error {
//		switch string(key) {
//		case "ErrCode":
//			code, err = r.FlexInt()
//		case "LivenessVideo":
//			video, err = r.AppendBase64(video[:0])
//		default:
//			return r.Skip()
//		}
//		return err
//	})
//
// Base64 media strings, which can run to several megabytes, are decoded
// straight from the window into the caller's buffer (AppendBase64), into a
// slice of their own size allocated as their text arrives (ReadBase64), or
// to an io.Writer (StreamBase64); the encoded text is never held whole.
//
// The Flex methods tolerate the type drift seen in FaceID replies: integers
// sent as strings, numbers sent where strings are documented, and so on.
//
// Errors come in three kinds. A *SyntaxError (malformed or truncated input,
// nesting deeper than MaxDepth, an oversized token) and a read error from the
// underlying io.Reader are fatal: every later call returns the same error.
// A *TypeError (a value of the wrong kind) and a *Base64Error (a string that
// is not valid base64) are not: the offending value has been consumed and
// the Reader can go on with the next one. Error messages never quote the
// input's values, which may be personal data.
package jsonscan
