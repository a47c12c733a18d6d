package main

import "time"

// fixtures lists every case. Descriptions are one line each and end up in
// the JSON files and in testdata/README.md.
func fixtures() []fixture {
	return append(detectAuthFixtures(), append(enhancedFixtures(), legacyFixtures()...)...)
}

func detectAuthFixtures() []fixture {
	const action = "DetectAuth"
	questions := list(
		o("Question", "请问您是否本人自愿办理此项业务？请回答是或否。", "Answers", list("是的", "是")),
		o("Question", "请问您是否已知晓并同意相关协议内容？请回答是或否。", "Answers", list("是的", "是")),
	)
	return []fixture{
		{action, "plain", "DetectAuth with RuleId, name, ID number, RedirectUrl and Extra; reply carries a BizToken and a WeChat OAuth Url containing it.",
			func(g *gen) (obj, obj) {
				return o("RuleId", ruleID, "IdCard", testOne.id, "Name", testOne.name, "RedirectUrl", redirectURL, "Extra", extra),
					detectAuthOK(g)
			}},
		{action, "with-photo", "DetectAuth with a reference photo: ImageBase64 is standard base64 of testdata/media/frame.jpg.",
			func(g *gen) (obj, obj) {
				return o("RuleId", ruleID, "IdCard", wangTest.id, "Name", wangTest.name, "ImageBase64", g.b64("frame.jpg")),
					detectAuthOK(g)
			}},
		{action, "intention-questions", "DetectAuth for intention verification in Q&A mode: two IntentionQuestions and Config with IntentionType 0 (sent although it is the zero value).",
			func(g *gen) (obj, obj) {
				return o("RuleId", ruleID, "IdCard", liSample.id, "Name", liSample.name, "IntentionQuestions", questions,
						"Config", o("IntentionType", 0, "IntentionRecognition", true)),
					detectAuthOK(g)
			}},
		{action, "intention-read-aloud", "DetectAuth for intention verification in read-aloud mode (IntentionVerifyText).",
			func(g *gen) (obj, obj) {
				return o("RuleId", ruleID, "IdCard", testOne.id, "Name", testOne.name, "IntentionVerifyText", "本人自愿办理此项业务，并已知晓相关风险。"),
					detectAuthOK(g)
			}},
		{action, "intention-actions", "DetectAuth for intention verification in nod mode: IntentionActions and Config IntentionType 1.",
			func(g *gen) (obj, obj) {
				return o("RuleId", ruleID, "IdCard", wangTest.id, "Name", wangTest.name,
						"IntentionActions", list(o("Text", "您是否本人自愿办理此项业务？如是请点头确认。")),
						"Config", o("IntentionType", 1)),
					detectAuthOK(g)
			}},
		{action, "rule-id-not-exist", "API error InvalidParameterValue.RuleIdNotExist for an unknown RuleId, Chinese message, HTTP 200.",
			func(g *gen) (obj, obj) {
				return o("RuleId", "999", "IdCard", testOne.id, "Name", testOne.name),
					apiError(g, "InvalidParameterValue.RuleIdNotExist", "RuleId不存在，请到人脸核身控制台申请。")
			}},
		{action, "invalid-parameter", "API error InvalidParameter for a request the client cannot tell is wrong (server-side rule), HTTP 200.",
			func(g *gen) (obj, obj) {
				return o("RuleId", ruleID, "IdCard", liSample.id, "Name", liSample.name, "Extra", extra),
					apiError(g, "InvalidParameter", "参数错误。")
			}},
		{action, "signature-failure", "API error AuthFailure.SignatureFailure (English message even under zh-CN), HTTP 200; not retryable.",
			func(g *gen) (obj, obj) {
				return o("RuleId", ruleID, "IdCard", testOne.id, "Name", testOne.name),
					apiError(g, "AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.")
			}},
		{action, "request-limit-exceeded", "API error RequestLimitExceeded (QPS throttling), HTTP 200; the one code to retry with backoff.",
			func(g *gen) (obj, obj) {
				return o("RuleId", ruleID, "IdCard", testOne.id, "Name", testOne.name),
					apiError(g, "RequestLimitExceeded", "您当前每秒请求 `101` 次，超过了每秒频率上限 `100`，请降低调用频率。")
			}},
	}
}

func enhancedFixtures() []fixture {
	const action = "GetDetectInfoEnhanced"
	return []fixture{
		{action, "passed-with-media", "Passed flow with every block: text with two liveness attempts (first 1002 spoof, not billed), ID images, avatar, best frames, liveness video; Encryption is Tencent's all-empty object.",
			func(g *gen) (obj, obj) {
				req := resultRequest(g, "0", "BestFramesCount", 2, "IsCutIdCardImage", true, "IsNeedIdCardAvatar", true)
				details := list(
					attempt(g, testOne, 0, "0.00", false, 1002, "疑似非真人录制", 1002, "疑似非真人录制", nil, nil),
					passedAttempt(g, testOne, 95*time.Second, "95.27"),
				)
				return req, enhanced(g,
					"Text", passedText(testOne, "95.27", details),
					"IdCardData", o(
						"OcrFront", g.b64("idcard-front.jpg"),
						"OcrBack", g.b64("idcard-back.jpg"),
						"ProcessedFrontImage", g.b64("processed-front.jpg"),
						"ProcessedBackImage", g.b64("processed-back.jpg"),
						"Avatar", g.b64("avatar.jpg"),
						"WarnInfos", nil,
						"BackWarnInfos", nil,
					),
					"BestFrame", o("BestFrame", g.b64("frame.jpg"), "BestFrames", list(g.b64("frame-1.jpg"), g.b64("frame-2.jpg"))),
					"VideoData", o("LivenessVideo", g.b64("liveness.mp4"), "LivenessVideos", nil),
				)
			}},
		{action, "failed-liveness", "Failed flow, ErrCode 1002 (suspected spoof): no compare (Comparestatus, Sim null); ID images present, best frame null, video kept.",
			func(g *gen) (obj, obj) {
				req := resultRequest(g, "0")
				text := set(passedText(wangTest, "", list(
					attempt(g, wangTest, 0, nil, false, 1002, "疑似非真人录制", 1002, "疑似非真人录制", nil, nil),
				)),
					"ErrCode", 1002, "ErrMsg", "疑似非真人录制", "LiveStatus", 1002, "LiveMsg", "疑似非真人录制",
					"Comparestatus", nil, "Comparemsg", nil, "Sim", nil)
				return req, enhanced(g,
					"Text", text,
					"IdCardData", o("OcrFront", g.b64("idcard-front.jpg"), "OcrBack", g.b64("idcard-back.jpg"),
						"ProcessedFrontImage", nil, "ProcessedBackImage", nil, "Avatar", nil, "WarnInfos", nil, "BackWarnInfos", nil),
					"BestFrame", nil,
					"VideoData", o("LivenessVideo", g.b64("liveness.mp4"), "LivenessVideos", nil),
				)
			}},
		{action, "failed-compare", "Failed flow, compare below threshold (2016) with type drift: ErrCode is the string \"2016\" and Sim the number 41.5; LiveStatus 0.",
			func(g *gen) (obj, obj) {
				req := resultRequest(g, "1")
				const msg = "比对相似度未达到通过标准"
				text := set(passedText(liSample, "", list(
					attempt(g, liSample, 0, "41.50", true, 2016, msg, 0, "成功", 2016, msg),
				)),
					"ErrCode", "2016", "ErrMsg", msg, "Comparestatus", 2016, "Comparemsg", msg, "Sim", 41.5)
				return req, enhanced(g, "Text", text)
			}},
		{action, "intention-question-passed", "Q&A intention flow that passed: IsVerifyIntention true, type \"0\", FinalResultDetailCode 0, video, screenshot, ASR text and audio per answer.",
			func(g *gen) (obj, obj) {
				req := resultRequest(g, "16")
				return req, enhanced(g,
					"Text", passedText(liSample, "92.40", list(passedAttempt(g, liSample, 0, "92.40"))),
					"IntentionQuestionResult", o(
						"FinalResultDetailCode", 0,
						"FinalResultMessage", "成功",
						"Video", g.b64("intention.mp4"),
						"ScreenShot", list(g.b64("screenshot.jpg")),
						"ResultCode", list("0", "0"),
						"AsrResult", list("是的", "是"),
						"Audios", list(g.b64("intention.m4a"), g.b64("intention.m4a")),
						"FinalResultCode", "0",
					),
					"IsVerifyIntention", true,
					"IntentionVerifyType", "0",
				)
			}},
		{action, "intention-question-failed", "Q&A intention not confirmed: Text.ErrCode is 0 but FinalResultDetailCode is the string \"-301\", so the verdict must be FAILED; Video is \"\".",
			func(g *gen) (obj, obj) {
				req := resultRequest(g, "16")
				return req, enhanced(g,
					"Text", passedText(testOne, "90.05", list(passedAttempt(g, testOne, 0, "90.05"))),
					"IntentionQuestionResult", o(
						"FinalResultDetailCode", "-301",
						"FinalResultMessage", "意愿确认未通过",
						"Video", "",
						"ScreenShot", list(g.b64("screenshot.jpg")),
						"ResultCode", list("0", "-1"),
						"AsrResult", list("是的", "不是"),
						"Audios", list(g.b64("intention.m4a"), g.b64("intention.m4a")),
						"FinalResultCode", "-1",
					),
					"IsVerifyIntention", true,
					"IntentionVerifyType", "0",
				)
			}},
		{action, "intention-read-aloud-passed", "Read-aloud intention flow that passed: type \"2\", IntentionVerifyData with video, ASR text, best frame, audio and ErrorCode 0.",
			func(g *gen) (obj, obj) {
				req := resultRequest(g, "15")
				return req, enhanced(g,
					"Text", passedText(testOne, "96.80", list(passedAttempt(g, testOne, 0, "96.80"))),
					"IntentionVerifyData", o(
						"IntentionVerifyVideo", g.b64("intention.mp4"),
						"AsrResult", "本人自愿办理此项业务，并已知晓相关风险。",
						"ErrorCode", 0,
						"ErrorMessage", "成功",
						"IntentionVerifyBestFrame", g.b64("frame.jpg"),
						"IntentionVerifyAudio", g.b64("intention.m4a"),
						"AsrResultSimilarity", "",
					),
					"IsVerifyIntention", true,
					"IntentionVerifyType", "2",
				)
			}},
		{action, "intention-action-failed", "Nod intention flow that failed (FinalResultDetailCode -202, compare failed) although Text.ErrCode is 0; one Details round with video and screenshot.",
			func(g *gen) (obj, obj) {
				req := resultRequest(g, "16")
				return req, enhanced(g,
					"Text", passedText(wangTest, "88.61", list(passedAttempt(g, wangTest, 0, "88.61"))),
					"IntentionActionResult", o(
						"FinalResultDetailCode", -202,
						"FinalResultMessage", "人脸比对失败",
						"Details", list(o("Video", g.b64("intention.mp4"), "ScreenShot", list(g.b64("screenshot.jpg")))),
					),
					"IsVerifyIntention", true,
					"IntentionVerifyType", "1",
				)
			}},
		{action, "flow-not-finished", "Pulled before the person finished: Text values null (ErrCode, ErrMsg too), IdCardData and VideoData objects of nulls, BestFrame null.",
			func(g *gen) (obj, obj) {
				req := resultRequest(g, "0")
				text := passedText(testOne, "", nil)
				for i := range text {
					text[i].val = nil
				}
				text = set(text, "Extra", extra, "LivenessDetail", list())
				return req, enhanced(g,
					"Text", text,
					"IdCardData", o("OcrFront", nil, "OcrBack", nil, "ProcessedFrontImage", nil, "ProcessedBackImage", nil,
						"Avatar", nil, "WarnInfos", nil, "BackWarnInfos", nil),
					"VideoData", o("LivenessVideo", nil, "LivenessVideos", nil),
				)
			}},
		{action, "biz-token-expired", "API error InvalidParameterValue.BizTokenExpired: results are kept 3 days only.",
			func(g *gen) (obj, obj) {
				return resultRequest(g, "0"), apiError(g, "InvalidParameterValue.BizTokenExpired", "BizToken过期。")
			}},
		{action, "encrypted-fields", "Field-level encryption: Text IdCard/Name/OcrIdCard/OcrName are base64 ciphertext; these are RANDOM bytes, not real encryption (CiphertextBlob, Iv too).",
			func(g *gen) (obj, obj) {
				iv := g.randomB64(16)
				req := resultRequest(g, "1", "Encryption", o(
					"Algorithm", "AES-256-CBC",
					"CiphertextBlob", g.randomB64(128),
					"Iv", iv,
					"EncryptList", list("IdCard", "Name"),
				))
				text := passedText(liSample, "93.10", list(passedAttempt(g, liSample, 0, "93.10")))
				id, name := g.randomB64(32), g.randomB64(16)
				text = set(text, "IdCard", id, "Name", name, "OcrIdCard", g.randomB64(32), "OcrName", g.randomB64(16))
				return req, enhanced(g,
					"Text", text,
					"Encryption", o("EncryptList", list("IdCard", "Name", "OcrIdCard", "OcrName"),
						"CiphertextBlob", "", "Iv", iv, "Algorithm", "AES-256-CBC", "TagList", list()),
				)
			}},
		{action, "encrypted-body", "Whole-response encryption (IsEncryptResponse): EncryptedBody is base64 of RANDOM bytes (not real ciphertext); Text and media blocks are null.",
			func(g *gen) (obj, obj) {
				iv := g.randomB64(16)
				req := resultRequest(g, "0",
					"Encryption", o("Algorithm", "AES-256-CBC", "CiphertextBlob", g.randomB64(128), "Iv", iv,
						"EncryptList", list("EncryptionBody")),
					"IsEncryptResponse", true)
				return req, enhanced(g,
					"Encryption", o("EncryptList", list("EncryptionBody"), "CiphertextBlob", "", "Iv", iv,
						"Algorithm", "AES-256-CBC", "TagList", list()),
					"EncryptedBody", g.randomB64(512),
					"IsVerifyIntention", nil,
					"IntentionVerifyType", nil,
				)
			}},
		{action, "odd-fields", "Tolerance: WarnInfos and UseIDType as strings, Errcode \"0\" as a string, unknown NewField members, one BestFrames element that is not base64; the rest must decode, ErrCode 0.",
			func(g *gen) (obj, obj) {
				req := resultRequest(g, "0", "BestFramesCount", 2)
				first := set(passedAttempt(g, wangTest, 0, "88.10"), "Errcode", "0")
				text := set(passedText(wangTest, "88.10", list(first)), "UseIDType", "0", "NewTextField", "future")
				return req, enhanced(g,
					"Text", text,
					"IdCardData", o("OcrFront", g.b64("idcard-front.jpg"), "OcrBack", g.b64("idcard-back.jpg"),
						"ProcessedFrontImage", nil, "ProcessedBackImage", nil, "Avatar", nil,
						"WarnInfos", list("-9100"), "BackWarnInfos", list(-9102)),
					"BestFrame", o("BestFrame", g.b64("frame.jpg"), "BestFrames", list(g.b64("frame-1.jpg"), "not*base64!")),
					"VideoData", o("LivenessVideo", g.b64("liveness.mp4"), "LivenessVideos", nil),
					"NewField", o("a", list(1, 2)),
				)
			}},
	}
}

func legacyFixtures() []fixture {
	const action = "GetDetectInfo"
	return []fixture{
		{action, "legacy", "Legacy GetDetectInfo: DetectInfo is a JSON document encoded as a string (Text with Detail.LivenessData, ID images, best frame, video).",
			func(g *gen) (obj, obj) {
				req := o("BizToken", g.bizToken(), "RuleId", ruleID, "InfoType", "0")
				p := wangTest
				info := o(
					"Text", o(
						"ErrCode", 0, "ErrMsg", "成功", "IdCard", p.id, "Name", p.name,
						"OcrNation", p.nation, "OcrAddress", p.address, "OcrBirth", p.birth, "OcrAuthority", authority,
						"OcrValidDate", p.validDate, "OcrName", p.name, "OcrIdCard", p.id, "OcrGender", p.gender,
						"LiveStatus", 0, "LiveMsg", "成功", "Comparestatus", 0, "Comparemsg", "成功",
						"Sim", "93.12", "Location", nil, "Extra", extra,
						"Detail", o("LivenessData", list(o(
							"ErrCode", 0, "ErrMsg", "成功", "ReqTime", reqTime(0), "IdCard", p.id, "Name", p.name,
						))),
					),
					"IdCardData", o("OcrFront", g.b64("idcard-front.jpg"), "OcrBack", g.b64("idcard-back.jpg")),
					"BestFrame", o("BestFrame", g.b64("frame.jpg")),
					"VideoData", o("LivenessVideo", g.b64("liveness.mp4")),
				)
				return req, o("DetectInfo", mustCompact(info), "RequestId", g.uuid())
			}},
		{action, "legacy-not-finished", "Legacy GetDetectInfo pulled before the person finished: the DetectInfo string holds null Text values and null media.",
			func(g *gen) (obj, obj) {
				req := o("BizToken", g.bizToken(), "RuleId", ruleID, "InfoType", "0")
				info := o(
					"Text", o(
						"ErrCode", nil, "ErrMsg", nil, "IdCard", nil, "Name", nil,
						"OcrNation", nil, "OcrAddress", nil, "OcrBirth", nil, "OcrAuthority", nil,
						"OcrValidDate", nil, "OcrName", nil, "OcrIdCard", nil, "OcrGender", nil,
						"LiveStatus", nil, "LiveMsg", nil, "Comparestatus", nil, "Comparemsg", nil,
						"Sim", nil, "Location", nil, "Extra", nil,
						"Detail", o("LivenessData", nil),
					),
					"IdCardData", o("OcrFront", nil, "OcrBack", nil),
					"BestFrame", o("BestFrame", nil),
					"VideoData", o("LivenessVideo", nil),
				)
				return req, o("DetectInfo", mustCompact(info), "RequestId", g.uuid())
			}},
	}
}

// mustCompact renders a nested document as the compact JSON string the
// legacy action embeds.
func mustCompact(v obj) string {
	b, err := encode(v, false)
	if err != nil {
		panic(err)
	}
	return string(b)
}
