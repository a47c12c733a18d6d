package faceid

// Business outcomes of the PaaS actions. Most verifications answer HTTP 200
// with a Result code (a string such as "0" or "-4", or a FailedOperation.*
// code for some liveness and photo actions) whose meaning and billing
// differ per action. The tables are generated from the project's API spec
// (zz_results_gen.go).

// ResultCategory says what a Result code means for the merchant.
type ResultCategory string

// Billing says whether an outcome is billed.
type Billing int

// Billing values.
const (
	// BillingUnknown: Tencent does not say whether the outcome is billed.
	BillingUnknown Billing = iota
	// Billed: the call is billed.
	Billed
	// NotBilled: the call is free.
	NotBilled
)

// String returns "unknown", "billed" or "not-billed".
func (b Billing) String() string {
	switch b {
	case Billed:
		return "billed"
	case NotBilled:
		return "not-billed"
	}
	return "unknown"
}

// Result describes one business outcome of an action.
type Result struct {
	// Action is the action that reported it.
	Action string
	// Member is the reply member holding the code, e.g. "Result".
	Member string
	// Code is the code as sent.
	Code string
	// Meaning is a short English description.
	Meaning string
	// MessageZH is the Chinese message, as Tencent words it.
	MessageZH string
	// Category says what the merchant should do next.
	Category ResultCategory
	// Billing says whether the call was billed.
	Billing Billing
	// Known is false for a code absent from the action's table; its
	// Category is then empty, which is never a pass.
	Known bool
}

// Passed reports whether the outcome is a pass.
func (r Result) Passed() bool { return r.Known && r.Category == ResultPassed }

// resultEntry is what the spec says of one Result code.
type resultEntry struct {
	category  ResultCategory
	billing   Billing
	meaning   string
	messageZH string
}

// LookupResult describes a Result code of an action. A code the action's
// table does not list is reported with Known false, never as passed.
func LookupResult(action, code string) Result {
	member := resultMember(action)
	e, known := resultEntryOf(action, code)
	if !known {
		return Result{Action: action, Member: member, Code: code, Meaning: "unknown result code"}
	}
	return Result{Action: action, Member: member, Code: code, Meaning: e.meaning, MessageZH: e.messageZH,
		Category: e.category, Billing: e.billing, Known: true}
}

// ResultCodes returns every outcome an action can report, in the order of
// Tencent's documentation; nil for an action without business outcomes.
func ResultCodes(action string) []Result {
	codes := resultCodes(action)
	if codes == nil {
		return nil
	}
	out := make([]Result, len(codes))
	for i, code := range codes {
		out[i] = LookupResult(action, code)
	}
	return out
}
