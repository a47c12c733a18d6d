package faceid

import (
	"strconv"
	"strings"
)

// Stage names the part of the flow a verdict was decided by.
type Stage string

// Stages of a verification flow.
const (
	// StageLiveness is the liveness and face-compare part (Text.ErrCode).
	StageLiveness Stage = "liveness-compare"
	// StageIntention is the intention verification part.
	StageIntention Stage = "intention"
)

// Verdict is the decision drawn from a result.
type Verdict struct {
	// Passed is true only when every required part of the flow passed and
	// every safety check agreed.
	Passed bool `json:"Passed"`
	// Pending is true when the person has not finished the flow (yet).
	Pending bool `json:"Pending"`
	// Stage is the part of the flow that decided the verdict; empty when
	// the result could not be judged at all (see DetectInfo.Verdict).
	Stage Stage `json:"Stage"`
	// Outcome explains the deciding code: meaning, category, billing. When
	// a safety check failed, its Category is CategoryInconsistentReply.
	Outcome Outcome `json:"Outcome"`
	// IntentionMode is the intention mode when Stage is StageIntention.
	IntentionMode IntentionMode `json:"IntentionMode,omitempty"`
	// Check names the safety check that failed the verdict although the
	// deciding code said "passed", e.g. "Text.Sim below 70"; empty when no
	// check failed. It names fields and codes, never personal data.
	Check string `json:"Check,omitempty"`
}

// String summarises the verdict, e.g. "passed" or
// "failed at liveness-compare: 2006 identity-mismatch: Name and ID number do not match".
func (v Verdict) String() string {
	var b strings.Builder
	switch {
	case v.Passed:
		b.WriteString("passed")
	case v.Pending:
		b.WriteString("pending")
	default:
		b.WriteString("failed")
	}
	if !v.Passed {
		if v.Stage != "" {
			b.WriteString(" at ")
			b.WriteString(string(v.Stage))
		}
		if v.Stage == StageIntention && v.IntentionMode != 0 {
			b.WriteString(" (" + v.IntentionMode.String() + ")")
		}
		b.WriteString(": ")
		b.WriteString(v.Outcome.String())
		if v.Check != "" {
			b.WriteString(" [check: " + v.Check + "]")
		}
	}
	return b.String()
}

// minPassingSimilarity is Tencent's fixed threshold: a similarity of 70 or
// more means the same person.
const minPassingSimilarity = 70

// Verdict applies the final-verdict rule of GetDetectInfoEnhanced, and
// fails closed: it says "passed" only when the result proves it.
//
// Text.ErrCode == 0 means liveness and face compare passed; a missing
// ErrCode means the flow has not finished (pending), and any other code
// fails with its outcome (see LookupOutcome). A passing ErrCode must agree
// with the rest of the text: LiveStatus and Comparestatus, when present,
// must be 0, and Sim must be a plain decimal of at least 70; otherwise the
// verdict fails with CategoryInconsistentReply and Check names the check.
//
// Intention verification counts as configured when IsVerifyIntention is
// true or when any intention result is present (a code, media, answers),
// whatever IsVerifyIntention says. Then IntentionVerifyType must name the
// mode, the mode's code must be present and pass, Q&A summary, detail and
// per-answer codes must agree (every answer "0"), and no other mode may
// report a failure. Unknown codes fail.
//
// A field the verdict depends on that could not be decoded (listed in
// Problems: a value of the wrong kind, an integer beyond 32 bits, an
// unparsable IsVerifyIntention) fails the verdict too.
//
// The verdict needs the text part of the result in clear. A result pulled
// with an InfoType that leaves out the text (no digit 0 or 1), or encrypted
// whole into EncryptedBody (IsEncryptResponse), has no Text.ErrCode: its
// verdict is neither passed nor pending, has no Stage, and its Outcome is an
// invocation error (code -1) that says what to do.
func (d *DetectInfo) Verdict() Verdict {
	f := d.flow()
	return f.verdict()
}

// flowResult is what the verdict of a flow reads: the text part, the
// intention results and the decoding problems. DetectInfo and EidResult
// hand theirs over, so that both are judged by one rule.
type flowResult struct {
	text                *DetectText
	readAloud           *IntentionVerifyData
	question            *IntentionQuestionResult
	action              *IntentionActionResult
	isVerifyIntention   bool
	intentionVerifyType string
	problems            []FieldProblem
	// textNotRequested: the request's InfoType left out the text part.
	textNotRequested bool
	// encrypted: the result came whole in EncryptedBody.
	encrypted bool
}

// flow returns the parts of the result its verdict reads.
func (d *DetectInfo) flow() flowResult {
	return flowResult{
		text:                &d.Text,
		readAloud:           &d.IntentionVerifyData,
		question:            &d.IntentionQuestionResult,
		action:              &d.IntentionActionResult,
		isVerifyIntention:   d.IsVerifyIntention,
		intentionVerifyType: d.IntentionVerifyType,
		problems:            d.Problems,
		textNotRequested:    d.textNotRequested,
		encrypted:           len(d.EncryptedBody) > 0,
	}
}

// verdict applies the rule documented on DetectInfo.Verdict.
func (f *flowResult) verdict() Verdict {
	if p, ok := f.verdictProblem(); ok {
		return failedCheck("", "field "+p.Field+" could not be decoded ("+p.Problem+")")
	}
	if f.text.ErrCode == nil {
		switch {
		case f.textNotRequested:
			return Verdict{Outcome: noVerdict(
				"the result has no text part, which holds the outcome: pull it with InfoType 0 or a value with the digit 1")}
		case f.encrypted:
			return Verdict{Outcome: noVerdict(
				"the result is encrypted in EncryptedBody (IsEncryptResponse): decrypt it to read the outcome")}
		}
		return Verdict{Pending: true, Stage: StageLiveness, Outcome: notFinished("the person has not finished the flow")}
	}
	if code := *f.text.ErrCode; code != 0 {
		return Verdict{Stage: StageLiveness, Outcome: LookupOutcome(code)}
	}
	if check := f.text.passCheck(); check != "" {
		return failedCheck(StageLiveness, check)
	}
	if !f.intentionConfigured() {
		return Verdict{Passed: true, Stage: StageLiveness, Outcome: LookupOutcome(0)}
	}
	return f.intentionVerdict()
}

// passCheck returns the first check a passing Text fails, or "".
func (t *DetectText) passCheck() string {
	if t.LiveStatus != nil && *t.LiveStatus != 0 {
		return "Text.LiveStatus is " + strconv.Itoa(*t.LiveStatus) + " while Text.ErrCode is 0"
	}
	if t.CompareStatus != nil && *t.CompareStatus != 0 {
		return "Text.Comparestatus is " + strconv.Itoa(*t.CompareStatus) + " while Text.ErrCode is 0"
	}
	sim, ok := t.Similarity()
	switch {
	case strings.TrimSpace(t.Sim) == "":
		return "Text.Sim is missing while Text.ErrCode is 0"
	case !ok:
		return "Text.Sim is not a plain decimal between 0 and 100"
	case sim < minPassingSimilarity:
		return "Text.Sim below " + strconv.Itoa(minPassingSimilarity) + " while Text.ErrCode is 0"
	}
	return ""
}

// intentionVerdict judges the intention part of a flow whose liveness and
// compare passed and whose result shows intention verification.
func (f *flowResult) intentionVerdict() Verdict {
	mode, ok := ParseIntentionVerifyType(f.intentionVerifyType)
	if !ok {
		return failedCheck(StageIntention,
			"intention verification ran but IntentionVerifyType is not 0, 1 or 2")
	}
	if check := f.otherModeFailure(mode); check != "" {
		v := failedCheck(StageIntention, check)
		v.IntentionMode = mode
		return v
	}
	code, check := f.intentionCode(mode)
	if check != "" {
		v := failedCheck(StageIntention, check)
		v.IntentionMode = mode
		return v
	}
	if code == nil {
		return Verdict{Stage: StageIntention, IntentionMode: mode,
			Outcome: notFinished("intention verification is on but its step has no result")}
	}
	outcome := LookupIntentionOutcome(mode, *code)
	return Verdict{Passed: outcome.Passed(), Stage: StageIntention, IntentionMode: mode, Outcome: outcome}
}

// intentionConfigured reports whether the result shows that the flow had
// intention verification: IsVerifyIntention, or any intention result.
func (f *flowResult) intentionConfigured() bool {
	if f.isVerifyIntention {
		return true
	}
	v, q, a := f.readAloud, f.question, f.action
	return v.ErrorCode != nil || v.AsrResult != "" || len(v.IntentionVerifyVideo) > 0 ||
		len(v.IntentionVerifyBestFrame) > 0 || len(v.IntentionVerifyAudio) > 0 ||
		q.FinalResultDetailCode != nil || strings.TrimSpace(q.FinalResultCode) != "" || len(q.ResultCode) > 0 ||
		len(q.AsrResult) > 0 || len(q.Video) > 0 || len(q.ScreenShot) > 0 || len(q.Audios) > 0 ||
		a.FinalResultDetailCode != nil || len(a.Details) > 0
}

// otherModeFailure returns a check when an intention mode other than mode
// reports a failing code: the reply contradicts itself.
func (f *flowResult) otherModeFailure(mode IntentionMode) string {
	if c := f.readAloud.ErrorCode; mode != IntentionModeReadAloud && c != nil && *c != 0 {
		return "IntentionVerifyData.ErrorCode is " + strconv.Itoa(*c) + " in a " + mode.String() + " flow"
	}
	q := f.question
	if mode != IntentionModeQuestion {
		if c := q.FinalResultDetailCode; c != nil && *c != 0 {
			return "IntentionQuestionResult.FinalResultDetailCode is " + strconv.Itoa(*c) + " in a " + mode.String() + " flow"
		}
		if s := strings.TrimSpace(q.FinalResultCode); s != "" && s != "0" {
			return "IntentionQuestionResult.FinalResultCode is not 0 in a " + mode.String() + " flow"
		}
	}
	if c := f.action.FinalResultDetailCode; mode != IntentionModeAction && c != nil && *c != 0 {
		return "IntentionActionResult.FinalResultDetailCode is " + strconv.Itoa(*c) + " in a " + mode.String() + " flow"
	}
	return ""
}

// intentionCode returns the result code of the intention mode (nil when
// the step has no result), or a check that failed.
func (f *flowResult) intentionCode(mode IntentionMode) (*int, string) {
	switch mode {
	case IntentionModeReadAloud:
		return f.readAloud.ErrorCode, ""
	case IntentionModeAction:
		return f.action.FinalResultDetailCode, ""
	}
	return f.question.code()
}

// code reconciles the Q&A summary, detail and per-answer codes: it returns
// the deciding code, or a check when they disagree.
func (q *IntentionQuestionResult) code() (*int, string) {
	summary := strings.TrimSpace(q.FinalResultCode)
	detail := q.FinalResultDetailCode
	if detail != nil && summary != "" && (*detail == 0) != (summary == "0") {
		return nil, "IntentionQuestionResult.FinalResultDetailCode " + strconv.Itoa(*detail) +
			" contradicts FinalResultCode"
	}
	if detail == nil {
		switch summary {
		case "":
			return nil, ""
		case "0":
			zero := 0
			detail = &zero
		case "-2": // browser kernel not supported
			incompatible := -800
			return &incompatible, ""
		default: // the summary code only says "not confirmed"
			failed := -301
			return &failed, ""
		}
	}
	if *detail == 0 {
		for i, rc := range q.ResultCode {
			if strings.TrimSpace(rc) != "0" {
				return nil, "IntentionQuestionResult.ResultCode[" + strconv.Itoa(i) + "] is not 0 while the final code passed"
			}
		}
	}
	return detail, ""
}

// verdictProblem returns the first decoding problem in a field the
// verdict depends on: the text's object and codes, IsVerifyIntention,
// IntentionVerifyType, and anything in the intention results (a broken
// intention video is evidence of intention verification that can no longer
// be checked). Problems in the ID-card images, the best frames, the video
// and the per-attempt LivenessDetail do not count.
func (f *flowResult) verdictProblem() (FieldProblem, bool) {
	exact := [...]string{"Text", "Text.ErrCode", "Text.LiveStatus", "Text.Comparestatus", "Text.CompareStatus",
		"Text.Sim", "IsVerifyIntention", "IntentionVerifyType"}
	within := [...]string{"IntentionVerifyData", "IntentionQuestionResult", "IntentionActionResult"}
	for _, p := range f.problems {
		for _, f := range exact {
			if p.Field == f {
				return p, true
			}
		}
		for _, f := range within {
			if p.Field == f || strings.HasPrefix(p.Field, f+".") {
				return p, true
			}
		}
	}
	return FieldProblem{}, false
}

// failedCheck is the verdict of a result whose deciding code passed but
// whose safety check did not.
func failedCheck(stage Stage, check string) Verdict {
	return Verdict{Stage: stage, Check: check, Outcome: Outcome{Code: -1, Category: CategoryInconsistentReply,
		Meaning: "the reply is inconsistent or a field the verdict needs could not be read; do not treat it as passed"}}
}

// noVerdict is the outcome of a result that cannot be judged as requested.
// Its code, -1, is not one of Tencent's.
func noVerdict(meaning string) Outcome {
	return Outcome{Code: -1, Meaning: meaning, Category: CategoryInvocationError}
}

func notFinished(meaning string) Outcome {
	return Outcome{Code: 17, Meaning: meaning, MessageZH: "流程未完成", Category: CategoryFlowNotFinished, Known: true}
}
