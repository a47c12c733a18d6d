package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/faceid-go/faceid"
)

// failure prints a failed call's error and maps it to an exit status:
// exitUsage when nothing was sent (bad input, no credentials, an --out
// folder that cannot take the save: all found before the call), exitFailure
// otherwise. The SDK's error strings show server text redacted, stripped of
// control characters and bounded; printable applies the last two to any
// other error as well.
func (inv *invocation) failure(err error) int {
	status := exitUsage
	if inv.anySent() || errors.Is(err, context.Canceled) {
		status = exitFailure
	}
	if tried, ok := noCredentials(err); ok {
		inv.errorf("no credentials found: %s", printable(strings.Join(tried, "; ")))
		return status
	}
	// The library prefixes its errors with "faceid: ", also those it wraps:
	// one prefix is enough.
	fmt.Fprintln(inv.errOut, printable("faceid: "+strings.ReplaceAll(strings.TrimPrefix(err.Error(), "faceid: "), ": faceid: ", ": ")))
	if hint := inv.hint(err); hint != "" {
		fmt.Fprintln(inv.errOut, "  "+hint)
	}
	return status
}

// noCredentials reports whether err says that no credentials were found
// and lists what was tried, as the providers of the default chain say it:
// which variables to set, which file is missing.
func noCredentials(err error) (tried []string, ok bool) {
	if !errors.Is(err, faceid.ErrNoCredentials) {
		return nil, false
	}
	prefix := faceid.ErrNoCredentials.Error() + ": "
	var walk func(error)
	walk = func(e error) {
		if multi, isMulti := e.(interface{ Unwrap() []error }); isMulti {
			// The chain's "(tried: …)", or the errors.Join inside it.
			for _, inner := range multi.Unwrap() {
				walk(inner)
			}
			return
		}
		if rest, found := strings.CutPrefix(e.Error(), prefix); found {
			tried = append(tried, rest)
			return
		}
		if inner := errors.Unwrap(e); inner != nil {
			walk(inner)
		}
	}
	walk(err)
	if len(tried) == 0 {
		tried = []string{"set " + faceid.EnvSecretID + " and " + faceid.EnvSecretKey}
	}
	return tried, true
}

// hint says what to do about an error, or "".
func (inv *invocation) hint(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded) && inv.api != nil:
		t := inv.api.timeout
		return fmt.Sprintf("an attempt took longer than --timeout %v: for a slow network or a large result give more, e.g. --timeout %v", t, 2*t)
	case errors.Is(err, faceid.ErrAuthFailure):
		return "check TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_SESSION_TOKEN) and the system clock"
	case errors.Is(err, faceid.ErrAccount):
		return "the account is not activated or not authorised for FaceID: see the FaceID console"
	case errors.Is(err, faceid.ErrRuleIDNotFound):
		return "check --rule-id against the business flows of the FaceID console"
	case errors.Is(err, faceid.ErrBizTokenExpired):
		return "the BizToken is too old (results are kept 3 days): start a new flow with detect-auth"
	case errors.Is(err, faceid.ErrBizTokenInvalid):
		return "FaceID does not know this BizToken for this account and RuleId: it is mistyped, forged or from another account"
	case faceid.IsRetryable(err):
		return "the failure is temporary: try again later"
	}
	return ""
}

// maxErrorRunes bounds an error line on the terminal.
const maxErrorRunes = 2000

// printable drops control and format characters (terminal escapes, bidi
// overrides), turns line breaks into spaces and bounds the length of s.
func printable(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		switch {
		case n == maxErrorRunes:
			b.WriteString("…")
			return b.String()
		case r == '\n' || r == '\r' || r == '\t' || r == 0x85 || r == 0x2028 || r == 0x2029:
			r = ' '
		case r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
