package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/lifecycle/store"
)

// beijing is the time zone Tencent's bills are kept in.
var beijing = time.FixedZone("CST", 8*60*60)

// Reconciliation compares a day's bill (GetWeChatBillDetails) with what
// was archived.
type Reconciliation struct {
	// Date is the day, YYYY-MM-DD in Beijing time; RuleID the RuleId
	// compared, empty for all.
	Date, RuleID string
	// Billed counts the tokens on the bill.
	Billed int
	// ChargedNotArchived lists the tokens charged that day that have no
	// archive: evidence paid for and not kept. Fetch them (track and
	// return them) while Tencent still has them.
	ChargedNotArchived []string
	// ArchivedNotBilled lists the tokens created that day whose archived
	// outcome is a billed one but that are missing from the bill.
	ArchivedNotBilled []string
}

// OK reports whether the bill and the archive agree.
func (r *Reconciliation) OK() bool {
	return len(r.ChargedNotArchived) == 0 && len(r.ArchivedNotBilled) == 0
}

// Reconcile compares the bill of date (YYYY-MM-DD, Beijing time) for
// ruleID (empty: every rule) with the SaaS archives in the store.
func (t *Tracker[TTx]) Reconcile(ctx context.Context, date, ruleID string) (*Reconciliation, error) {
	if t.cfg.Store == nil {
		return nil, errors.New("lifecycle: Reconcile needs Config.Store")
	}
	if t.cfg.Client == nil {
		return nil, errNoClient
	}
	day, err := time.ParseInLocation(time.DateOnly, date, beijing)
	if err != nil {
		return nil, fmt.Errorf("lifecycle: Reconcile: date %q is not YYYY-MM-DD", date)
	}
	r := &Reconciliation{Date: date, RuleID: ruleID}
	billed := map[string]bool{}
	for d, err := range t.cfg.Client.WeChatBills(ctx, &faceid.GetWeChatBillDetailsRequest{Date: date, RuleID: ruleID}) {
		if err != nil {
			return nil, err
		}
		if billed[d.BizToken] {
			continue
		}
		billed[d.BizToken] = true
		r.Billed++
		if _, err := t.cfg.Store.Stat(ctx, folder(FlowSaaS, d.BizToken)+"/"+faceid.ManifestFileName); errors.Is(err, store.ErrNotExist) {
			r.ChargedNotArchived = append(r.ChargedNotArchived, d.BizToken)
		} else if err != nil {
			return nil, err
		}
	}
	objects, err := t.cfg.Store.List(ctx, string(FlowSaaS))
	if err != nil {
		return nil, err
	}
	for _, o := range objects {
		token, ok := strings.CutSuffix(strings.TrimPrefix(o.Key, string(FlowSaaS)+"/"), "/"+faceid.ManifestFileName)
		if !ok || strings.Contains(token, "/") || billed[token] {
			continue
		}
		m, err := ReadManifest(ctx, t.cfg.Store, FlowSaaS, token)
		if err != nil {
			return nil, err
		}
		created := m.CreatedAt.In(beijing)
		if (ruleID != "" && m.RuleID != ruleID) || created.Before(day) || !created.Before(day.AddDate(0, 0, 1)) {
			continue
		}
		if !m.Abandoned && m.Verdict.Outcome.Billed {
			r.ArchivedNotBilled = append(r.ArchivedNotBilled, token)
		}
	}
	sort.Strings(r.ChargedNotArchived)
	sort.Strings(r.ArchivedNotBilled)
	return r, nil
}
