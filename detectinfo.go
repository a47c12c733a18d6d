package faceid

import (
	"strconv"
	"strings"
)

// DetectInfo is the result of a verification flow, as returned by
// GetDetectInfoEnhanced and GetDetectInfo. JSON tags carry Tencent's wire
// names, so encoding a DetectInfo with encoding/json gives the wire shape
// (media as standard base64). Media fields hold decoded bytes; a field the
// reply did not carry is nil.
//
// Printing a DetectInfo with fmt masks names, ID numbers and phone numbers and
// shows media by size; the real values stay available to code.
type DetectInfo struct {
	// Text holds the outcome codes, similarity and OCR text.
	Text DetectText `json:"Text"`
	// IDCardData holds the ID-card images.
	IDCardData IDCardData `json:"IdCardData"`
	// BestFrame holds the best frame(s) of the liveness video.
	BestFrame BestFrame `json:"BestFrame"`
	// VideoData holds the liveness video.
	VideoData VideoData `json:"VideoData"`
	// Encryption holds what is needed to decrypt encrypted fields or
	// EncryptedBody. Tencent returns it all-empty when unused.
	Encryption Encryption `json:"Encryption"`
	// IntentionVerifyData is the read-aloud intention result.
	IntentionVerifyData IntentionVerifyData `json:"IntentionVerifyData"`
	// IntentionQuestionResult is the question-and-answer intention result.
	IntentionQuestionResult IntentionQuestionResult `json:"IntentionQuestionResult"`
	// IntentionActionResult is the nod intention result.
	IntentionActionResult IntentionActionResult `json:"IntentionActionResult"`
	// EncryptedBody is the whole result, encrypted, when the request set
	// IsEncryptResponse (decoded from base64; still ciphertext).
	EncryptedBody []byte `json:"EncryptedBody,omitempty"`
	// IsVerifyIntention reports whether the flow included intention
	// verification.
	IsVerifyIntention bool `json:"IsVerifyIntention"`
	// IntentionVerifyType is "0" Q&A, "1" nod or "2" read-aloud; meaningful
	// only when IsVerifyIntention is true.
	IntentionVerifyType string `json:"IntentionVerifyType"`
	// RequestID identifies the request for Tencent support.
	RequestID string `json:"RequestId"`
	// Problems lists oddities met while decoding (a value of an unexpected
	// type, malformed base64); the affected fields are left empty and the
	// rest of the result is complete.
	Problems []FieldProblem `json:"-"`

	// textNotRequested records that the request's InfoType left out the
	// text part, so that a missing ErrCode does not mean "not finished".
	textNotRequested bool
}

// FieldProblem describes one field of a reply that could not be decoded.
type FieldProblem struct {
	// Field is the path of the field, e.g. "BestFrame.BestFrames[1]".
	Field string
	// Problem says what was wrong with it, without its value.
	Problem string
}

// String formats the problem as "field: problem".
func (p FieldProblem) String() string { return p.Field + ": " + p.Problem }

// DetectText is the text part of a result.
type DetectText struct {
	// ErrCode is the final outcome of the liveness and face-compare part
	// (0 passed; see LookupOutcome); nil when the flow has not finished.
	// It does not include intention verification: use DetectInfo.Verdict.
	ErrCode *int `json:"ErrCode"`
	// ErrMsg describes ErrCode; its wording may change, do not parse it.
	ErrMsg string `json:"ErrMsg"`
	// IDCard is the ID number used for the check (encryptable).
	IDCard string `json:"IdCard"`
	// UseIDType is 0 for a mainland ID card, 1 for a Hong Kong, Macao or
	// Taiwan residence permit, 2 for other.
	UseIDType int `json:"UseIDType"`
	// Name is the name used for the check (encryptable).
	Name string `json:"Name"`
	// OcrNation is the ethnicity read from the card.
	OcrNation string `json:"OcrNation"`
	// OcrAddress is the address read from the card.
	OcrAddress string `json:"OcrAddress"`
	// OcrBirth is the birth date read from the card, as YYYY/M/D.
	OcrBirth string `json:"OcrBirth"`
	// OcrAuthority is the issuing authority read from the card.
	OcrAuthority string `json:"OcrAuthority"`
	// OcrValidDate is the validity read from the card, YYYY.MM.DD-YYYY.MM.DD.
	OcrValidDate string `json:"OcrValidDate"`
	// OcrName is the name read from the card (encryptable).
	OcrName string `json:"OcrName"`
	// OcrIDCard is the ID number read from the card (encryptable).
	OcrIDCard string `json:"OcrIdCard"`
	// OcrGender is the gender read from the card.
	OcrGender string `json:"OcrGender"`
	// IDInfoFrom says how the ID data was captured: NFC, OCR, 手动输入
	// (manual) or 其他 (other).
	IDInfoFrom string `json:"IdInfoFrom"`
	// LiveStatus is the final liveness outcome code (0 passed).
	LiveStatus *int `json:"LiveStatus"`
	// LiveMsg describes LiveStatus.
	LiveMsg string `json:"LiveMsg"`
	// CompareStatus is the final face-compare outcome code (0 passed).
	CompareStatus *int `json:"Comparestatus"`
	// CompareMsg describes CompareStatus.
	CompareMsg string `json:"Comparemsg"`
	// Sim is the similarity "0.00" to "100.00" as sent; 70 or more means the
	// same person. See Similarity.
	Sim string `json:"Sim"`
	// Location holds geographic coordinates.
	Location string `json:"Location"`
	// Extra echoes DetectAuthRequest.Extra.
	Extra string `json:"Extra"`
	// LivenessDetail lists every liveness and compare attempt of the flow.
	LivenessDetail []DetectDetail `json:"LivenessDetail"`
	// LivenessInfoTag lists Plus-edition rejection reasons ("01" eyes closed … "14").
	LivenessInfoTag []string `json:"LivenessInfoTag"`
	// Mobile is the phone number.
	Mobile string `json:"Mobile"`
	// CompareLibType names the comparison source, e.g. 权威库 (authority).
	CompareLibType string `json:"CompareLibType"`
	// LivenessMode is 0 unknown, 1 digits, 2 action, 3 silent, 4 flash, 5 near-far.
	LivenessMode int `json:"LivenessMode"`
	// NFCRequestIDs lists the RequestIds of billed NFC reads.
	NFCRequestIDs []string `json:"NFCRequestIds"`
	// NFCBillingCounts is the number of billed NFC reads.
	NFCBillingCounts int `json:"NFCBillingCounts"`
	// PassNo is the permit number of a residence permit.
	PassNo string `json:"PassNo"`
	// VisaNum is the permit's issue count.
	VisaNum string `json:"VisaNum"`
	// LivenessActionSequence lists the actions done, comma-separated.
	LivenessActionSequence string `json:"LivenessActionSequence"`
}

// Similarity returns Sim as a number and whether it is a plain decimal
// between 0 and 100 ("95.27"); anything else reports false.
func (t *DetectText) Similarity() (float64, bool) {
	return parseSim(t.Sim)
}

// DetectDetail is one liveness and compare attempt.
type DetectDetail struct {
	// ReqTime is the attempt time in Unix milliseconds, as sent.
	ReqTime string `json:"ReqTime"`
	// Seq identifies the attempt.
	Seq string `json:"Seq"`
	// IDCard is the ID number of the attempt.
	IDCard string `json:"Idcard"`
	// Name is the name of the attempt.
	Name string `json:"Name"`
	// Sim is the similarity of the attempt, as sent.
	Sim string `json:"Sim"`
	// IsNeedCharge reports whether the attempt was billed.
	IsNeedCharge bool `json:"IsNeedCharge"`
	// ErrCode is the outcome of the attempt (0 passed).
	ErrCode *int `json:"Errcode"`
	// ErrMsg describes ErrCode.
	ErrMsg string `json:"Errmsg"`
	// LiveStatus is the liveness outcome of the attempt.
	LiveStatus *int `json:"Livestatus"`
	// LiveMsg describes LiveStatus.
	LiveMsg string `json:"Livemsg"`
	// CompareStatus is the compare outcome of the attempt.
	CompareStatus *int `json:"Comparestatus"`
	// CompareMsg describes CompareStatus.
	CompareMsg string `json:"Comparemsg"`
	// CompareLibType names the comparison source.
	CompareLibType string `json:"CompareLibType"`
	// LivenessMode is 0 unknown, 1 digits, 2 action, 3 silent, 4 flash.
	LivenessMode int `json:"LivenessMode"`
}

// Similarity returns Sim as a number and whether it is a plain decimal
// between 0 and 100; anything else reports false.
func (d *DetectDetail) Similarity() (float64, bool) { return parseSim(d.Sim) }

// IDCardData holds the ID-card images, decoded.
type IDCardData struct {
	// OcrFront is the captured portrait side.
	OcrFront []byte `json:"OcrFront"`
	// OcrBack is the captured emblem side.
	OcrBack []byte `json:"OcrBack"`
	// ProcessedFrontImage is the cropped portrait side (IsCutIDCardImage).
	ProcessedFrontImage []byte `json:"ProcessedFrontImage"`
	// ProcessedBackImage is the cropped emblem side (IsCutIDCardImage).
	ProcessedBackImage []byte `json:"ProcessedBackImage"`
	// Avatar is the portrait cut from the card (IsNeedIDCardAvatar).
	Avatar []byte `json:"Avatar"`
	// WarnInfos lists portrait-side warnings: -9100 invalid validity date,
	// -9101 incomplete border, -9102 photocopy, -9103 re-shot, -9104
	// temporary card, -9105 occlusion, -9106 edited, -9107 glare.
	WarnInfos []int `json:"WarnInfos"`
	// BackWarnInfos lists emblem-side warnings, same codes.
	BackWarnInfos []int `json:"BackWarnInfos"`
}

// BestFrame holds the best frames, decoded.
type BestFrame struct {
	// BestFrame is the frame used for the comparison.
	BestFrame []byte `json:"BestFrame"`
	// BestFrames are the extra frames asked for with BestFramesCount.
	BestFrames [][]byte `json:"BestFrames"`
}

// VideoData holds the liveness video, decoded.
type VideoData struct {
	// LivenessVideo is the liveness video (MP4).
	LivenessVideo []byte `json:"LivenessVideo"`
	// LivenessVideos lists the retry videos (IsReturnAllVideo).
	LivenessVideos []VideoDetail `json:"LivenessVideos"`
}

// VideoDetail is one retry video. Tencent documents Video as a storage path
// in the caller's COS bucket, so it is kept as sent.
type VideoDetail struct {
	// Seq identifies the attempt.
	Seq string `json:"Seq"`
	// Video is the video's storage path (or data) as sent.
	Video string `json:"Video"`
}

// Encryption describes field-level or whole-body encryption, in requests and
// in results. It is envelope encryption: the caller encrypts the listed
// fields (or the whole body) with a random key of its own, AES-256-CBC with
// PKCS#7 padding or SM4-GCM, and sends that key wrapped with the FaceID
// console's RSA or SM2 public key as CiphertextBlob; FaceID encrypts the
// sensitive fields of its reply with the same key and IV.
type Encryption struct {
	// EncryptList names the encrypted fields, or "EncryptionBody".
	EncryptList []string `json:"EncryptList,omitempty"`
	// CiphertextBlob is the symmetric key wrapped with FaceID's public key.
	CiphertextBlob string `json:"CiphertextBlob,omitempty"`
	// IV is the base64 initialisation vector or nonce (wire name Iv).
	IV string `json:"Iv,omitempty"`
	// Algorithm is "AES-256-CBC" (default) or "SM4-GCM".
	Algorithm string `json:"Algorithm,omitempty"`
	// TagList holds the base64 SM4-GCM tags, one per EncryptList entry.
	TagList []string `json:"TagList,omitempty"`
}

// IsZero reports whether e carries nothing (Tencent's all-empty object).
func (e *Encryption) IsZero() bool {
	return len(e.EncryptList) == 0 && e.CiphertextBlob == "" && e.IV == "" && e.Algorithm == "" && len(e.TagList) == 0
}

// validate checks a request's Encryption.
func (e *Encryption) validate(action, field string) error {
	switch e.Algorithm {
	case "", "AES-256-CBC", "SM4-GCM":
	default:
		return &ValidationError{Action: action, Field: field + ".Algorithm",
			Problem: "must be AES-256-CBC or SM4-GCM, got " + strconv.Quote(e.Algorithm)}
	}
	if len(e.EncryptList) > 0 && e.CiphertextBlob == "" {
		return &ValidationError{Action: action, Field: field + ".CiphertextBlob",
			Problem: "is required when EncryptList is set (the wrapped symmetric key)"}
	}
	return nil
}

// IntentionVerifyData is the read-aloud intention result.
type IntentionVerifyData struct {
	// IntentionVerifyVideo is the recording.
	IntentionVerifyVideo []byte `json:"IntentionVerifyVideo"`
	// AsrResult is the recognised speech.
	AsrResult string `json:"AsrResult"`
	// ErrorCode is the outcome (0 passed; see LookupIntentionOutcome); nil
	// when the flow failed before this step.
	ErrorCode *int `json:"ErrorCode"`
	// ErrorMessage describes ErrorCode.
	ErrorMessage string `json:"ErrorMessage"`
	// IntentionVerifyBestFrame is the best frame of the recording.
	IntentionVerifyBestFrame []byte `json:"IntentionVerifyBestFrame"`
	// IntentionVerifyAudio is the audio of the recording.
	IntentionVerifyAudio []byte `json:"IntentionVerifyAudio"`
	// AsrResultSimilarity is deprecated by Tencent.
	AsrResultSimilarity string `json:"AsrResultSimilarity"`
}

// IntentionQuestionResult is the question-and-answer intention result.
type IntentionQuestionResult struct {
	// FinalResultDetailCode is the outcome (0 passed; see
	// LookupIntentionOutcome); nil when the flow failed before this step.
	FinalResultDetailCode *int `json:"FinalResultDetailCode"`
	// FinalResultMessage describes FinalResultDetailCode.
	FinalResultMessage string `json:"FinalResultMessage"`
	// Video is the recording of questions and answers.
	Video []byte `json:"Video"`
	// ScreenShot holds one screenshot per answer.
	ScreenShot [][]byte `json:"ScreenShot"`
	// ResultCode holds one result per answer: "0" match, "-1" mismatch.
	ResultCode []string `json:"ResultCode"`
	// AsrResult holds the recognised answers.
	AsrResult []string `json:"AsrResult"`
	// Audios holds the audio of each answer.
	Audios [][]byte `json:"Audios"`
	// FinalResultCode is "0" pass, "-1" fail, "-2" browser not supported;
	// prefer FinalResultDetailCode.
	FinalResultCode string `json:"FinalResultCode"`
}

// IntentionActionResult is the nod intention result.
type IntentionActionResult struct {
	// FinalResultDetailCode is the outcome (0 passed); nil when the flow
	// failed before this step.
	FinalResultDetailCode *int `json:"FinalResultDetailCode"`
	// FinalResultMessage describes FinalResultDetailCode.
	FinalResultMessage string `json:"FinalResultMessage"`
	// Details holds one recording per nod round.
	Details []IntentionActionDetail `json:"Details"`
}

// IntentionActionDetail is one nod round.
type IntentionActionDetail struct {
	// Video is the recording of the round.
	Video []byte `json:"Video"`
	// ScreenShot holds screenshots of the round.
	ScreenShot [][]byte `json:"ScreenShot"`
}

// parseSim parses a similarity: a plain decimal between 0 and 100, such as
// "95.27", with optional surrounding spaces. Anything else — a sign, an
// exponent, hexadecimal, underscores, "Inf", "NaN", a value beyond 100 —
// reports false, so that a malformed similarity can never read as a match.
func parseSim(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	intPart, frac, hasDot := strings.Cut(s, ".")
	if !allDigits(intPart) || len(intPart) > 3 || (hasDot && !allDigits(frac)) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 100 {
		return 0, false
	}
	return f, true
}

// allDigits reports whether s is non-empty and holds ASCII digits only.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
