package faceidtest

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"github.com/faceid-go/faceid"
)

// verify answers the PaaS checks: the business outcome the request's
// magic input selects (the pass without one), its description and the
// members the action reports with it, shaped like the spec's reply.
func (s *Server) verify(c *apiCall) (any, *apiError) {
	a := c.req.action
	code, e := c.req.resultCode()
	if e != nil {
		return nil, e
	}
	values := map[string]any{a.resultMember: code}
	if containsMember(a.response, "Description") {
		values["Description"] = describe(a.name, code)
	}
	s.details(c, code, values)
	return s.shape(a.response, values), nil
}

// describe is the Description of a Result code: its Chinese message, or
// its English meaning where the spec has no Chinese one yet.
func describe(action, code string) string {
	r := faceid.LookupResult(action, code)
	return cmp.Or(r.MessageZH, r.Meaning)
}

// passed reports whether code is the action's pass.
func passed(action, code string) bool { return faceid.LookupResult(action, code).Passed() }

// details adds the members an action reports beside its outcome.
func (s *Server) details(c *apiCall, code string, v map[string]any) {
	r, action := c.req, c.req.action.name
	ok := passed(action, code)
	switch action {
	case "PhoneVerification":
		v["Isp"] = carrierName(r.str("Phone"))
		if r.str("VerifyMode") == "1" && code == "-4" {
			v["ResultDetail"] = "PhoneIdCardMismatch"
		}
	case "PhoneVerificationCMCC":
		v["Isp"] = "移动"
	case "PhoneVerificationCTCC":
		v["Isp"] = "电信"
	case "PhoneVerificationCUCC":
		v["Isp"] = "联通"
	case "EncryptedPhoneVerification":
		if r.str("EncryptionMode") == "0" {
			v["ISP"] = carrierName(r.str("Phone"))
		}
	case "MobileStatus":
		v["StatusCode"] = 99 // unknown
		if ok {
			v["StatusCode"] = 0 // normal
		}
	case "MobileNetworkTimeVerification":
		if ok {
			v["Range"] = "[24,+)"
		}
	case "MinorsVerification":
		switch code {
		case "0":
			v["AgeRange"] = "[18,+)"
		case "-1":
			v["AgeRange"] = "[16,18)"
		}
	case "CheckBankCardInformation":
		if ok {
			v["AccountBank"], v["AccountType"] = bankName(r.str("BankCard")), 1
		}
	case "IdCardOCRVerification":
		s.ocrDetails(r, code, v)
	case "CheckIdCardInformation":
		s.cardCompareDetails(r, code, v)
	case "ImageRecognition", "ImageRecognitionV2":
		v["Sim"] = paasSim(code)
		if r.has("Extra") {
			v["Extra"] = r.str("Extra")
		}
	case "LivenessCompare", "LivenessRecognition":
		s.livenessDetails(r, code, v)
	case "DetectAIFakeFaces":
		attackDetails(code, v)
	}
}

// carrierName guesses a mainland mobile number's carrier from its prefix,
// or "" for an unknown one (magic numbers included).
func carrierName(phone string) string {
	if len(phone) < 3 {
		return ""
	}
	in := func(prefixes string) bool { return slices.Contains(strings.Fields(prefixes), phone[:3]) }
	switch {
	case in("134 135 136 137 138 139 147 150 151 152 157 158 159 172 178 182 183 184 187 188 195 197 198"):
		return "移动"
	case in("130 131 132 145 155 156 166 167 171 175 176 185 186 196"):
		return "联通"
	case in("133 149 153 173 174 177 180 181 189 190 191 193 199"):
		return "电信"
	}
	return ""
}

// bankName names the fictional issuer of a card number by its first digit.
func bankName(card string) string {
	if strings.HasPrefix(card, "4") || strings.HasPrefix(card, "5") {
		return "测试国际银行"
	}
	return "测试银行"
}

// paasSim is the similarity (0 to 100) a PaaS compare reports with a
// Result code: high for a pass, low for a failed compare, 0 when no
// compare took place.
func paasSim(code string) float64 {
	switch code {
	case "Success":
		return 95.27
	case "FailedOperation.CompareLowSimilarity":
		return 41.5
	case "FailedOperation.CompareFail":
		return 58.06
	}
	return 0
}

// ocrDetails fills IdCardOCRVerification: the name and ID number checked
// (sent, or read from the photo) and, for a photo, what OCR read.
func (s *Server) ocrDetails(r *request, code string, v map[string]any) {
	if r.has("IdCard") && r.has("Name") {
		v["Name"], v["IdCard"] = r.str("Name"), r.str("IdCard")
		return
	}
	if code == "-2" || code == "-3" {
		return // the card could not be read
	}
	name, id := FictionalName, FictionalIDCard
	birth, gender, _ := ocrFields(id)
	v["Name"], v["IdCard"], v["Sex"], v["Nation"], v["Birth"], v["Address"] = name, id, gender, fictionalNation, birth, fictionalAddress
	v["Portrait"] = s.media.avatar.b64
	if wantsQuality(r.str("Config")) {
		v["Quality"] = 88.5
	}
}

// cardCompareDetails fills CheckIdCardInformation: what OCR read from the
// card and the similarity of its photo with the authority photo.
func (s *Server) cardCompareDetails(r *request, code string, v map[string]any) {
	if r.boolean("IsEncrypt") {
		v["Encryption"] = s.shape(s.model.structs["Encryption"], nil)
	}
	v["Sim"] = paasSim(code)
	if code == "FailedOperation.OcrWarningOccurred" {
		v["Warnings"] = "-9102" // photocopy
	}
	switch faceid.LookupResult("CheckIdCardInformation", code).Category {
	case faceid.ResultPassed, faceid.ResultMismatch, faceid.ResultDocumentWarning, faceid.ResultNoRecord:
	default:
		return // the card was not read
	}
	birth, gender, _ := ocrFields(FictionalIDCard)
	v["Name"], v["IdNum"], v["Sex"], v["Nation"], v["Birth"], v["Address"] = FictionalName, FictionalIDCard, gender, fictionalNation, birth, fictionalAddress
	v["Portrait"] = s.media.avatar.b64
	if wantsQuality(r.str("Config")) {
		v["Quality"] = 88.5
	}
}

// wantsQuality reports whether a Config JSON string turns the Quality
// warning on; a Config that is not JSON turns nothing on.
func wantsQuality(config string) bool {
	var c struct{ Quality bool }
	return json.Unmarshal([]byte(config), &c) == nil && c.Quality
}

// livenessDetails fills LivenessCompare and LivenessRecognition: the best
// frame when the video had a usable face, the similarity and the extra
// frames Optional's BestFrameNum (2 to 10) asks for.
func (s *Server) livenessDetails(r *request, code string, v map[string]any) {
	v["Sim"] = paasSim(code)
	cat := faceid.LookupResult(r.action.name, code).Category
	if cat != faceid.ResultPassed && cat != faceid.ResultMismatch {
		return
	}
	v["BestFrameBase64"] = s.media.bestFrame.b64
	var opt struct{ BestFrameNum int }
	if json.Unmarshal([]byte(r.str("Optional")), &opt) == nil && opt.BestFrameNum >= 2 {
		n := min(opt.BestFrameNum, maxBestFrames)
		frames := make([]string, n)
		for i := range n {
			frames[i] = s.media.frames[i].b64
		}
		v["BestFrameList"] = frames
	}
}

// attackDetails fills DetectAIFakeFaces: the traces and the matched
// template of a suspected attack.
func attackDetails(level string, v map[string]any) {
	trace, score := "", 0.0
	switch level {
	case "High":
		trace, score = "SuspectedSpoofingAttack", 0.31
	case "Mid":
		trace, score = "SuspectedSynthesisImage", 0.74
	}
	if trace == "" {
		v["ExtraInfo"] = object{{"RetrievalLivenessExtraInfo", []any{}}}
		return
	}
	v["AttackRiskDetailList"] = []object{{{"Type", trace}}}
	v["ExtraInfo"] = object{{"RetrievalLivenessExtraInfo", []object{{
		{"HitGroup", "Common"}, {"SimilarityScore", score}, {"HitTemplate", "sandbox-template-0001"},
	}}}}
}
