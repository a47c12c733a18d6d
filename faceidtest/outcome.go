package faceidtest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid"
)

// Outcome is how a person's pass through the flow ends, as scripted by a
// test with Complete or chosen on the hosted page.
type Outcome struct {
	// ErrCode is the result code of the liveness and compare part
	// (Text.ErrCode): 0 passed, or any code of faceid.LookupOutcome's
	// catalogue (1xxx liveness stage, 2xxx compare stage, 3xxx intention
	// stage face checks, codes below 1000 flow errors). Unknown codes are
	// sent as they are.
	ErrCode int
	// IntentionCode is the result code of intention verification, for a
	// flow that has it: IntentionVerifyData.ErrorCode (read-aloud) or
	// FinalResultDetailCode (Q&A and nod); see faceid.LookupIntentionOutcome.
	// Nil means 0 (passed). It needs ErrCode 0: after a failed liveness the
	// intention step does not run and its result is null.
	IntentionCode *int
	// Sim overrides the similarity reported (Text.Sim), e.g. "88.00".
	// Empty means a value consistent with ErrCode: "95.27" when passed,
	// "41.50" for 2016, null for liveness-stage failures.
	Sim string
	// Abandoned means the person left without finishing: nothing is
	// recorded and the result keeps its previous state ("not finished"
	// when there was no earlier attempt).
	Abandoned bool
}

// Pass returns the outcome of a person who passes every check.
func Pass() Outcome { return Outcome{} }

// Fail returns an outcome with the given Text.ErrCode.
func Fail(errCode int) Outcome { return Outcome{ErrCode: errCode} }

// FailIntention returns an outcome where liveness and compare pass but
// intention verification ends with code.
func FailIntention(code int) Outcome { return Outcome{IntentionCode: &code} }

// String describes the outcome, e.g. "ErrCode 2006" or
// "ErrCode 0, intention -301".
func (o Outcome) String() string {
	if o.Abandoned {
		return "abandoned"
	}
	s := "ErrCode " + strconv.Itoa(o.ErrCode)
	if o.IntentionCode != nil {
		s += ", intention " + strconv.Itoa(*o.IntentionCode)
	}
	return s
}

// intentionCode returns the intention code of a passed liveness.
func (o Outcome) intentionCode() int {
	if o.IntentionCode == nil {
		return 0
	}
	return *o.IntentionCode
}

// Error is an error of the Server's Go API (not of the wire protocol).
type Error string

// Error implements error.
func (e Error) Error() string { return string(e) }

// Errors returned by Complete and CompleteAuto; match them with errors.Is.
const (
	// ErrUnknownBizToken reports a token the server never issued, or one
	// of a flow without a verification to complete (device risk, NFC).
	ErrUnknownBizToken Error = "faceidtest: unknown BizToken, EidToken or FaceIdToken"
	// ErrVerificationExpired reports a token whose verification window
	// (7,200 s for a BizToken, 600 s for an EidToken or FaceIdToken) is
	// over.
	ErrVerificationExpired Error = "faceidtest: the token's verification window is over"
	// ErrInvalidOutcome reports an outcome that does not fit the flow.
	ErrInvalidOutcome Error = "faceidtest: outcome does not fit the flow"
	// ErrTokenUsed reports a single-use FaceIdToken that already holds
	// a verification.
	ErrTokenUsed Error = "faceidtest: the FaceIdToken was used for a verification already"
)

// Complete simulates the person finishing a verification flow with the
// given outcome: the SaaS flow of a BizToken (as if they had gone through
// Tencent's H5 page), the eID flow of an EidToken or the App SDK flow of a
// FaceIdToken. The outcome's ErrCode is Text.ErrCode of
// GetDetectInfoEnhanced and GetEidResult and the Result of
// GetFaceIdResult. A BizToken or EidToken may be completed again within
// its verification window, like a person retrying: every call adds an
// attempt to Text.LivenessDetail and the last one is the result; a
// FaceIdToken is single use. It fails with ErrUnknownBizToken,
// ErrVerificationExpired (7,200 s after DetectAuth, 600 s after
// GetEidToken or GetFaceIdToken, on the server's clock), ErrTokenUsed or
// ErrInvalidOutcome (an IntentionCode for a flow without intention
// verification, or with a non-zero ErrCode).
func (s *Server) Complete(bizToken string, o Outcome) error {
	_, _, err := s.finish(bizToken, func(*token) (Outcome, error) { return o, nil })
	return err
}

// CompleteAuto completes the flow of a token with the outcome the Name and
// IdCard of its issuing action select (see AutoOutcome and the package
// documentation) and returns that outcome.
func (s *Server) CompleteAuto(bizToken string) (Outcome, error) {
	o, _, err := s.finish(bizToken, func(t *token) (Outcome, error) {
		return AutoOutcome(t.name, t.idCard, t.intention), nil
	})
	return o, err
}

// finish records the outcome choose picks for a token and returns it with
// the token's RedirectUrl.
func (s *Server) finish(bizToken string, choose func(*token) (Outcome, error)) (Outcome, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[bizToken]
	switch {
	case !ok || !t.kind.completable():
		return Outcome{}, "", ErrUnknownBizToken
	case !s.clock.Now().Before(t.verifyUntil()):
		return Outcome{}, "", ErrVerificationExpired
	case t.singleUse && len(t.attempts) > 0:
		return Outcome{}, "", ErrTokenUsed
	}
	now := s.clock.Now()
	o, err := choose(t)
	if err != nil {
		return Outcome{}, "", err
	}
	if o.IntentionCode != nil && t.intention == 0 {
		return Outcome{}, "", fmt.Errorf("%w: IntentionCode set but the flow has no intention verification", ErrInvalidOutcome)
	}
	if o.IntentionCode != nil && o.ErrCode != 0 {
		return Outcome{}, "", fmt.Errorf("%w: IntentionCode needs ErrCode 0 (the intention step follows a passed liveness)", ErrInvalidOutcome)
	}
	if !o.Abandoned {
		t.attempts = append(t.attempts, attempt{at: now, seq: newUUID(), outcome: o})
	}
	return o, t.redirectURL, nil
}

// Visit simulates the person opening the page of a verification flow
// (BizToken, EidToken or FaceIdToken) without finishing it, as a GET of its
// Url does: CheckEidTokenStatus then reports "doing". It fails with
// ErrUnknownBizToken or ErrVerificationExpired.
func (s *Server) Visit(token string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[token]
	switch {
	case !ok || !t.kind.completable():
		return ErrUnknownBizToken
	case !s.clock.Now().Before(t.verifyUntil()):
		return ErrVerificationExpired
	}
	t.opened = true
	return nil
}

// Magic name endings recognised by AutoOutcome. They are fictional markers,
// not names.
const (
	MagicMismatch      = "不符"  // 2006: name and ID number do not match
	MagicSpoof         = "假体"  // 1002: suspected non-live recording
	MagicLowSimilarity = "低分"  // 2016: similarity below the threshold
	MagicAbandon       = "放弃"  // the person leaves without finishing
	MagicIntentionFail = "意愿否" // intention verification fails
)

// Fictional identities for tests. Each ID number has a valid check
// character and belongs to nobody.
const (
	// FictionalName is the name reported when DetectAuth had none.
	FictionalName = "测试一"
	// FictionalIDCard is the ID number reported when DetectAuth had none.
	FictionalIDCard = "110101199003071233"
	// NoRecordIDCard has sequence number 000, which AutoOutcome answers
	// with 2005 (no record in the authority source).
	NoRecordIDCard = "110101199003070003"
)

// AutoOutcome returns the outcome the magic inputs select for a flow with
// the given DetectAuth Name and IdCard and intention mode (zero for none):
//
//   - Name ending in 不符 (e.g. 测试不符): ErrCode 2006, name and ID number
//     do not match.
//   - Name ending in 假体: ErrCode 1002, suspected spoof.
//   - Name ending in 低分: ErrCode 2016, similarity 41.50 below the threshold.
//   - Name ending in 放弃: the person abandons; nothing is recorded.
//   - Name ending in 意愿否: liveness passes, intention verification fails
//     (-301 for Q&A and nod, -17 for read-aloud); a pass without intention.
//   - Name ending in #NNNN (e.g. 测试#1209): ErrCode NNNN, any code.
//   - IdCard whose sequence digits (positions 15 to 17) are 000, such as
//     NoRecordIDCard: ErrCode 2005, no record in the authority source.
//   - Anything else passes with similarity 95.27.
//
// Name endings are checked before the ID number.
func AutoOutcome(name, idCard string, intention faceid.IntentionMode) Outcome {
	switch {
	case strings.HasSuffix(name, MagicMismatch):
		return Fail(2006)
	case strings.HasSuffix(name, MagicSpoof):
		return Fail(1002)
	case strings.HasSuffix(name, MagicLowSimilarity):
		return Fail(2016)
	case strings.HasSuffix(name, MagicAbandon):
		return Outcome{Abandoned: true}
	case strings.HasSuffix(name, MagicIntentionFail):
		if intention == 0 {
			return Pass()
		}
		return FailIntention(intentionFailCode(intention))
	}
	if i := strings.LastIndexByte(name, '#'); i >= 0 {
		if code, err := strconv.Atoi(name[i+1:]); err == nil && code >= 0 && len(name)-i <= 6 {
			return Fail(code)
		}
	}
	if len(idCard) == 18 && idCard[14:17] == "000" {
		return Fail(2005)
	}
	return Pass()
}

// intentionFailCode is the failure used for "intention fails" in a mode.
func intentionFailCode(mode faceid.IntentionMode) int {
	if mode == faceid.IntentionModeReadAloud {
		return -17 // no voice detected
	}
	return -301 // intention not confirmed
}
