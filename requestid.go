package faceid

// RequestID returns the RequestId of the reply that err reports, or "" when
// no reply carried one (the request was refused before sending, or the
// connection failed). It looks through every wrapper: *RetryError,
// *MediaSinkError, fmt.Errorf's %w and errors.Join. Quote it to Tencent
// support.
//
// A RequestId in Tencent's form, a UUID, is returned as it is; anything
// else a server sent is redacted, stripped of control characters and
// bounded to 64 characters, so that it is safe to print.
func RequestID(err error) string {
	if id := findRequestID(err); id != "" {
		return safeRequestID(id)
	}
	return ""
}

// requestIDer is an error that can carry the RequestId of a reply.
type requestIDer interface {
	requestID() string
}

// findRequestID returns the first non-empty RequestId in err's tree,
// visited depth first as errors.As visits it.
func findRequestID(err error) string {
	for err != nil {
		if r, ok := err.(requestIDer); ok {
			if id := r.requestID(); id != "" {
				return id
			}
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if id := findRequestID(e); id != "" {
					return id
				}
			}
			return ""
		default:
			return ""
		}
	}
	return ""
}
