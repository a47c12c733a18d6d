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

// LogValue shows the result as String does: verdict, codes, similarity,
// masked identity and media sizes.
func (d DetectInfo) LogValue() slog.Value {
	items, total := d.mediaTotals()
	attrs := []slog.Attr{
		slog.String("RequestId", safeRequestID(d.RequestID)),
		slog.String("Verdict", d.Verdict().String()),
		slog.Attr{Key: "Text", Value: d.Text.LogValue()},
		slog.Int("MediaItems", items),
		slog.Int("MediaBytes", total),
	}
	if d.IsVerifyIntention || d.IntentionVerifyType != "" {
		attrs = append(attrs, slog.Bool("IsVerifyIntention", d.IsVerifyIntention),
			slog.String("IntentionVerifyType", safeShort(d.IntentionVerifyType)))
	}
	if len(d.EncryptedBody) > 0 {
		attrs = append(attrs, slog.Int("EncryptedBodyBytes", len(d.EncryptedBody)))
	}
	if len(d.Problems) > 0 {
		attrs = append(attrs, slog.Int("Problems", len(d.Problems)))
	}
	return slog.GroupValue(attrs...)
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
