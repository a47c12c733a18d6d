package faceid

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// billServer answers GetWeChatBillDetails from a table of pages keyed by
// the Cursor sent, recording the cursors asked for.
type billServer struct {
	*hostileServer
	mu      sync.Mutex
	cursors []int64
}

// billPage is one page: the BizTokens it lists and what it says follows.
type billPage struct {
	tokens     []string
	hasNext    bool
	nextCursor int64
	raw        string // when set, the Response members sent instead
}

func newBillServer(t *testing.T, pages map[int64]billPage) *billServer {
	s := &billServer{hostileServer: newHostileServer(t)}
	s.handle(func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Cursor int64 }
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.cursors = append(s.cursors, req.Cursor)
		s.mu.Unlock()
		page, ok := pages[req.Cursor]
		members := page.raw
		switch {
		case !ok:
			members = `"Error":{"Code":"InvalidParameter","Message":"unknown cursor"}`
		case members == "":
			details := make([]string, len(page.tokens))
			for i, tok := range page.tokens {
				details[i] = fmt.Sprintf(`{"BizToken":%q,"ChargeCount":1,"ChargeDetails":[],"RuleId":"1"}`, tok)
			}
			members = `"HasNextPage":` + strconv.FormatBool(page.hasNext) + `,"NextCursor":` +
				strconv.FormatInt(page.nextCursor, 10) + `,"WeChatBillDetails":[` + strings.Join(details, ",") + `]`
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(reply(members)))
	})
	return s
}

func (s *billServer) asked() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int64(nil), s.cursors...)
}

// threePages is a day of bills over three pages, with cursors as Tencent
// sends them (not page numbers).
func threePages() map[int64]billPage {
	return map[int64]billPage{
		0:    {tokens: []string{"T1", "T2"}, hasNext: true, nextCursor: 1873},
		1873: {tokens: []string{"T3"}, hasNext: true, nextCursor: 4000},
		4000: {tokens: []string{"T4", "T5"}},
	}
}

func billRequest() *GetWeChatBillDetailsRequest {
	return &GetWeChatBillDetailsRequest{Date: "2026-11-30", RuleID: "1"}
}

// collect ranges over seq, returning the BizTokens and the errors met.
func collect(seq func(func(WeChatBillDetail, error) bool)) (tokens []string, errs []error) {
	for d, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		tokens = append(tokens, d.BizToken)
	}
	return tokens, errs
}

func TestWeChatBillsEveryPage(t *testing.T) {
	srv := newBillServer(t, threePages())
	c := srv.client(t)
	req := billRequest()
	tokens, errs := collect(c.WeChatBills(context.Background(), req))
	assert.Empty(t, errs)
	assert.Equal(t, []string{"T1", "T2", "T3", "T4", "T5"}, tokens)
	assert.Equal(t, []int64{0, 1873, 4000}, srv.asked())
	assert.Equal(t, int64(0), req.Cursor, "the caller's request is not changed")

	// Ranging again starts again; a request with a cursor resumes there.
	tokens, errs = collect(c.WeChatBills(context.Background(), &GetWeChatBillDetailsRequest{Date: "2026-11-30", Cursor: 1873}))
	assert.Empty(t, errs)
	assert.Equal(t, []string{"T3", "T4", "T5"}, tokens)
	assert.Equal(t, []int64{0, 1873, 4000, 1873, 4000}, srv.asked())
}

func TestWeChatBillsBreakStopsPaging(t *testing.T) {
	srv := newBillServer(t, threePages())
	n := 0
	for d, err := range srv.client(t).WeChatBills(context.Background(), billRequest()) {
		require.NoError(t, err)
		assert.Equal(t, "T1", d.BizToken)
		n++
		break
	}
	assert.Equal(t, 1, n)
	assert.Equal(t, []int64{0}, srv.asked(), "no page is asked for after the loop ends")
}

func TestWeChatBillsRefusesRequestLocally(t *testing.T) {
	srv := newBillServer(t, threePages())
	c := srv.client(t)
	for name, req := range map[string]*GetWeChatBillDetailsRequest{
		"nil":      nil,
		"no date":  {},
		"bad date": {Date: "2026-13-01"},
	} {
		_, errs := collect(c.WeChatBills(context.Background(), req))
		require.Len(t, errs, 1, name)
		assert.ErrorIs(t, errs[0], ErrInvalidInput, name)
	}
	assert.Empty(t, srv.asked(), "a refused request is never sent")
}

func TestWeChatBillsStopsAtFailingPage(t *testing.T) {
	pages := threePages()
	delete(pages, 4000) // the third page is answered with an API error
	srv := newBillServer(t, pages)
	tokens, errs := collect(srv.client(t).WeChatBills(context.Background(), billRequest()))
	assert.Equal(t, []string{"T1", "T2", "T3"}, tokens)
	require.Len(t, errs, 1, "the error is yielded once")
	var apiErr *APIError
	require.ErrorAs(t, errs[0], &apiErr)
	assert.Equal(t, "InvalidParameter", apiErr.Code)
	assert.Equal(t, []int64{0, 1873, 4000}, srv.asked())
}

func TestWeChatBillsHonoursContextBetweenPages(t *testing.T) {
	srv := newBillServer(t, threePages())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var tokens []string
	var errs []error
	for d, err := range srv.client(t).WeChatBills(ctx, billRequest()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		tokens = append(tokens, d.BizToken)
		cancel() // during the first page
	}
	assert.Equal(t, []string{"T1", "T2"}, tokens, "the page already read is yielded whole")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Contains(t, errs[0].Error(), "before page 2")
	assert.Equal(t, []int64{0}, srv.asked(), "no page is asked for once ctx is done")

	// A context done before the start asks for nothing.
	_, errs = collect(srv.client(t).WeChatBills(ctx, billRequest()))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Equal(t, []int64{0}, srv.asked())
}

func TestWeChatBillsRefusesCursorThatDoesNotAdvance(t *testing.T) {
	for name, next := range map[string]int64{"same cursor": 1873, "backwards": 5, "back to the start": 0} {
		t.Run(name, func(t *testing.T) {
			pages := threePages()
			pages[1873] = billPage{tokens: []string{"T3"}, hasNext: true, nextCursor: next}
			srv := newBillServer(t, pages)
			tokens, errs := collect(srv.client(t).WeChatBills(context.Background(), billRequest()))
			assert.Equal(t, []string{"T1", "T2"}, tokens, "the contradictory page is not yielded")
			require.Len(t, errs, 1)
			var pageErr *PageError
			require.ErrorAs(t, errs[0], &pageErr)
			assert.Equal(t, 2, pageErr.Page)
			assert.Equal(t, int64(1873), pageErr.Cursor)
			assert.Equal(t, "4f6c1b2a-0000-4000-8000-hostile", pageErr.RequestID)
			assert.Contains(t, pageErr.Error(), "NextCursor "+strconv.FormatInt(next, 10)+" does not move past")
			assert.Equal(t, []int64{0, 1873}, srv.asked())
		})
	}
	// The last page may carry any NextCursor.
	pages := threePages()
	pages[4000] = billPage{tokens: []string{"T4"}, nextCursor: 0}
	tokens, errs := collect(newBillServer(t, pages).client(t).WeChatBills(context.Background(), billRequest()))
	assert.Empty(t, errs)
	assert.Equal(t, []string{"T1", "T2", "T3", "T4"}, tokens)
}

func TestWeChatBillsRefusesUnreadablePage(t *testing.T) {
	rows := map[string]struct {
		members string
		field   string
	}{
		"HasNextPage unreadable": {`"HasNextPage":"maybe","NextCursor":9,"WeChatBillDetails":[]`, "HasNextPage"},
		"NextCursor unreadable":  {`"HasNextPage":true,"NextCursor":"next","WeChatBillDetails":[]`, "NextCursor"},
		"NextCursor beyond 64 bits": {`"HasNextPage":true,"NextCursor":18446744073709551616,"WeChatBillDetails":[]`,
			"NextCursor"},
		"ChargeCount unreadable": {`"HasNextPage":false,"NextCursor":0,"WeChatBillDetails":[{"BizToken":"T9","ChargeCount":"many"}]`,
			"WeChatBillDetails[0].ChargeCount"},
	}
	for name, row := range rows {
		t.Run(name, func(t *testing.T) {
			srv := newBillServer(t, map[int64]billPage{0: {raw: row.members}})
			tokens, errs := collect(srv.client(t).WeChatBills(context.Background(), billRequest()))
			assert.Empty(t, tokens)
			require.Len(t, errs, 1)
			var pageErr *PageError
			require.ErrorAs(t, errs[0], &pageErr)
			assert.Contains(t, pageErr.Problem, "member "+row.field+" could not be decoded")
			assert.Equal(t, 1, pageErr.Page)
		})
	}

	// A duplicate member fails the call itself.
	srv := newBillServer(t, map[int64]billPage{0: {raw: `"HasNextPage":false,"HasNextPage":true,"NextCursor":5,"WeChatBillDetails":[]`}})
	_, errs := collect(srv.client(t).WeChatBills(context.Background(), billRequest()))
	require.Len(t, errs, 1)
	var decErr *DecodeError
	assert.True(t, errors.As(errs[0], &decErr), "%v", errs[0])
}

func TestPageErrorPrinted(t *testing.T) {
	e := &PageError{Action: "GetWeChatBillDetails", Page: 3, Cursor: 42, RequestID: "r-1\x1b[31m", Problem: "bad"}
	assert.True(t, strings.HasPrefix(e.Error(), "faceid: GetWeChatBillDetails: page 3 (Cursor 42): bad (RequestId r-1"), e.Error())
	for how, out := range printedForms(e) {
		assert.NotContains(t, out, "\x1b", how)
		assert.Contains(t, out, "page 3 (Cursor 42)", how)
	}
	assert.Equal(t, e.Error(), fmt.Sprint(*e), "a value prints as the pointer does")
}
