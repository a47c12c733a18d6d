// Package faceidtest provides a fake FaceID server for tests, in the spirit
// of net/http/httptest: merchants and this module's own tests run the whole
// SaaS flow (DetectAuth, the person's visit to the H5 page,
// GetDetectInfoEnhanced) offline, with no real credentials and no real
// person.
//
//	srv := faceidtest.NewServer()
//	defer srv.Close()
//	client := srv.Client() // endpoint, credentials and clock of the server
//	auth, _ := client.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
//	_ = srv.Complete(auth.BizToken, faceidtest.Fail(2006))
//	info, _ := client.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{
//		BizToken: auth.BizToken, RuleID: "1"})
//	// info.Verdict() reports 2006, identity mismatch.
//
// # Protocol
//
// The server answers POST / like faceid.tencentcloudapi.com, for the
// actions DetectAuth, GetDetectInfoEnhanced and GetDetectInfo (API version
// 2018-03-01), so that this module's client, the official
// tencentcloud-sdk-go and curl all work against it. It checks, in order:
// the X-TC-Action, X-TC-Version and X-TC-Timestamp headers
// (MissingParameter), the Authorization header
// (AuthFailure.InvalidAuthorization when malformed), the timestamp against
// its clock (AuthFailure.SignatureExpire beyond 5 minutes either way), the
// SecretId (AuthFailure.SecretIdNotFound) and the TC3-HMAC-SHA256
// signature over the Host and Content-Type headers and the exact body
// (AuthFailure.SignatureFailure), for temporary credentials from
// IssueTemporaryCredentials the X-TC-Token header and their expiry
// (AuthFailure.TokenFailure), then the version (NoSuchVersion) and the
// action (InvalidAction). X-TC-Region is accepted and ignored, as is
// X-TC-Token with the server's own key pair. Error messages are Chinese unless X-TC-Language is en-US. Every
// reply, pages included, carries a Date header from the server's Clock.
//
// DetectAuth validates the RuleId (see Rule and WithRule), the inputs the
// rule requires and the documented limits, and returns a BizToken (an
// upper-case random UUID) with Url = URL()+"/h5/"+BizToken. The token can be
// completed for 7,200 s and its result pulled for 3 days of the server's
// clock; after that GetDetectInfoEnhanced answers
// InvalidParameterValue.BizTokenExpired. Before the person finishes, the
// result has the "not finished" shape (Text values null). Afterwards it has
// the outcome, consistent LiveStatus/Comparestatus/Sim, the DetectAuth
// Name, IdCard and Extra echoed, one LivenessDetail entry per attempt and
// real media: small JPEGs drawn at start-up (distinct per frame) and a
// short real MP4, standard base64. InfoType, BestFramesCount (clamped to
// 10), IsCutIdCardImage and IsNeedIdCardAvatar are honoured. Field and
// response encryption are not supported (UnsupportedOperation).
//
// # Completing a flow
//
// A test completes a flow with Complete (an explicit Outcome) or
// CompleteAuto (the outcome the magic inputs below select). A person, or a
// browser test, uses the hosted page at Url instead: GET /h5/{BizToken}
// shows the rule, the masked name and ID number and a form whose select
// (id "outcome", button id "submit") offers pass, 2006, 2016, 1002,
// "cancelled" and, for intention flows, an intention failure; "auto" (the
// default) applies the magic inputs. Submitting redirects (302) to the
// DetectAuth RedirectUrl with token=<BizToken>&BizToken=<BizToken> added to
// its query, or shows a "done" page when there is none. An expired link
// answers 410 Gone.
//
// # Magic inputs
//
// AutoOutcome maps DetectAuth inputs to outcomes, so that a flow driven
// end to end (by a browser on the hosted page, or by CompleteAuto) can be
// steered from the request alone:
//
//	Name ending 不符 (测试不符)        2006 name and ID number do not match
//	Name ending 假体                   1002 suspected spoof
//	Name ending 低分                   2016 similarity 41.50, below threshold
//	Name ending 放弃                   abandoned: the result stays "not finished"
//	Name ending 意愿否                 intention fails: -301 (Q&A, nod) or -17 (read-aloud)
//	Name ending #NNNN (测试#1209)      ErrCode NNNN, any code
//	IdCard with sequence 000           2005 no record (e.g. NoRecordIDCard)
//	anything else                      0 passed, similarity 95.27
//
// # Faults and time
//
// InjectFault makes the next calls fail the ways real networks and
// gateways do: throttling, internal errors, 502/503 HTML pages, a reply cut
// in the middle, a reset connection, a slow reply. The server's Clock is
// virtual: a test moves it with Advance or Set to expire signatures and
// tokens without waiting.
//
// A Server keeps no global state, is safe for concurrent use and leaves no
// goroutine running after Close.
package faceidtest
