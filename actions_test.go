package faceid

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestActionRegistry checks the generated registry against facts written
// out independently here, from Tencent's pricing and API pages: which
// actions are free and which are billed per call.
func TestActionRegistry(t *testing.T) {
	free := []string{
		"DetectAuth", "GetDetectInfoEnhanced", "GetDetectInfo", "GetEidToken", "GetEidResult", "CheckEidTokenStatus",
		"GetFaceIdToken", "GetFaceIdResult", "GetFaceidRiskInfoToken", "GetNFCToken", "GetLiveCode", "GetActionSequence",
		"GetWeChatBillDetails",
	}
	billed := []string{
		"IdCardVerification", "IdCardOCRVerification", "CheckIdCardInformation", "CheckIdNameDate", "ImageRecognition",
		"ImageRecognitionV2", "LivenessCompare", "LivenessRecognition", "DetectAIFakeFaces", "GetFaceIdRiskInfo",
		"PhoneVerification", "PhoneVerificationCMCC", "PhoneVerificationCTCC", "PhoneVerificationCUCC",
		"EncryptedPhoneVerification", "CheckPhoneAndName", "MobileStatus", "MobileNetworkTimeVerification",
		"MinorsVerification", "BankCardVerification", "BankCard2EVerification", "BankCard4EVerification",
		"CheckBankCardInformation", "GetWxNFCResult", "ParseNfcData",
	}
	var listed []string
	for _, a := range Actions() {
		listed = append(listed, a.Name)
		info, ok := LookupAction(a.Name)
		require.True(t, ok, a.Name)
		assert.Equal(t, a, info)
		assert.Equal(t, slices.Contains(billed, a.Name), ActionBilled(a.Name), a.Name)
		assert.NotEmpty(t, a.Area.Title(), a.Name)
		assert.True(t, strings.HasSuffix(a.Summary, "."), a.Name)
	}
	assert.ElementsMatch(t, append(slices.Clone(free), billed...), listed, "the registry lists exactly these actions")
	assert.True(t, slices.IsSorted(listed))
	assert.True(t, ActionBilled("SomeFutureAction"), "unknown actions are treated as billed")
	_, ok := LookupAction("SomeFutureAction")
	assert.False(t, ok)
}

func TestActionTokens(t *testing.T) {
	detect, _ := LookupAction("DetectAuth")
	require.NotNil(t, detect.Token)
	assert.Equal(t, "BizToken", detect.Token.Member)
	assert.Equal(t, BizTokenLifetime, detect.Token.Lifetime)
	assert.Equal(t, ResultRetention, detect.Token.ResultRetention)
	eid, _ := LookupAction("GetEidToken")
	require.NotNil(t, eid.Token)
	assert.Equal(t, 600*time.Second, eid.Token.Lifetime)
	app, _ := LookupAction("GetFaceIdToken")
	require.NotNil(t, app.Token)
	assert.True(t, app.Token.SingleUse)
	verify, _ := LookupAction("IdCardVerification")
	assert.Nil(t, verify.Token)
}

func TestActionsIn(t *testing.T) {
	total := 0
	for _, area := range Areas() {
		in := ActionsIn(area)
		assert.NotEmpty(t, in, area)
		for _, a := range in {
			assert.Equal(t, area, a.Area)
		}
		total += len(in)
	}
	assert.Equal(t, len(Actions()), total, "every action is in one of the areas")
	names := func(as []ActionInfo) (out []string) {
		for _, a := range as {
			out = append(out, a.Name)
		}
		return out
	}
	assert.ElementsMatch(t, []string{"BankCardVerification", "BankCard2EVerification", "BankCard4EVerification", "CheckBankCardInformation"},
		names(ActionsIn(AreaBankCard)))
}

func TestLookupResult(t *testing.T) {
	r := LookupResult("IdCardVerification", "0")
	assert.True(t, r.Passed())
	assert.Equal(t, Billed, r.Billing)
	assert.Equal(t, "Result", r.Member)

	r = LookupResult("IdCardVerification", "-1")
	assert.False(t, r.Passed())
	assert.Equal(t, ResultMismatch, r.Category)
	assert.Equal(t, Billed, r.Billing)

	r = LookupResult("IdCardVerification", "-7")
	assert.Equal(t, ResultDailyLimit, r.Category)
	assert.Equal(t, NotBilled, r.Billing)

	// Per-action meanings: "-4" is a free invalid input for one action and
	// a billed mismatch for another; "1" is a mismatch for CheckPhoneAndName.
	assert.Equal(t, ResultInvalidInput, LookupResult("BankCard4EVerification", "-4").Category)
	assert.Equal(t, ResultMismatch, LookupResult("PhoneVerificationCMCC", "-4").Category)
	assert.Equal(t, ResultMismatch, LookupResult("CheckPhoneAndName", "1").Category)

	for _, unknown := range []Result{LookupResult("IdCardVerification", "42"), LookupResult("NoSuchAction", "0"),
		LookupResult("GetLiveCode", "0")} {
		assert.False(t, unknown.Known)
		assert.False(t, unknown.Passed(), "an unknown code is never a pass")
	}
	assert.Equal(t, BillingUnknown, LookupResult("LivenessCompare", "Success").Billing)
	assert.True(t, LookupResult("LivenessCompare", "Success").Passed())
	assert.Equal(t, ResultSpoofSuspected, LookupResult("DetectAIFakeFaces", "High").Category)
}

func TestResultCodes(t *testing.T) {
	withResults := 0
	for _, a := range Actions() {
		codes := ResultCodes(a.Name)
		if codes == nil {
			continue
		}
		withResults++
		passes := 0
		for _, r := range codes {
			assert.Equal(t, r, LookupResult(a.Name, r.Code))
			assert.NotEmpty(t, r.Category.Meaning(), "%s %s", a.Name, r.Code)
			assert.NotEmpty(t, r.MessageZH, "%s %s has a Chinese message", a.Name, r.Code)
			if r.Passed() {
				passes++
			}
		}
		if a.Name != "CheckEidTokenStatus" {
			assert.Equal(t, 1, passes, "%s has exactly one passing code", a.Name)
		}
	}
	assert.Equal(t, 25, withResults, "the actions whose 200 reply carries a business outcome")
}

// TestUnknownActionsCountAsBilled checks that only the exact action names
// are known: anything else, near misses of real names included, counts as
// billed, so that an ambiguous failure is never retried for it.
func TestUnknownActionsCountAsBilled(t *testing.T) {
	unknown := []string{"", "SomeFutureAction", "DescribeInstances", "faceid.DetectAuth"}
	for _, a := range Actions() {
		name := a.Name
		unknown = append(unknown, strings.ToLower(name), strings.ToUpper(name), name+" ", " "+name, name+"\x00", name[:len(name)-1])
	}
	for _, name := range unknown {
		if _, known := LookupAction(name); known {
			t.Errorf("%q is not a FaceID action", name)
		}
		assert.True(t, ActionBilled(name), "%q counts as billed", name)
	}
}

// TestLookupsAllocateNothing checks that looking up an action or a Result
// code, which calls do on every reply's Outcome, builds no table.
func TestLookupsAllocateNothing(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		if r := LookupResult("CheckIdCardInformation", "FailedOperation.OcrWarningOccurred"); !r.Known {
			t.Fatal("unknown")
		}
		if !ActionBilled("IdCardVerification") {
			t.Fatal("not billed")
		}
	})
	assert.Zero(t, allocs)
}
