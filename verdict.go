package faceid

import "strings"

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
	// Passed is true only when every required part of the flow passed.
	Passed bool `json:"Passed"`
	// Pending is true when the person has not finished the flow (yet).
	Pending bool `json:"Pending"`
	// Stage is the part of the flow that decided the verdict; empty when
	// the result could not be judged at all (see DetectInfo.Verdict).
	Stage Stage `json:"Stage"`
	// Outcome explains the deciding code: meaning, category, billing.
	Outcome Outcome `json:"Outcome"`
	// IntentionMode is the intention mode when Stage is StageIntention.
	IntentionMode IntentionMode `json:"IntentionMode,omitempty"`
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
	}
	return b.String()
}

// Verdict applies the final-verdict rule of GetDetectInfoEnhanced:
// Text.ErrCode == 0 means liveness and face compare passed; when the flow
// had intention verification (IsVerifyIntention), the result of its mode
// must pass too — read-aloud IntentionVerifyData.ErrorCode, Q&A
// IntentionQuestionResult.FinalResultDetailCode (or FinalResultCode), nod
// IntentionActionResult.FinalResultDetailCode. A missing ErrCode means the
// flow has not finished; a missing intention code after a passed liveness
// means the intention step was not completed. Unknown codes fail.
//
// The verdict needs the text part of the result in clear. A result pulled
// with an InfoType that leaves out the text (no digit 0 or 1), or encrypted
// whole into EncryptedBody (IsEncryptResponse), has no Text.ErrCode: its
// verdict is neither passed nor pending, has no Stage, and its Outcome is an
// invocation error (code -1) that says what to do.
func (d *DetectInfo) Verdict() Verdict {
	if d.Text.ErrCode == nil {
		switch {
		case d.textNotRequested:
			return Verdict{Outcome: noVerdict(
				"the result has no text part, which holds the outcome: pull it with InfoType 0 or a value with the digit 1")}
		case len(d.EncryptedBody) > 0:
			return Verdict{Outcome: noVerdict(
				"the result is encrypted in EncryptedBody (IsEncryptResponse): decrypt it to read the outcome")}
		}
		return Verdict{Pending: true, Stage: StageLiveness, Outcome: notFinished("the person has not finished the flow")}
	}
	if code := *d.Text.ErrCode; code != 0 {
		return Verdict{Stage: StageLiveness, Outcome: LookupOutcome(code)}
	}
	if !d.IsVerifyIntention {
		return Verdict{Passed: true, Stage: StageLiveness, Outcome: LookupOutcome(0)}
	}
	mode, ok := ParseIntentionVerifyType(d.IntentionVerifyType)
	if !ok {
		return Verdict{Stage: StageIntention, Outcome: Outcome{Code: -1, Category: CategoryUnknown,
			Meaning: "intention verification is on but IntentionVerifyType is not 0, 1 or 2"}}
	}
	code := d.intentionCode(mode)
	if code == nil {
		return Verdict{Pending: true, Stage: StageIntention, IntentionMode: mode,
			Outcome: notFinished("the intention step has no result")}
	}
	outcome := LookupIntentionOutcome(mode, *code)
	return Verdict{Passed: outcome.Passed(), Stage: StageIntention, IntentionMode: mode, Outcome: outcome}
}

// noVerdict is the outcome of a result that cannot be judged as requested.
// Its code, -1, is not one of Tencent's.
func noVerdict(meaning string) Outcome {
	return Outcome{Code: -1, Meaning: meaning, Category: CategoryInvocationError}
}

// intentionCode returns the result code of the intention mode, or nil.
func (d *DetectInfo) intentionCode(mode IntentionMode) *int {
	switch mode {
	case IntentionModeReadAloud:
		return d.IntentionVerifyData.ErrorCode
	case IntentionModeAction:
		return d.IntentionActionResult.FinalResultDetailCode
	case IntentionModeQuestion:
		q := &d.IntentionQuestionResult
		if q.FinalResultDetailCode != nil {
			return q.FinalResultDetailCode
		}
		switch strings.TrimSpace(q.FinalResultCode) {
		case "0":
			zero := 0
			return &zero
		case "":
			return nil
		case "-2": // browser kernel not supported
			incompatible := -800
			return &incompatible
		default: // the summary code only says "not confirmed"
			failed := -301
			return &failed
		}
	}
	return nil
}

func notFinished(meaning string) Outcome {
	return Outcome{Code: 17, Meaning: meaning, MessageZH: "流程未完成", Category: CategoryFlowNotFinished, Known: true}
}
