package faceidtest

import (
	"cmp"
	"strconv"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/internal/idcard"
)

// billPageSize is how many BizTokens a GetWeChatBillDetails page holds.
const billPageSize = 10

// beijing returns the time zone of billing days.
func beijing() *time.Location { return time.FixedZone("CST", 8*60*60) }

// getWeChatBillDetails pages through the BizTokens billed on a day
// (Beijing time): every SaaS flow with at least one billed attempt that
// day, oldest first, optionally of one RuleId. Cursor is the position of
// the first token of the page; NextCursor that of the next page.
func (s *Server) getWeChatBillDetails(c *apiCall) (any, *apiError) {
	r := c.req
	day, _ := time.ParseInLocation("2006-01-02", r.str("Date"), beijing()) // the format was checked
	ruleID := r.str("RuleId")
	if _, ok := s.rules[ruleID]; ruleID != "" && !ok {
		return nil, errRuleIDNotExist()
	}
	var billed []object
	s.mu.Lock()
	for _, t := range s.order {
		if t.kind != flowBiz || (ruleID != "" && t.rule.ID != ruleID) {
			continue
		}
		if d := billDetail(t, day); d != nil {
			billed = append(billed, d)
		}
	}
	s.mu.Unlock()

	from := int(min(r.integer("Cursor"), int64(len(billed))))
	to := min(from+billPageSize, len(billed))
	v := map[string]any{"HasNextPage": to < len(billed), "NextCursor": 0, "WeChatBillDetails": billed[from:to]}
	if to < len(billed) {
		v["NextCursor"] = to
	}
	return s.shape(r.action.response, v), nil
}

// billDetail is the WeChatBillDetail of a token's billed attempts on day,
// or nil when none was billed that day. Called with s.mu held.
func billDetail(t *token, day time.Time) object {
	name, id := cmp.Or(t.name, FictionalName), cmp.Or(t.idCard, FictionalIDCard)
	var charges []object
	for _, a := range t.attempts {
		code := a.outcome.ErrCode
		y, m, d := a.at.In(day.Location()).Date()
		if !faceid.LookupOutcome(code).Billed || !time.Date(y, m, d, 0, 0, 0, 0, day.Location()).Equal(day) {
			continue
		}
		attemptSim := "0.00"
		if p := sim(a.outcome); p != nil {
			attemptSim = *p
		}
		charges = append(charges, object{
			{"ReqTime", strconv.FormatInt(a.at.UnixMilli(), 10)},
			{"Seq", a.seq},
			{"IdCard", idcard.Mask(id)},
			{"Idcard", idcard.Mask(id)},
			{"Name", idcard.MaskName(name)},
			{"Sim", attemptSim},
			{"IsNeedCharge", true},
			{"ChargeType", "核身"},
			{"ErrorCode", strconv.Itoa(code)},
			{"ErrorMessage", codeMessage(code)},
		})
	}
	if len(charges) == 0 {
		return nil
	}
	return object{
		{"BizToken", t.id},
		{"ChargeCount", len(charges)},
		{"ChargeDetails", charges},
		{"RuleId", t.rule.ID},
	}
}
