package faceid

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"strconv"
	"strings"
)

// WeChatBills returns every billing detail of req's day, page after page:
// it calls GetWeChatBillDetails from req.Cursor (0 for the first page),
// then with each page's NextCursor while HasNextPage is true. Each range
// over the sequence starts again from req.Cursor; req is copied when the
// sequence starts, not changed.
//
// The sequence stops after yielding one error, with a zero
// WeChatBillDetail:
//   - the request is refused (a *ValidationError, nothing sent),
//   - a page fails (the error of GetWeChatBillDetails),
//   - ctx is done before a page is asked for (an error wrapping ctx.Err()),
//   - a page cannot be followed or trusted (a *PageError): it says more
//     pages remain but its NextCursor does not move past the cursor sent,
//     which would ask for the same pages forever, or a member of the page
//     could not be decoded, which would leave a count or a token unread.
//
// The details of a page are yielded only once the whole page has been
// checked. Breaking out of the loop stops the paging: no further page is
// asked for. opts apply to every page.
func (c *Client) WeChatBills(ctx context.Context, req *GetWeChatBillDetailsRequest, opts ...CallOption) iter.Seq2[WeChatBillDetail, error] {
	return func(yield func(WeChatBillDetail, error) bool) {
		if err := req.validate(); err != nil {
			yield(WeChatBillDetail{}, err)
			return
		}
		page := *req
		for n := 1; ; n++ {
			if err := ctx.Err(); err != nil {
				yield(WeChatBillDetail{}, fmt.Errorf("faceid: GetWeChatBillDetails: stopped before page %d: %w", n, err))
				return
			}
			resp, err := c.GetWeChatBillDetails(ctx, &page, opts...)
			if err != nil {
				yield(WeChatBillDetail{}, err)
				return
			}
			if err := checkBillPage(resp, n, page.Cursor); err != nil {
				yield(WeChatBillDetail{}, err)
				return
			}
			for _, detail := range resp.WeChatBillDetails {
				if !yield(detail, nil) {
					return
				}
			}
			if !resp.HasNextPage {
				return
			}
			page.Cursor = resp.NextCursor
		}
	}
}

// checkBillPage refuses a page that cannot be trusted or followed.
func checkBillPage(resp *GetWeChatBillDetailsResponse, n int, cursor int64) error {
	if len(resp.Problems) > 0 {
		p := resp.Problems[0]
		return &PageError{Action: "GetWeChatBillDetails", Page: n, Cursor: cursor, RequestID: resp.RequestID,
			Problem: "member " + p.Field + " could not be decoded (" + p.Problem + "); the page cannot be counted on"}
	}
	if resp.HasNextPage && resp.NextCursor <= cursor {
		return &PageError{Action: "GetWeChatBillDetails", Page: n, Cursor: cursor, RequestID: resp.RequestID,
			Problem: "HasNextPage is true but NextCursor " + strconv.FormatInt(resp.NextCursor, 10) +
				" does not move past the cursor sent; paging stopped so as not to loop"}
	}
	return nil
}

// PageError reports a page of a paged listing that cannot be trusted or
// followed. Paging stops at it; the pages before it were complete.
type PageError struct {
	// Action is the paged action, e.g. "GetWeChatBillDetails".
	Action string
	// Page is the page's number, 1 for the first page asked for.
	Page int
	// Cursor is the cursor the page was asked for with.
	Cursor int64
	// RequestID identifies the page's request for Tencent support.
	RequestID string
	// Problem says what is wrong with the page.
	Problem string
}

// Error implements error.
func (e *PageError) Error() string {
	var b strings.Builder
	b.WriteString("faceid: " + e.Action + ": page " + strconv.Itoa(e.Page) +
		" (Cursor " + strconv.FormatInt(e.Cursor, 10) + "): " + safeMessage(e.Problem))
	writeRequestID(&b, e.RequestID)
	return b.String()
}

func (e *PageError) requestID() string { return e.RequestID }

// String is used by fmt for a PageError value; it reads as Error does.
func (e PageError) String() string { return e.Error() }

// GoString is used by %#v; it reads as Error does.
func (e PageError) GoString() string { return "&faceid.PageError{" + strconv.Quote(e.Error()) + "}" }

// LogValue logs the error as its Error text.
func (e PageError) LogValue() slog.Value { return slog.StringValue(e.Error()) }
