package faceid

import (
	"log/slog"
)

// The LogValue methods make log/slog show requests, results and errors as
// fmt does: names, ID numbers and phone numbers masked, media by size,
// server text redacted and bounded. Without them slog.NewJSONHandler would
// encode the raw fields. They have value receivers, so that a value and a
// pointer are logged alike. encoding/json is not affected: a result encoded
// with it keeps every field, for code that stores results.

// summaryAttrs starts the result's LogValue: the request ID and the
// verdict line.
func (d *DetectInfo) summaryAttrs() []slog.Attr {
	return []slog.Attr{
		slog.String("RequestId", safeRequestID(d.RequestID)),
		slog.String("Verdict", d.Verdict().String()),
	}
}

// mediaTotalsAttrs logs how many media the result holds, and their bytes.
func (d *DetectInfo) mediaTotalsAttrs() []slog.Attr {
	items, total := d.mediaTotals()
	return []slog.Attr{slog.Int("MediaItems", items), slog.Int("MediaBytes", total)}
}

// problemsAttrs logs how many problems decoding met, nothing for none.
func (d *DetectInfo) problemsAttrs() []slog.Attr {
	if len(d.Problems) == 0 {
		return nil
	}
	return []slog.Attr{slog.Int("Problems", len(d.Problems))}
}

// LogValue names the item and its size, never its content.
func (m MediaItem) LogValue() slog.Value {
	return slog.GroupValue(slog.String("Path", m.Path), slog.Int("Bytes", len(m.Data)))
}

// LogValue shows the saved result as DetectInfo does, with the folder and
// the number of files.
func (a Archive) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("Dir", a.Dir), slog.Int("Files", len(a.Files))}
	if a.Info != nil {
		attrs = append(attrs, slog.Attr{Key: "Info", Value: a.Info.LogValue()})
	}
	return slog.GroupValue(attrs...)
}

// LogValue logs the error as its Error text: the server's text redacted.
func (e APIError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// LogValue logs the error as its Error text: the sample redacted.
func (e HTTPError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// LogValue logs the error as its Error text: the cause redacted.
func (e DecodeError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// LogValue logs the error as its Error text: the cause redacted.
func (e TransportError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// LogValue logs the error as its Error text, which reads as the last
// failure's.
func (e RetryError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// codeAttr is an outcome code that may be absent (null).
func codeAttr(key string, code *int) slog.Attr {
	if code == nil {
		return slog.Any(key, nil)
	}
	return slog.Int(key, *code)
}
