package faceidtest_test

import (
	"strconv"
	"testing"

	"github.com/faceid-go/faceid/codes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

func TestScriptedOutcomesMapToVerdicts(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)

	for _, tc := range []struct {
		code     int
		category faceid.Category
		live     *int // expected LiveStatus; nil means null
		compare  *int
		sim      string
	}{
		{0, faceid.CategoryPassed, ptr(0), ptr(0), "95.27"},
		{1002, faceid.CategorySpoofSuspected, ptr(1002), nil, ""},
		{1004, faceid.CategoryUserCanRetry, ptr(1004), nil, ""},
		{1001, faceid.CategorySystemError, ptr(1001), nil, ""},
		{1301, faceid.CategorySpoofSuspected, ptr(1301), nil, ""},
		{2006, faceid.CategoryIdentityMismatch, ptr(0), ptr(2006), "0.00"},
		{2016, faceid.CategoryIdentityMismatch, ptr(0), ptr(2016), "41.50"},
		{2005, faceid.CategoryNoRecord, ptr(0), ptr(2005), "0.00"},
		{2017, faceid.CategorySystemError, ptr(0), ptr(2017), "0.00"},
		{3011, faceid.CategoryIdentityMismatch, ptr(0), ptr(3011), "41.50"},
		{3, faceid.CategoryInvocationError, nil, nil, ""},
		{15, faceid.CategoryTokenExpired, nil, nil, ""},
		{16, faceid.CategoryLimitReached, nil, nil, ""},
		{17, faceid.CategoryFlowNotFinished, nil, nil, ""},
		{9999, faceid.CategoryUnknown, nil, nil, ""},
	} {
		t.Run(strconv.Itoa(tc.code), func(t *testing.T) {
			token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
			require.NoError(t, s.Complete(token, faceidtest.Fail(tc.code)))
			info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1"})

			v := info.Verdict()
			assert.Equal(t, tc.code == 0, v.Passed)
			assert.False(t, v.Pending)
			assert.Equal(t, tc.code, v.Outcome.Code)
			assert.Equal(t, tc.category, v.Outcome.Category, v.String())

			require.NotNil(t, info.Text.ErrCode)
			assert.Equal(t, tc.code, *info.Text.ErrCode)
			want := faceid.LookupOutcome(tc.code).MessageZH
			if want == "" {
				want = "未知错误"
			}
			assert.Equal(t, want, info.Text.ErrMsg)
			assert.Equal(t, tc.live, info.Text.LiveStatus)
			assert.Equal(t, tc.compare, info.Text.CompareStatus)
			assert.Equal(t, tc.sim, info.Text.Sim)
			require.Len(t, info.Text.LivenessDetail, 1)
			assert.Equal(t, faceid.LookupOutcome(tc.code).Billed, info.Text.LivenessDetail[0].IsNeedCharge)

			// Media follow the stage the flow reached.
			assert.Equal(t, tc.code == 0 || tc.code >= 2000, info.BestFrame.BestFrame != nil, "best frame")
			assert.Equal(t, tc.code == 0 || tc.code >= 1000, info.VideoData.LivenessVideo != nil, "video")
			assert.NotNil(t, info.IDCardData.OcrFront)
		})
	}
}

func TestSimOverride(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(token, faceidtest.Outcome{Sim: "70.01"}))
	info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1", InfoType: "1"})
	sim, ok := info.Text.Similarity()
	assert.True(t, ok)
	assert.InDelta(t, 70.01, sim, 1e-9)
}

func TestIntentionFlows(t *testing.T) {
	s := newServer(t,
		faceidtest.WithRule(faceidtest.Rule{ID: "read", Intention: faceid.IntentionModeReadAloud}),
		faceidtest.WithRule(faceidtest.Rule{ID: "qa", Intention: faceid.IntentionModeQuestion}),
		faceidtest.WithRule(faceidtest.Rule{ID: "nod", Intention: faceid.IntentionModeAction}),
	)
	c := s.Client(noRetry)

	type check func(t *testing.T, info *faceid.DetectInfo)
	for _, tc := range []struct {
		name     string
		req      faceid.DetectAuthRequest
		outcome  faceidtest.Outcome
		infoType string
		mode     faceid.IntentionMode
		passed   bool
		category faceid.Category
		check    check
	}{
		{"read-aloud passed", faceid.DetectAuthRequest{RuleID: "read", IntentionVerifyText: "我同意。"}, faceidtest.Pass(), "15",
			faceid.IntentionModeReadAloud, true, faceid.CategoryPassed, func(t *testing.T, info *faceid.DetectInfo) {
				d := info.IntentionVerifyData
				assert.Equal(t, "我同意。", d.AsrResult)
				requireMP4(t, d.IntentionVerifyVideo)
				requireMP4(t, d.IntentionVerifyAudio)
				requireJPEG(t, d.IntentionVerifyBestFrame)
				assert.Equal(t, "2", info.IntentionVerifyType)
			}},
		{"read-aloud failed", faceid.DetectAuthRequest{RuleID: "read"}, faceidtest.FailIntention(-17), "0",
			faceid.IntentionModeReadAloud, false, faceid.CategoryUserCanRetry, func(t *testing.T, info *faceid.DetectInfo) {
				assert.Equal(t, -17, *info.IntentionVerifyData.ErrorCode)
				assert.Empty(t, info.IntentionVerifyData.AsrResult)
			}},
		{"question passed", faceid.DetectAuthRequest{RuleID: "qa", IntentionQuestions: []faceid.IntentionQuestion{
			{Question: "您是否自愿？", Answers: []string{"是"}}, {Question: "您是否知晓风险？", Answers: []string{"知晓", "是"}}}},
			faceidtest.Pass(), "16", faceid.IntentionModeQuestion, true, faceid.CategoryPassed, func(t *testing.T, info *faceid.DetectInfo) {
				q := info.IntentionQuestionResult
				assert.Equal(t, "0", q.FinalResultCode)
				assert.Equal(t, []string{"0", "0"}, q.ResultCode)
				assert.Equal(t, []string{"是", "知晓"}, q.AsrResult)
				require.Len(t, q.ScreenShot, 2)
				requireJPEG(t, q.ScreenShot[1])
				require.Len(t, q.Audios, 2)
				requireMP4(t, q.Video)
				assert.Equal(t, "0", info.IntentionVerifyType)
			}},
		{"question failed", faceid.DetectAuthRequest{RuleID: "qa"}, faceidtest.FailIntention(-301), "16",
			faceid.IntentionModeQuestion, false, faceid.CategoryIdentityMismatch, func(t *testing.T, info *faceid.DetectInfo) {
				q := info.IntentionQuestionResult
				assert.Equal(t, "-1", q.FinalResultCode)
				assert.Equal(t, []string{"0", "-1"}, q.ResultCode, "two default questions, the last refused")
				assert.Equal(t, "意愿未确认", q.FinalResultMessage)
			}},
		{"nod failed", faceid.DetectAuthRequest{RuleID: "nod", IntentionActions: []faceid.IntentionActionConfig{{Text: "请点头"}}},
			faceidtest.FailIntention(-202), "16", faceid.IntentionModeAction, false, faceid.CategoryIdentityMismatch,
			func(t *testing.T, info *faceid.DetectInfo) {
				a := info.IntentionActionResult
				assert.Equal(t, -202, *a.FinalResultDetailCode)
				require.Len(t, a.Details, 1)
				requireMP4(t, a.Details[0].Video)
				assert.Equal(t, "1", info.IntentionVerifyType)
				assert.Equal(t, 0, *info.Text.ErrCode, "Text.ErrCode 0 although the verdict fails")
			}},
		{"nod inferred from the request", faceid.DetectAuthRequest{RuleID: "1", IntentionActions: []faceid.IntentionActionConfig{{Text: "请点头"}},
			Config: &faceid.RuleIDConfig{IntentionType: 1}}, faceidtest.Pass(), "0", faceid.IntentionModeAction, true, faceid.CategoryPassed,
			func(t *testing.T, info *faceid.DetectInfo) {
				assert.Equal(t, 0, *info.IntentionActionResult.FinalResultDetailCode)
			}},
		{"liveness failed before intention", faceid.DetectAuthRequest{RuleID: "qa"}, faceidtest.Fail(1002), "0",
			0, false, faceid.CategorySpoofSuspected, func(t *testing.T, info *faceid.DetectInfo) {
				assert.True(t, info.IsVerifyIntention)
				assert.Nil(t, info.IntentionQuestionResult.FinalResultDetailCode, "no intention step after a failed liveness")
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token := startFlow(t, c, &tc.req)
			require.NoError(t, s.Complete(token, tc.outcome))
			info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: tc.req.RuleID, InfoType: tc.infoType})
			assert.True(t, info.IsVerifyIntention)
			v := info.Verdict()
			assert.Equal(t, tc.passed, v.Passed, v.String())
			assert.Equal(t, tc.category, v.Outcome.Category, v.String())
			if tc.mode != 0 {
				assert.Equal(t, faceid.StageIntention, v.Stage)
				assert.Equal(t, tc.mode, v.IntentionMode)
			}
			tc.check(t, info)
		})
	}
}

func TestCompleteRejectsOutcomesThatDoNotFit(t *testing.T) {
	s := newServer(t, faceidtest.WithRule(faceidtest.Rule{ID: "qa", Intention: faceid.IntentionModeQuestion}))
	c := s.Client(noRetry)
	plain := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	assert.ErrorIs(t, s.Complete(plain, faceidtest.FailIntention(-301)), faceidtest.ErrInvalidOutcome)
	qa := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "qa"})
	bad := faceidtest.FailIntention(-301)
	bad.ErrCode = 2006
	assert.ErrorIs(t, s.Complete(qa, bad), faceidtest.ErrInvalidOutcome)
	ti, _ := s.Token(qa)
	assert.False(t, ti.Finished(), "nothing recorded")
}

func TestMagicInputs(t *testing.T) {
	s := newServer(t, faceidtest.WithRule(faceidtest.Rule{ID: "qa", Intention: faceid.IntentionModeQuestion}))
	c := s.Client(noRetry)

	for _, tc := range []struct {
		rule, name, idCard string
		pending            bool
		code               int
		intention          *int
	}{
		{"1", testName, testIDCard, false, 0, nil},
		{"1", "测试不符", testIDCard, false, 2006, nil},
		{"1", "王" + faceidtest.MagicSpoof, "", false, 1002, nil},
		{"1", "李低分", testIDCard, false, 2016, nil},
		{"1", "测试放弃", testIDCard, true, 0, nil},
		{"1", "测试#1209", "", false, 1209, nil},
		{"1", testName, faceidtest.NoRecordIDCard, false, 2005, nil},
		{"1", "测试意愿否", "", false, 0, nil}, // no intention step: passes
		{"qa", "测试意愿否", "", false, 0, ptr(-301)},
	} {
		t.Run(tc.name+"/"+tc.rule, func(t *testing.T) {
			token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: tc.rule, Name: tc.name, IDCard: tc.idCard})
			o, err := s.CompleteAuto(token)
			require.NoError(t, err)
			assert.Equal(t, tc.pending, o.Abandoned)
			assert.Equal(t, faceidtest.AutoOutcome(tc.name, tc.idCard, intentionOf(tc.rule)), o)

			info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: tc.rule})
			v := info.Verdict()
			if tc.pending {
				assert.True(t, v.Pending)
				return
			}
			require.NotNil(t, info.Text.ErrCode)
			assert.Equal(t, tc.code, *info.Text.ErrCode)
			assert.Equal(t, tc.code == 0 && tc.intention == nil, v.Passed, v.String())
			if tc.intention != nil {
				assert.Equal(t, *tc.intention, v.Outcome.Code)
			}
		})
	}
}

func intentionOf(rule string) faceid.IntentionMode {
	if rule == "qa" {
		return faceid.IntentionModeQuestion
	}
	return 0
}

func TestAutoOutcomeTable(t *testing.T) {
	assert.Equal(t, faceidtest.Fail(2006), faceidtest.AutoOutcome("张不符", "", 0))
	assert.Equal(t, faceidtest.FailIntention(-17), faceidtest.AutoOutcome("张意愿否", "", faceid.IntentionModeReadAloud))
	assert.Equal(t, faceidtest.FailIntention(-301), faceidtest.AutoOutcome("张意愿否", "", faceid.IntentionModeAction))
	assert.Equal(t, faceidtest.Pass(), faceidtest.AutoOutcome("张#abc", "", 0), "not a code")
	assert.Equal(t, faceidtest.Pass(), faceidtest.AutoOutcome("张#123456", "", 0), "too long")
	assert.Equal(t, faceidtest.Fail(2006), faceidtest.AutoOutcome("测试不符", faceidtest.NoRecordIDCard, 0), "names first")
	assert.Equal(t, "ErrCode 0, intention -301", faceidtest.FailIntention(-301).String())
	assert.Equal(t, "abandoned", faceidtest.Outcome{Abandoned: true}.String())
}

func TestAbandonKeepsEarlierResult(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	token := startFlow(t, c, &faceid.DetectAuthRequest{RuleID: "1"})
	require.NoError(t, s.Complete(token, faceidtest.Fail(2016)))
	require.NoError(t, s.Complete(token, faceidtest.Outcome{Abandoned: true}))
	info := result(t, c, &faceid.GetDetectInfoEnhancedRequest{BizToken: token, RuleID: "1", InfoType: "1"})
	assert.Equal(t, 2016, *info.Text.ErrCode)
	assert.Len(t, info.Text.LivenessDetail, 1)
}

func ptr[T any](v T) *T { return &v }

func TestIntentionModeInferredFromRequest(t *testing.T) {
	s := newServer(t)
	c := s.Client(noRetry)
	for _, tc := range []struct {
		req  faceid.DetectAuthRequest
		want faceid.IntentionMode
	}{
		{faceid.DetectAuthRequest{RuleID: "1"}, 0},
		{faceid.DetectAuthRequest{RuleID: "1", IntentionVerifyText: "我自愿办理。"}, faceid.IntentionModeReadAloud},
		{faceid.DetectAuthRequest{RuleID: "1", IntentionQuestions: []faceid.IntentionQuestion{{Question: "是否自愿？", Answers: []string{"是"}}},
			Config: &faceid.RuleIDConfig{IntentionType: 0}}, faceid.IntentionModeQuestion},
		{faceid.DetectAuthRequest{RuleID: "1", IntentionActions: []faceid.IntentionActionConfig{{Text: "请点头"}},
			Config: &faceid.RuleIDConfig{IntentionType: 1}}, faceid.IntentionModeAction},
	} {
		token := startFlow(t, c, &tc.req)
		ti, ok := s.Token(token)
		require.True(t, ok)
		assert.Equal(t, tc.want, ti.Intention)
	}
	rep := rawCall(t, s, "DetectAuth", `{"RuleId":"1","Config":{"IntentionType":1}}`, nil)
	assert.Equal(t, codes.InvalidParameter, rep.code())
	assert.Contains(t, rep.message(), "IntentionActions")
}
