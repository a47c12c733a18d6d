package faceid

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// FaceIDResult is generated from the spec (GetFaceIdResult is marked
// "handwritten": "method"): its type, decoder and display. What follows is
// its behaviour: the method on Client, the similarity's decoding, the
// verdict and the risk tags.

// GetFaceIdResult pulls the result of an App SDK flow: the outcome code,
// the similarity, the risk tags and, when asked for, the video, the best
// frame and the ID card image, decoded to bytes.
//
// The reply is decoded with the rules of GetDetectInfoEnhanced: Tencent's
// documented type drift is tolerated, other oddities in a field are listed
// in FaceIDResult.Problems, and a reply that is cut off, malformed or
// ambiguous (a duplicate member) fails the call with a *DecodeError.
// Results are kept by Tencent for three days. A call that returns an error
// never returns a result.
func (c *Client) GetFaceIdResult(ctx context.Context, req *GetFaceIdResultRequest, opts ...CallOption) (*FaceIDResult, error) {
	res := new(FaceIDResult)
	if err := c.invoke(ctx, "GetFaceIdResult", req, res, opts); err != nil {
		return nil, err
	}
	return res, nil
}

// decodeSimilarity decodes a similarity whose absence matters: null, absent
// or "" leave dst nil. A number sent as a string must be a plain decimal
// between 0 and 100 (see parseSim); anything else is recorded as a problem.
// The generated decoder of FaceIDResult calls it (the spec's "decode").
func decodeSimilarity(d *wireDecoder, r *jsonscan.Reader, prefix string, key []byte, dst **float64) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	kind, err := r.Peek()
	if err != nil {
		return err
	}
	switch kind {
	case jsonscan.KindNull:
		return r.Skip()
	case jsonscan.KindString:
		s, err := r.String()
		if err != nil {
			return d.soft(prefix, key, err)
		}
		if strings.TrimSpace(s) == "" {
			return nil
		}
		f, ok := parseSim(s)
		if !ok {
			d.problem(FieldProblem{Field: joinPath(prefix, key),
				Problem: "expected a number, got a string that is not a plain decimal between 0 and 100"})
			return nil
		}
		*dst = &f
		return nil
	}
	f, err := r.FlexFloat()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = &f
	return nil
}

// Outcome describes the Result code with LookupAppSDKOutcome. A Result
// that is empty or not a plain integer gives an Outcome with Code -1,
// Known false and CategoryUnknown. The outcome alone is not the verdict:
// use Verdict.
func (x *FaceIDResult) Outcome() Outcome {
	code, ok := parseResultCode(x.Result)
	if !ok {
		return Outcome{Code: -1, Meaning: "the reply has no numeric Result code", Category: CategoryUnknown}
	}
	return LookupAppSDKOutcome(code)
}

// LookupAppSDKOutcome describes a GetFaceIdResult Result code: the outcome
// LookupOutcome gives, billed as in the App SDK channel, which bills the
// codes whose BillingNote says so (2007, 2009, 2011 to 2015) where the H5
// and mini-program channels do not.
func LookupAppSDKOutcome(code int) Outcome {
	o := LookupOutcome(code)
	if o.BillingNote == outcomeNoteAppSDK {
		o.Billed = true
	}
	return o
}

// Verdict decides the App SDK flow, and fails closed: it says "passed"
// only when the result proves it.
//
// Result must be exactly "0"; any other code fails with its outcome (see
// LookupAppSDKOutcome), and a Result that is not a plain integer ("00",
// "+0", " 0", "passed") fails with CategoryInconsistentReply. A passing
// Result must agree with the rest of the result: Similarity must be
// present and a number from 70 to 100 (a pass without a similarity is not
// taken on trust), RiskInfoTag must be empty (Tencent sends it only with
// Result 1007), and LivenessInfoTag must list no rejection reason;
// otherwise the verdict fails with CategoryInconsistentReply and Check
// names the check. A decoding problem in Result, Similarity, RiskInfoTag,
// LivenessInfoTag or EncryptedBody fails the verdict too.
//
// An empty Result means the flow has not finished (pending), unless the
// result came encrypted in EncryptedBody (IsEncryptResponse): then the
// verdict is neither passed nor pending and its Outcome is an invocation
// error (code -1) that says to decrypt it.
//
// The device risk tags and level (DeviceRisks, DeviceLevel) do not decide
// the verdict: they describe the device, not the outcome, and what to do
// with a risky device is the merchant's policy.
func (x *FaceIDResult) Verdict() Verdict {
	if p, ok := x.verdictProblem(); ok {
		return failedCheck("", "field "+p.Field+" could not be decoded ("+p.Problem+")")
	}
	if strings.TrimSpace(x.Result) == "" {
		if len(x.EncryptedBody) > 0 {
			return Verdict{Outcome: noVerdict(
				"the result is encrypted in EncryptedBody (IsEncryptResponse): decrypt it to read the outcome")}
		}
		return Verdict{Pending: true, Stage: StageLiveness, Outcome: notFinished("the result has no Result code yet")}
	}
	code, ok := parseResultCode(x.Result)
	if !ok {
		return failedCheck(StageLiveness, "Result is not a plain integer code")
	}
	if code != 0 {
		return Verdict{Stage: StageLiveness, Outcome: LookupAppSDKOutcome(code)}
	}
	if check := x.passCheck(); check != "" {
		return failedCheck(StageLiveness, check)
	}
	return Verdict{Passed: true, Stage: StageLiveness, Outcome: LookupAppSDKOutcome(0)}
}

// passCheck returns the first check a result with Result "0" fails, or "".
func (x *FaceIDResult) passCheck() string {
	switch s := x.Similarity; {
	case s == nil:
		return "Similarity is missing while Result is 0"
	case math.IsNaN(*s) || *s < 0 || *s > 100:
		return "Similarity is not a number between 0 and 100"
	case *s < minPassingSimilarity:
		return "Similarity below " + strconv.Itoa(minPassingSimilarity) + " while Result is 0"
	}
	if strings.TrimSpace(x.RiskInfoTag) != "" {
		return "RiskInfoTag is set while Result is 0"
	}
	if len(x.LivenessRejections()) > 0 {
		return "LivenessInfoTag lists a liveness rejection while Result is 0"
	}
	return ""
}

// verdictProblem returns the first decoding problem in a field the
// verdict reads.
func (x *FaceIDResult) verdictProblem() (FieldProblem, bool) {
	for _, p := range x.Problems {
		switch p.Field {
		case "Result", "Similarity", "RiskInfoTag", "LivenessInfoTag", "EncryptedBody":
			return p, true
		}
	}
	return FieldProblem{}, false
}

// parseResultCode parses a Result code written as Tencent writes integers:
// "0", "1004", "-1", with no sign, padding or spaces that would let two
// texts stand for one code, and within 32 bits.
func parseResultCode(s string) (int, bool) {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || strconv.FormatInt(n, 10) != s {
		return 0, false
	}
	return int(n), true
}

// DeviceRisks returns the device risk tags of DeviceInfoTag (the Plus
// edition's; separated by commas if Tencent sends several), or nil when
// there is none. A tag Tencent does not document is returned as sent.
func (x *FaceIDResult) DeviceRisks() []DeviceRisk { return splitTags[DeviceRisk](x.DeviceInfoTag) }

// LivenessRejections returns the liveness rejection reasons of
// LivenessInfoTag (the Plus edition's; separated by commas if Tencent
// sends several), or nil when there is none. A reason Tencent does not
// document is returned as sent.
func (x *FaceIDResult) LivenessRejections() []LivenessRejection {
	return splitTags[LivenessRejection](x.LivenessInfoTag)
}

// DeviceLevel returns the Plus edition's device risk level and whether
// DeviceInfoLevel holds one of the documented levels "1" to "4".
func (x *FaceIDResult) DeviceLevel() (DeviceRiskLevel, bool) {
	switch strings.TrimSpace(x.DeviceInfoLevel) {
	case "1":
		return DeviceRiskSafe, true
	case "2":
		return DeviceRiskLow, true
	case "3":
		return DeviceRiskMedium, true
	case "4":
		return DeviceRiskHigh, true
	}
	return 0, false
}

// AttackRisk reports whether RiskInfoTag flags an attack ("02").
func (x *FaceIDResult) AttackRisk() bool { return strings.TrimSpace(x.RiskInfoTag) == "02" }

// splitTags splits a list of tags separated by commas, dropping spaces and
// empty items.
func splitTags[T ~string](s string) []T {
	var tags []T
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			tags = append(tags, T(item))
		}
	}
	return tags
}

// DeviceRisk is a device risk tag of the App SDK's Plus edition
// (FaceIDResult.DeviceInfoTag).
type DeviceRisk string

// The documented device risk tags.
const (
	DeviceRooted         DeviceRisk = "01" // the device seems rooted or jailbroken
	DeviceInjected       DeviceRisk = "02" // code injection is suspected
	DeviceEmulator       DeviceRisk = "03" // the device seems to be an emulator
	DeviceRiskyOperation DeviceRisk = "04" // a risky operation is suspected
	DeviceCameraHijacked DeviceRisk = "05" // the camera seems hijacked
	DeviceFraudRing      DeviceRisk = "06" // the device is suspected of belonging to a fraud ring
)

// Meaning describes the tag in English, or says that it is not documented.
func (t DeviceRisk) Meaning() string {
	switch t {
	case DeviceRooted:
		return "device rooted or jailbroken"
	case DeviceInjected:
		return "code injection suspected"
	case DeviceEmulator:
		return "emulator suspected"
	case DeviceRiskyOperation:
		return "risky operation suspected"
	case DeviceCameraHijacked:
		return "camera hijacking suspected"
	case DeviceFraudRing:
		return "fraud-ring device suspected"
	}
	return "undocumented device risk tag"
}

// String returns the tag and its meaning, e.g. "03 emulator suspected";
// an undocumented tag is shown bounded and sanitised.
func (t DeviceRisk) String() string { return safeShort(string(t)) + " " + t.Meaning() }

// LivenessRejection is a liveness rejection reason of the App SDK's Plus
// edition (FaceIDResult.LivenessInfoTag).
type LivenessRejection string

// The documented liveness rejection reasons.
const (
	LivenessEyesClosed        LivenessRejection = "01" // eyes closed throughout
	LivenessActionNotDone     LivenessRejection = "02" // the requested action was not done
	LivenessRecapture         LivenessRejection = "03" // a re-shot (screen or print) attack is suspected
	LivenessSynthesizedImage  LivenessRejection = "04" // a synthesized image is suspected
	LivenessSynthesizedVideo  LivenessRejection = "05" // a synthesized video is suspected
	LivenessSynthesizedAction LivenessRejection = "06" // a synthesized action is suspected
	LivenessFraudTemplate     LivenessRejection = "07" // a known fraud template is suspected
	LivenessWatermark         LivenessRejection = "08" // a watermark is suspected
	LivenessReflectionFailed  LivenessRejection = "09" // the light-reflection check failed
	LivenessBestFrameFailed   LivenessRejection = "10" // the best-frame check failed
	LivenessPoorFaceQuality   LivenessRejection = "11" // the face quality is too poor
	LivenessDistanceMismatch  LivenessRejection = "12" // the face distance does not match
	LivenessAdversarial       LivenessRejection = "13" // an adversarial-example attack is suspected
)

// Meaning describes the reason in English, or says that it is not
// documented.
func (t LivenessRejection) Meaning() string {
	switch t {
	case LivenessEyesClosed:
		return "eyes closed throughout"
	case LivenessActionNotDone:
		return "requested action not done"
	case LivenessRecapture:
		return "re-shot attack suspected"
	case LivenessSynthesizedImage:
		return "synthesized image suspected"
	case LivenessSynthesizedVideo:
		return "synthesized video suspected"
	case LivenessSynthesizedAction:
		return "synthesized action suspected"
	case LivenessFraudTemplate:
		return "fraud template suspected"
	case LivenessWatermark:
		return "watermark suspected"
	case LivenessReflectionFailed:
		return "light-reflection check failed"
	case LivenessBestFrameFailed:
		return "best-frame check failed"
	case LivenessPoorFaceQuality:
		return "face quality too poor"
	case LivenessDistanceMismatch:
		return "face distance mismatch"
	case LivenessAdversarial:
		return "adversarial-example attack suspected"
	}
	return "undocumented liveness rejection reason"
}

// String returns the reason and its meaning, e.g. "01 eyes closed
// throughout"; an undocumented reason is shown bounded and sanitised.
func (t LivenessRejection) String() string { return safeShort(string(t)) + " " + t.Meaning() }

// DeviceRiskLevel is the device risk level of the App SDK's Plus edition
// (FaceIDResult.DeviceInfoLevel).
type DeviceRiskLevel int

// The documented device risk levels.
const (
	DeviceRiskSafe   DeviceRiskLevel = 1 // no risk found
	DeviceRiskLow    DeviceRiskLevel = 2
	DeviceRiskMedium DeviceRiskLevel = 3
	DeviceRiskHigh   DeviceRiskLevel = 4
)

// String returns "safe", "low", "medium" or "high", or
// "DeviceRiskLevel(n)" for another value.
func (l DeviceRiskLevel) String() string {
	switch l {
	case DeviceRiskSafe:
		return "safe"
	case DeviceRiskLow:
		return "low"
	case DeviceRiskMedium:
		return "medium"
	case DeviceRiskHigh:
		return "high"
	}
	return "DeviceRiskLevel(" + strconv.Itoa(int(l)) + ")"
}

// verdictShown is the verdict line of the result's display (its
// responseDisplay helper "verdict").
func (x FaceIDResult) verdictShown() shownField { return shownField{"Verdict", x.Verdict().String()} }

// view is the App SDK result for displays: its members as viewMembers
// shows them, and the Verdict.
func (x *FaceIDResult) view(reveal bool) map[string]any {
	v := x.viewMembers(reveal)
	v["Verdict"] = x.Verdict()
	return v
}
