package faceid

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// outcomeSpan returns the codes lo..hi inclusive.
func outcomeSpan(lo, hi int) []int {
	var s []int
	for c := lo; c <= hi; c++ {
		s = append(s, c)
	}
	return s
}

// outcomeDocCodes lists the verification outcome codes Tencent documents,
// written out from the documentation independently of outcomeTable.
func outcomeDocCodes() []int {
	codes := []int{0, 1, 2, 3, 4, 7, 8, 10, 12, 13, 14, 15, 16, 17, 18, 19}
	codes = append(codes, outcomeSpan(201, 204)...)
	codes = append(codes, outcomeSpan(301, 303)...)
	codes = append(codes, outcomeSpan(1001, 1008)...)
	codes = append(codes, outcomeSpan(1101, 1109)...)
	codes = append(codes, outcomeSpan(1201, 1210)...)
	codes = append(codes, outcomeSpan(1301, 1303)...)
	codes = append(codes, outcomeSpan(2001, 2017)...)
	codes = append(codes, outcomeSpan(3001, 3012)...)
	return codes
}

func TestLookupOutcomeCoversDocument(t *testing.T) {
	want := outcomeDocCodes()
	if len(want) != 82 {
		t.Fatalf("test list has %d codes, want 82", len(want))
	}
	for _, code := range want {
		o := LookupOutcome(code)
		if !o.Known {
			t.Errorf("LookupOutcome(%d).Known = false", code)
		}
		if o.Code != code {
			t.Errorf("LookupOutcome(%d).Code = %d", code, o.Code)
		}
		if o.Meaning == "" || o.MessageZH == "" {
			t.Errorf("LookupOutcome(%d) has empty text: %+v", code, o)
		}
		if o.Category == CategoryUnknown || !o.Category.valid() {
			t.Errorf("LookupOutcome(%d).Category = %v", code, o.Category)
		}
		if strings.HasSuffix(o.Meaning, ".") {
			t.Errorf("LookupOutcome(%d).Meaning %q ends with a period", code, o.Meaning)
		}
	}
	if got := OutcomeCodes(); !slices.Equal(got, want) {
		t.Errorf("OutcomeCodes() = %v\nwant %v", got, want)
	}
}

func TestLookupOutcomeCategories(t *testing.T) {
	want := map[int]Category{
		0: CategoryPassed,
		1: CategoryInvocationError, 2: CategoryInvocationError, 3: CategoryInvocationError,
		4: CategorySystemError, 7: CategorySystemError, 8: CategorySystemError,
		10: CategorySystemError, 12: CategorySystemError, 13: CategorySystemError,
		14: CategoryInvocationError,
		15: CategoryTokenExpired, 19: CategoryTokenExpired,
		16: CategoryLimitReached, 18: CategoryLimitReached,
		17:  CategoryFlowNotFinished,
		201: CategorySystemError, 202: CategorySystemError,
		203: CategoryInvocationError, 204: CategoryInvocationError,
		301: CategoryIdentityMismatch, 302: CategoryIdentityMismatch, 303: CategoryUserCanRetry,
		1001: CategorySystemError,
		1002: CategorySpoofSuspected,
		1003: CategoryUserCanRetry, 1004: CategoryUserCanRetry, 1005: CategoryUserCanRetry,
		1006: CategorySystemError,
		1007: CategorySpoofSuspected,
		1008: CategoryUserCanRetry,
		1301: CategorySpoofSuspected, 1302: CategoryUserCanRetry, 1303: CategoryUserCanRetry,
		2001: CategorySystemError,
		2002: CategoryIdentityMismatch, 2003: CategoryIdentityMismatch,
		2004: CategoryUserCanRetry,
		2005: CategoryNoRecord,
		2006: CategoryIdentityMismatch,
		2007: CategoryNoRecord, 2008: CategoryNoRecord, 2009: CategoryNoRecord,
		2010: CategoryUserCanRetry,
		2011: CategorySpoofSuspected,
		2012: CategoryUserCanRetry, 2013: CategoryUserCanRetry, 2014: CategoryUserCanRetry,
		2015: CategoryIdentityMismatch, 2016: CategoryIdentityMismatch,
		2017: CategorySystemError,
		3001: CategoryUserCanRetry, 3002: CategoryUserCanRetry, 3003: CategoryUserCanRetry,
		3007: CategoryUserCanRetry,
		3011: CategoryIdentityMismatch, 3012: CategoryIdentityMismatch,
	}
	for _, c := range outcomeSpan(1101, 1109) {
		want[c] = CategoryUserCanRetry
	}
	for _, c := range outcomeSpan(1201, 1210) {
		want[c] = CategoryUserCanRetry
	}
	for code, cat := range want {
		if got := LookupOutcome(code).Category; got != cat {
			t.Errorf("LookupOutcome(%d).Category = %v, want %v", code, got, cat)
		}
	}
}

func TestLookupOutcomeTexts(t *testing.T) {
	tests := []struct {
		code    int
		meaning string
		zh      string
	}{
		{0, "Success", "成功"},
		{2006, "Name and ID number do not match", "姓名和身份证号不一致"},
		{2016, "Similarity below the pass threshold", "比对相似度未达到通过标准"},
		{1109, "No lip movement detected", "未检测到嘴唇动作"},
		{3005, "Intention stage face check failed", "意愿核身阶段人脸检测失败"},
		{3011, "Similarity too low", "比对相似度过低"},
	}
	for _, tt := range tests {
		o := LookupOutcome(tt.code)
		if o.Meaning != tt.meaning || o.MessageZH != tt.zh {
			t.Errorf("LookupOutcome(%d) = %q / %q, want %q / %q", tt.code, o.Meaning, o.MessageZH, tt.meaning, tt.zh)
		}
	}
}

func TestLookupOutcomeBilling(t *testing.T) {
	billed := map[int]bool{0: true, 1002: true, 2006: true, 2016: true}
	appSDK := map[int]bool{2007: true, 2009: true, 2011: true, 2012: true, 2013: true, 2014: true, 2015: true}
	for _, code := range outcomeDocCodes() {
		o := LookupOutcome(code)
		if o.Billed != billed[code] {
			t.Errorf("LookupOutcome(%d).Billed = %t, want %t", code, o.Billed, billed[code])
		}
		wantNote := code == 1002 || code == 2008 || appSDK[code]
		if (o.BillingNote != "") != wantNote {
			t.Errorf("LookupOutcome(%d).BillingNote = %q, want note: %t", code, o.BillingNote, wantNote)
		}
		if appSDK[code] && !strings.Contains(o.BillingNote, "billed in the App-SDK channel") {
			t.Errorf("LookupOutcome(%d).BillingNote = %q, want App-SDK billing", code, o.BillingNote)
		}
	}
	if note := LookupOutcome(1002).BillingNote; !strings.Contains(note, "Plus") {
		t.Errorf("1002 BillingNote = %q, want Plus edition mention", note)
	}
	if note := LookupOutcome(2008).BillingNote; strings.Contains(note, "App-SDK") {
		t.Errorf("2008 BillingNote = %q claims App-SDK billing the document does not give", note)
	}
}

func TestLookupOutcomeUnknown(t *testing.T) {
	for _, code := range []int{5, 6, 9, 11, 20, 200, 205, 304, 999, 1009, 1110, 1211, 2018, 3000, 3013, 66664002, -1, -9100, math.MaxInt32, math.MinInt32, math.MaxInt, math.MinInt} {
		o := LookupOutcome(code)
		want := Outcome{Code: code, Meaning: "unknown outcome code", Category: CategoryUnknown}
		if o != want {
			t.Errorf("LookupOutcome(%d) = %+v, want %+v", code, o, want)
		}
		if o.Passed() {
			t.Errorf("LookupOutcome(%d).Passed() = true", code)
		}
	}
}

func TestOutcomePassedAndString(t *testing.T) {
	if !LookupOutcome(0).Passed() {
		t.Error("LookupOutcome(0).Passed() = false")
	}
	if LookupOutcome(2006).Passed() {
		t.Error("LookupOutcome(2006).Passed() = true")
	}
	tests := []struct {
		o    Outcome
		want string
	}{
		{LookupOutcome(2006), "2006 identity-mismatch: Name and ID number do not match"},
		{LookupOutcome(0), "0 passed: Success"},
		{LookupOutcome(5), "5 unknown: unknown outcome code"},
		{LookupIntentionOutcome(IntentionModeQuestion, -201), "-201 identity-mismatch: Similarity too low"},
	}
	for _, tt := range tests {
		if got := tt.o.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestCategoryNames(t *testing.T) {
	want := []struct {
		c    Category
		name string
	}{
		{CategoryUnknown, "unknown"},
		{CategoryPassed, "passed"},
		{CategoryUserCanRetry, "user-can-retry"},
		{CategoryIdentityMismatch, "identity-mismatch"},
		{CategorySpoofSuspected, "spoof-suspected"},
		{CategoryNoRecord, "no-record"},
		{CategorySystemError, "system-error"},
		{CategoryFlowNotFinished, "flow-not-finished"},
		{CategoryTokenExpired, "token-expired"},
		{CategoryLimitReached, "limit-reached"},
		{CategoryInvocationError, "invocation-error"},
		{CategoryInconsistentReply, "inconsistent-reply"},
	}
	if len(want) != len(outcomeCategoryNames) {
		t.Fatalf("test covers %d categories, package defines %d", len(want), len(outcomeCategoryNames))
	}
	for _, tt := range want {
		if got := tt.c.String(); got != tt.name {
			t.Errorf("Category(%d).String() = %q, want %q", int(tt.c), got, tt.name)
		}
		text, err := tt.c.MarshalText()
		if err != nil || string(text) != tt.name {
			t.Errorf("Category(%d).MarshalText() = %q, %v, want %q", int(tt.c), text, err, tt.name)
		}
		var back Category
		if err := back.UnmarshalText(text); err != nil || back != tt.c {
			t.Errorf("UnmarshalText(%q) = %v, %v, want %v", text, back, err, tt.c)
		}
	}
	for _, bad := range []Category{-1, CategoryInconsistentReply + 1, 99} {
		if got, want := bad.String(), fmt.Sprintf("Category(%d)", int(bad)); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
		if _, err := bad.MarshalText(); err == nil {
			t.Errorf("Category(%d).MarshalText() succeeded", int(bad))
		}
	}
	var c Category
	if err := c.UnmarshalText([]byte("Passed")); err == nil {
		t.Error(`UnmarshalText("Passed") succeeded; names are case-sensitive`)
	}
}

func TestOutcomeJSON(t *testing.T) {
	o := LookupOutcome(2007)
	data, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"Category":"no-record"`) {
		t.Errorf("JSON %s lacks the category name", data)
	}
	var back Outcome
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back != o {
		t.Errorf("round trip = %+v, want %+v", back, o)
	}
	data, err = json.Marshal(LookupOutcome(0))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "BillingNote") {
		t.Errorf("JSON %s has an empty BillingNote", data)
	}
}

func TestParseIntentionVerifyType(t *testing.T) {
	tests := []struct {
		in   string
		want IntentionMode
		ok   bool
	}{
		{"0", IntentionModeQuestion, true},
		{"1", IntentionModeAction, true},
		{"2", IntentionModeReadAloud, true},
		{" 2\t", IntentionModeReadAloud, true},
		{"\n0 ", IntentionModeQuestion, true},
		{"", 0, false},
		{"3", 0, false},
		{"-1", 0, false},
		{"00", 0, false},
		{"1 2", 0, false},
		{"read-aloud", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseIntentionVerifyType(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseIntentionVerifyType(%q) = %v, %t, want %v, %t", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIntentionModeString(t *testing.T) {
	tests := map[IntentionMode]string{
		IntentionModeReadAloud: "read-aloud",
		IntentionModeQuestion:  "question",
		IntentionModeAction:    "action",
		0:                      "IntentionMode(0)",
		7:                      "IntentionMode(7)",
	}
	for m, want := range tests {
		if got := m.String(); got != want {
			t.Errorf("IntentionMode(%d).String() = %q, want %q", int(m), got, want)
		}
	}
}

// intentionDocCodes lists the documented intention result codes per mode,
// written out independently of the tables.
func intentionDocCodes(mode IntentionMode) []int {
	switch mode {
	case IntentionModeReadAloud:
		codes := outcomeSpan(-17, 0)
		codes = append(codes, -800, -801, -802, -803)
		return append(codes, outcomeSpan(3001, 3012)...)
	case IntentionModeQuestion, IntentionModeAction:
		codes := []int{0, -1, -2, -201, -202, -301, -800, -801, -802, -803, -804, -998, -999}
		codes = append(codes, outcomeSpan(-107, -101)...)
		if mode == IntentionModeQuestion {
			codes = append(codes, -302)
		}
		return codes
	}
	return nil
}

func TestLookupIntentionOutcomeCoversDocument(t *testing.T) {
	for _, mode := range []IntentionMode{IntentionModeReadAloud, IntentionModeQuestion, IntentionModeAction} {
		codes := intentionDocCodes(mode)
		for _, code := range codes {
			o := LookupIntentionOutcome(mode, code)
			if !o.Known || o.Code != code || o.Meaning == "" || o.MessageZH == "" || o.Category == CategoryUnknown {
				t.Errorf("LookupIntentionOutcome(%v, %d) = %+v", mode, code, o)
			}
			if o.Billed || o.BillingNote != "" {
				t.Errorf("LookupIntentionOutcome(%v, %d) is billed: %+v", mode, code, o)
			}
			if o.Passed() != (code == 0) {
				t.Errorf("LookupIntentionOutcome(%v, %d).Passed() = %t", mode, code, o.Passed())
			}
		}
		// Every other code in a generous window is unknown.
		for code := -1100; code <= 3100; code++ {
			if slices.Contains(codes, code) {
				continue
			}
			if o := LookupIntentionOutcome(mode, code); o.Known || o.Category != CategoryUnknown || o.Code != code {
				t.Errorf("LookupIntentionOutcome(%v, %d) = %+v, want unknown", mode, code, o)
			}
		}
	}
}

func TestLookupIntentionOutcomeCategories(t *testing.T) {
	tests := []struct {
		mode IntentionMode
		code int
		want Category
	}{
		{IntentionModeReadAloud, 0, CategoryPassed},
		{IntentionModeReadAloud, -1, CategorySystemError},
		{IntentionModeReadAloud, -2, CategoryInvocationError},
		{IntentionModeReadAloud, -3, CategorySystemError},
		{IntentionModeReadAloud, -4, CategorySystemError},
		{IntentionModeReadAloud, -7, CategorySystemError},
		{IntentionModeReadAloud, -9, CategorySystemError},
		{IntentionModeReadAloud, -10, CategorySystemError},
		{IntentionModeReadAloud, -11, CategoryUserCanRetry},
		{IntentionModeReadAloud, -12, CategoryFlowNotFinished},
		{IntentionModeReadAloud, -13, CategoryTokenExpired},
		{IntentionModeReadAloud, -14, CategoryInvocationError},
		{IntentionModeReadAloud, -15, CategoryLimitReached},
		{IntentionModeReadAloud, -16, CategorySystemError},
		{IntentionModeReadAloud, -17, CategoryUserCanRetry},
		{IntentionModeReadAloud, 3001, CategoryUserCanRetry},
		{IntentionModeReadAloud, 3003, CategoryUserCanRetry},
		{IntentionModeReadAloud, 3011, CategoryIdentityMismatch},
		{IntentionModeReadAloud, 3012, CategoryIdentityMismatch},
		{IntentionModeReadAloud, -800, CategoryUserCanRetry},
		{IntentionModeReadAloud, -803, CategoryUserCanRetry},
		{IntentionModeQuestion, 0, CategoryPassed},
		{IntentionModeQuestion, -1, CategoryInvocationError},
		{IntentionModeQuestion, -2, CategorySystemError},
		{IntentionModeQuestion, -101, CategoryUserCanRetry},
		{IntentionModeQuestion, -107, CategoryUserCanRetry},
		{IntentionModeQuestion, -201, CategoryIdentityMismatch},
		{IntentionModeQuestion, -202, CategoryIdentityMismatch},
		{IntentionModeQuestion, -301, CategoryIdentityMismatch},
		{IntentionModeQuestion, -302, CategoryUserCanRetry},
		{IntentionModeQuestion, -804, CategoryUserCanRetry},
		{IntentionModeQuestion, -998, CategorySystemError},
		{IntentionModeQuestion, -999, CategorySystemError},
		{IntentionModeAction, -1, CategoryInvocationError},
		{IntentionModeAction, -301, CategoryIdentityMismatch},
		{IntentionModeAction, -302, CategoryUnknown},
		{IntentionModeAction, -999, CategorySystemError},
	}
	for _, tt := range tests {
		if got := LookupIntentionOutcome(tt.mode, tt.code).Category; got != tt.want {
			t.Errorf("LookupIntentionOutcome(%v, %d).Category = %v, want %v", tt.mode, tt.code, got, tt.want)
		}
	}
	for _, code := range []int{-16, -999} {
		mode := IntentionModeReadAloud
		if code == -999 {
			mode = IntentionModeQuestion
		}
		if m := LookupIntentionOutcome(mode, code).Meaning; !strings.Contains(m, "manual review") {
			t.Errorf("LookupIntentionOutcome(%v, %d).Meaning = %q, want manual review", mode, code, m)
		}
	}
}

func TestLookupIntentionOutcomeBadMode(t *testing.T) {
	for _, mode := range []IntentionMode{0, -1, 4, math.MaxInt} {
		for _, code := range []int{0, -1, 3001} {
			o := LookupIntentionOutcome(mode, code)
			if o.Known || o.Category != CategoryUnknown || o.Code != code {
				t.Errorf("LookupIntentionOutcome(%d, %d) = %+v, want unknown", int(mode), code, o)
			}
		}
	}
}

func TestOutcomeCodesFresh(t *testing.T) {
	a := OutcomeCodes()
	if !slices.IsSorted(a) || len(slices.Compact(slices.Clone(a))) != len(a) {
		t.Fatalf("OutcomeCodes() not sorted and unique: %v", a)
	}
	a[0] = -42
	if b := OutcomeCodes(); b[0] != 0 {
		t.Errorf("OutcomeCodes() shares its backing array: b[0] = %d", b[0])
	}
	if o := LookupOutcome(0); !o.Known {
		t.Error("mutating OutcomeCodes() result changed the catalogue")
	}
}

// TestOutcomeTablesSorted guards the binary search: every table must be
// strictly ascending by code.
func TestOutcomeTablesSorted(t *testing.T) {
	tables := map[string][]outcomeEntry{
		"outcomeTable":            outcomeTable[:],
		"intentionReadAloudTable": intentionReadAloudTable[:],
		"intentionQuestionTable":  intentionQuestionTable[:],
	}
	for name, table := range tables {
		for i := 1; i < len(table); i++ {
			if table[i-1].code >= table[i].code {
				t.Errorf("%s: code %d at %d is not above %d", name, table[i].code, i, table[i-1].code)
			}
		}
	}
}

func FuzzLookupOutcome(f *testing.F) {
	for _, seed := range []int{0, 2006, 3012, -302, -999, 5, math.MaxInt, math.MinInt} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code int) {
		o := LookupOutcome(code)
		if o.Code != code {
			t.Fatalf("LookupOutcome(%d).Code = %d", code, o.Code)
		}
		if o.Known != slices.Contains(outcomeDocCodes(), code) {
			t.Fatalf("LookupOutcome(%d).Known = %t", code, o.Known)
		}
		_ = o.String()
		for _, mode := range []IntentionMode{0, IntentionModeReadAloud, IntentionModeQuestion, IntentionModeAction} {
			if io := LookupIntentionOutcome(mode, code); io.Code != code {
				t.Fatalf("LookupIntentionOutcome(%v, %d).Code = %d", mode, code, io.Code)
			}
		}
	})
}

func ExampleLookupOutcome() {
	o := LookupOutcome(2006)
	fmt.Printf("%s (billed: %t, passed: %t)\n", o, o.Billed, o.Passed())
	// Output: 2006 identity-mismatch: Name and ID number do not match (billed: true, passed: false)
}
