// Package faceidtest provides a fake FaceID server for tests, in the spirit
// of net/http/httptest: merchants and this module's own tests call every
// FaceID action offline, with no real credentials and no real person, and
// run the flows (the SaaS H5 flow, the App SDK, eID, device risk, NFC)
// with a scripted person.
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
//	// Name "测试一结果4" selects the fifth outcome of IdCardVerification: "-4".
//	resp, _ := client.IdCardVerification(ctx, &faceid.IdCardVerificationRequest{
//		Name: faceidtest.SelectResult.Text(faceidtest.FictionalName, 4), IDCard: faceidtest.FictionalIDCard})
//	// resp.Outcome().Category is faceid.ResultServiceBusy.
//
// # Protocol
//
// The server answers POST / like faceid.tencentcloudapi.com, for every
// action of API version 2018-03-01, so that this module's client, the
// official tencentcloud-sdk-go and curl all work against it. It checks, in
// order: the X-TC-Action, X-TC-Version and X-TC-Timestamp headers
// (MissingParameter), the Authorization header
// (AuthFailure.InvalidAuthorization when malformed), the timestamp against
// its clock (AuthFailure.SignatureExpire beyond 5 minutes either way), the
// SecretId (AuthFailure.SecretIdNotFound) and the TC3-HMAC-SHA256
// signature over the Host and Content-Type headers and the exact body
// (AuthFailure.SignatureFailure; see "Signatures from other SDKs"), for temporary credentials from
// IssueTemporaryCredentials the X-TC-Token header and their expiry
// (AuthFailure.TokenFailure), then the version (NoSuchVersion) and the
// action (InvalidAction). X-TC-Region is accepted and ignored, as is
// X-TC-Token with the server's own key pair. Error messages are Chinese
// unless X-TC-Language is en-US. Every reply, pages included, carries a
// Date header from the server's Clock.
//
// # Signatures from other SDKs
//
// Tencent's SDKs in other languages derive two parts of the signature from
// the endpoint they are given. Against faceid.tencentcloudapi.com that makes
// no difference; against a sandbox on 127.0.0.1:8099 it does, so the
// server, besides the real service's rule, accepts exactly these two
// variants, alone or together:
//
//   - The signed host without the port. The Host header is 127.0.0.1:8099,
//     and the signature may cover host:127.0.0.1:8099, as the real service
//     requires, or host:127.0.0.1. Tencent's Node.js SDK
//     (tencentcloud-sdk-nodejs) sends the Host with its port but signs the
//     URL's hostname, without it.
//   - The credential scope's service equal to the first label of the
//     address the client was given, besides faceid. The Node.js, Java and
//     PHP SDKs take it from their endpoint, endpoint.split(".")[0] in
//     Node.js: "127" for 127.0.0.1:8099 where the real endpoint gives
//     "faceid". The server reads that address from the Host header and
//     cuts it at its first dot as they do, so "localhost:8099", with no
//     dot, gives the whole "localhost:8099".
//
// Nothing else is loosened: the SecretId, the key, the timestamp, the
// Content-Type, the body and the signed header list are checked as always.
// WithStrictSignatures turns both variants off, for a test that wants the
// real service's exact rule (this module's client and tencentcloud-sdk-go
// sign by it, as does the Python SDK).
//
// Then the body is checked against the action's wire model, generated
// from the project's API spec (zz_wire_gen.go), the way the real API does
// it: a member the action does not define is UnknownParameter, a required
// member left out or empty, or a one-of group (ImageBase64 or ImageUrl)
// with nothing sent, MissingParameter, a value of the wrong JSON type
// InvalidParameter; a member sent as null counts as left out. Then the
// documented limits: a text that is not in its format or encoding (ID
// number check digit, mobile number, digits, URL, dates, base64, media
// format) is InvalidParameter, a value outside its length, size, list or
// range InvalidParameterValue; BestFramesCount above its maximum is
// clamped, as Tencent does. Nested objects are checked alike
// ("Config.Speed", "IntentionQuestions[0].Answers[1]"). Messages name the
// member and never echo its value. A sealed request is opened before
// these checks, so that they, and the magic inputs below, see the
// plaintext (see Encryption).
//
// Replies have every member of the action's reply in the spec, in order,
// with realistic values: the request's name and ID number echoed, or the
// fictional identity FictionalName and FictionalIDCard; real media (small
// JPEGs drawn at start-up, distinct per frame, and short real MP4s, in
// standard base64); null where Tencent sends null.
//
// # The SaaS flow
//
// DetectAuth validates the RuleId (see Rule and WithRule) and the inputs
// the rule requires, and returns a BizToken (an upper-case random UUID)
// with Url = URL()+"/h5/"+BizToken. The token can be completed for
// 7,200 s and its result pulled for 3 days of the server's clock; after
// that GetDetectInfoEnhanced answers InvalidParameterValue.BizTokenExpired.
// Before the person finishes, the result has the "not finished" shape
// (Text values null). Afterwards it has the outcome, consistent
// LiveStatus/Comparestatus/Sim, the DetectAuth Name, IdCard and Extra
// echoed, one LivenessDetail entry per attempt and real media. InfoType,
// BestFramesCount, IsCutIdCardImage and IsNeedIdCardAvatar are honoured.
// GetDetectInfo answers the legacy shape. GetWeChatBillDetails pages
// through the BizTokens with at least one billed attempt on Date (Beijing
// time), oldest first, 10 a page, optionally of one RuleId: Cursor is the
// position of the page's first token and NextCursor that of the next
// page; names and ID numbers in ChargeDetails are masked.
//
// # The token flows
//
// The lifetimes come from the action registry (faceid.LookupAction).
//
// App SDK: GetFaceIdToken issues a FaceIdToken valid 10 minutes for one
// verification, and a ClientConfig for the client SDK; CompareLib
// BUSINESS needs IdCard and Name, LOCAL needs ImageBase64. Complete or
// CompleteAuto plays the person in the App SDK, once. GetFaceIdResult then
// answers for 3 days: Result "17" (flow not completed) before the person
// finishes, "15" (token expired) when they never did within the 10
// minutes, else the outcome's code (Outcome.ErrCode) with its
// Description, Similarity, Extra, the risk tag "02" for 1007 and, when
// asked, BestFrameBase64 and VideoBase64.
//
// eID: GetEidToken issues an EidToken valid 600 s and a Url to the hosted
// page; Config.UseIntentionVerify with IntentionMode turns on intention
// verification (1 read aloud, 2 Q&A, 3 nod). CheckEidTokenStatus reports
// "init", "doing" once the page was opened (or Visit was called),
// "finished" after Complete, CompleteAuto or the page, and "timeout" when
// the 600 s passed unfinished. GetEidResult answers for 3 days like
// GetDetectInfoEnhanced (Text, IdCardData, BestFrame with at most 3
// frames, the intention blocks) with EidInfo, fictional ciphertext, for a
// passed flow.
//
// Device risk: GetFaceidRiskInfoToken issues a FaceIdToken valid 10
// minutes; GetFaceIdRiskInfo answers for it (or for an App SDK
// FaceIdToken) while it lives: a low-risk device (DeviceInfoLevel and CameraInfoLevel 1) with a stable
// OpenId and the token's Extra.
//
// NFC: GetNFCToken issues a Token valid 600 s; GetWxNFCResult reads the
// fictional ID card's chip for a live Token and answers
// FailedOperation.InvalidTokenParameter for another. ParseNfcData reads
// it for any ReqId, since the App NFC SDK's ReqIds are not the server's.
//
// GetLiveCode answers four random digits, GetActionSequence "1,2" or
// "2,1".
//
// # Completing a flow
//
// A test completes a flow with Complete (an explicit Outcome) or
// CompleteAuto (the outcome the Name and IdCard select, below), for a
// BizToken, an EidToken or a FaceIdToken. A person, or a browser test,
// uses the hosted page at Url instead (BizToken and EidToken): GET
// /h5/{token} shows the rule, the masked name and ID number and a form
// whose select (id "outcome", button id "submit") offers pass, 2006,
// 2016, 1002, "cancelled" and, for intention flows, an intention failure;
// "auto" (the default) applies the magic inputs. Submitting redirects
// (302) to the RedirectUrl with token=<token>&BizToken=<token> added to
// its query, or shows a "done" page when there is none. An expired link
// answers 410 Gone.
//
// # Magic inputs of the flows
//
// AutoOutcome maps the Name and IdCard given to DetectAuth, GetEidToken or
// GetFaceIdToken to outcomes, so that a flow driven end to end (by a
// browser on the hosted page, or by CompleteAuto) can be steered from the
// request alone:
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
// # Magic inputs of every action
//
// A magic input selects one business outcome or one documented error of
// any action, from the request alone. Its number N counts from 0 in the
// action's list: with SelectResult, the Result codes of
// faceid.ResultCodes(action) (N = 0, the first, is the pass, or "init"
// for CheckEidTokenStatus; ResultNumber finds N for a code); with
// SelectError, the error codes of
// DocumentedErrors(action) (ErrorNumber finds N). A request member
// carries it:
//
//	text (names, tokens, Extra, URLs...)   ends with 结果N or 错误N      Name "测试一结果4"
//	phone and bank-card numbers           10000, then 0 (outcome) or 1 (error), then N
//	                                      Mobile "10000000004", BankCard "1000010000000003"
//	media                                 the decoded file holds 结果N or 错误N (a JPEG
//	                                      comment, an MP4 'free' box): SelectResult.Image(N)
//
// Magic.Text, Magic.Mobile, Magic.BankCard, Magic.Image and Magic.Video
// build them. EncryptedPhoneVerification takes IdCard, Name and Phone
// hashed when EncryptionMode is "1" (MD5), "2" (SHA-256) or "3" (SM3):
// each must then be the lowercase hex digest of the UTF-8 value (32 or 64
// characters; otherwise InvalidParameterValue naming the member), and a
// digest of SelectResult.Text(FictionalName, N) or
// SelectError.Text(FictionalName, N) counts as that magic input; for SM3
// only when the SM2 key pair is an SM3Hasher, as gm.NewSandboxKeyPair()
// is. Sealed members (see Encryption) carry magic inputs as their
// plaintext would. The members are looked at in
// the order below and the first magic input found decides; a number
// beyond the list is InvalidParameterValue. An error is answered right
// after validation, before anything else. Without a magic input the
// outcome is the pass, except where it follows a flow (CheckEidTokenStatus,
// GetWxNFCResult). GetLiveCode and GetNFCToken take no input: inject
// their errors with InjectFault and FaultAPIError. The members carrying
// magic inputs, and the number of outcomes and errors of each action
// (this table is checked against the spec by the package's tests):
//
//	Action                          Members carrying magic inputs                                            Outcomes  Errors
//	BankCard2EVerification          Name, BankCard                                                                 19      10
//	BankCard4EVerification          Name, BankCard, Phone                                                          22      10
//	BankCardVerification            Name, BankCard                                                                 21      10
//	CheckBankCardInformation        BankCard                                                                        7      10
//	CheckEidTokenStatus             EidToken                                                                        4       8
//	CheckIdCardInformation          ImageBase64, ImageUrl, Config                                                  28      32
//	CheckIdNameDate                 Name                                                                            9       9
//	CheckPhoneAndName               Mobile, Name                                                                    9       9
//	DetectAIFakeFaces               FaceInput                                                                       3      14
//	DetectAuth                      RuleId, TerminalType, Name, Extra, ImageBase64, IntentionVerifyText             0      12
//	EncryptedPhoneVerification      IdCard, Name, Phone                                                             6      11
//	GetActionSequence               ActionType                                                                      0       8
//	GetDetectInfo                   BizToken, RuleId                                                                0      10
//	GetDetectInfoEnhanced           BizToken, RuleId                                                                0      12
//	GetEidResult                    EidToken                                                                        0      11
//	GetEidToken                     MerchantId, Name, Extra                                                         0      11
//	GetFaceIdResult                 FaceIdToken                                                                     0       6
//	GetFaceIdRiskInfo               FaceIdToken                                                                     0       6
//	GetFaceIdToken                  Name, ImageBase64, Meta, Extra, RuleId, MetaData                                0       6
//	GetFaceidRiskInfoToken          Meta, Extra                                                                     0       6
//	GetLiveCode                     -                                                                               0       9
//	GetNFCToken                     -                                                                               0       3
//	GetWeChatBillDetails            RuleId                                                                          0       3
//	GetWxNFCResult                  NFCToken                                                                        2       5
//	IdCardOCRVerification           Name, ImageBase64, ImageUrl, Config                                             8      18
//	IdCardVerification              Name                                                                            8      11
//	ImageRecognition                Name, ImageBase64, Optional                                                    21      28
//	ImageRecognitionV2              Name, ImageBase64, Optional, Extra                                             21      28
//	LivenessCompare                 ImageBase64, ImageUrl, ValidateData, Optional, VideoBase64, VideoUrl           47      54
//	LivenessRecognition             Name, VideoBase64, VideoUrl, ValidateData, Optional                            48      56
//	MinorsVerification              Mobile, Name                                                                    9       9
//	MobileNetworkTimeVerification   Mobile                                                                          7      12
//	MobileStatus                    Mobile                                                                          6      10
//	ParseNfcData                    ReqId                                                                           2       4
//	PhoneVerification               Name, Phone                                                                     9      10
//	PhoneVerificationCMCC           Name, Phone                                                                     8      10
//	PhoneVerificationCTCC           Name, Phone                                                                     8      10
//	PhoneVerificationCUCC           Name, Phone                                                                     8      10
//
// # Encryption
//
// The server holds the private keys of FaceID's sensitive-data encryption
// (faceid-api.md §5): an RSA key pair of its own, 2048-bit, generated on
// first use (RSAPublicKeyPEM, PKCS#1 PEM, for faceid.NewRSASealer), and,
// when WithKeyPair(gm.NewSandboxKeyPair()) gives it one, an SM2 key pair
// from the module github.com/faceid-go/faceid/gm (SM2PublicKeyPEM,
// SubjectPublicKeyInfo PEM, for gm.NewSM2Sealer; nil otherwise). A request
// carries an Encryption {EncryptList, CiphertextBlob, Iv, Algorithm,
// TagList}, all in standard base64: Algorithm "AES-256-CBC" (the default
// when empty) has a 32-byte key wrapped with RSAES-PKCS1-v1_5, a 16-byte
// Iv, PKCS#7 padding and no tags; "SM4-GCM" a 16-byte key wrapped with SM2
// (C1C3C2, raw, with the 04 marker), a 12-byte Iv and one 16-byte tag per
// sealed value in TagList, in EncryptList order. It takes three forms:
//
//	field level   EncryptList names top-level members, each the base64 of
//	              its sealed UTF-8 value, all under the one Iv; only the
//	              members the action can take encrypted (the README's table)
//	whole body    EncryptList ["EncryptionBody"] and EncryptedBody, the sealed
//	              JSON object of the parameters (DetectAIFakeFaces only)
//	reply key     EncryptList ["EncryptionBody"] or [] and no EncryptedBody:
//	              the key only, for an encrypted reply (Iv unused)
//
// PhoneVerification takes the field level in its flat members
// CiphertextBlob, EncryptList and Iv, AES-256-CBC only: a 12-byte Iv
// (SM4-GCM) is InvalidParameterValue, an Encryption object
// UnknownParameter. A member the action cannot take encrypted, or
// EncryptionBody for another action, is
// InvalidParameter.UnsupportEncryptField ("存在不加密的字段"); a
// CiphertextBlob that does not unwrap with the server's key (or SM4-GCM
// without an SM2 key pair), a bad Iv, tag, TagList length, base64, padding
// or plaintext that is not UTF-8 is FailedOperation.DecryptSystemError;
// an unknown Algorithm InvalidParameterValue; a member listed twice or not
// sent, EncryptedBody without the whole-body Encryption, a sealed body
// that is not a JSON object or repeats a member sent in clear, and
// IsEncryptResponse without an Encryption, InvalidParameter. Messages
// never hold values or keys.
//
// A request that brought a key gets its reply sealed with it, when the
// action seals replies (GetDetectInfoEnhanced, GetFaceIdResult,
// CheckIdCardInformation). By default field by field: every member the
// spec lists (Text.IdCard, Text.Name, Text.OcrName, Text.OcrIdCard; IdCard
// and Name; Name and IdNum) that holds a non-empty string becomes the
// base64 of its sealed value, under one fresh Iv, and Response.Encryption
// says so: Algorithm, the request's CiphertextBlob, EncryptList naming the
// members from the envelope's root ("Response.Text.IdCard"), Iv, and
// TagList (one tag per entry under SM4-GCM, [] under AES-256-CBC). Other
// members stay clear (Text.LivenessDetail among them, as the spec lists
// only those). With IsEncryptResponse true the whole reply is sealed:
// Response holds only RequestId, Encryption (EncryptList
// ["EncryptionBody"], TagList [tag] or []) and EncryptedBody, the sealed
// JSON object of every other member of the reply (not RequestId, Error,
// Encryption or EncryptedBody). Error replies are never sealed. The key
// is dropped when the call ends.
//
// # Faults and time
//
// InjectFault makes the next calls fail the ways real networks and
// gateways do: throttling, internal errors, 502/503 HTML pages, a reply cut
// in the middle, a reset connection, a slow reply, or any API error code.
// The server's Clock is virtual: a test moves it with Advance or Set to
// expire signatures and tokens without waiting.
//
// A Server keeps no global state, is safe for concurrent use and leaves no
// goroutine running after Close.
package faceidtest
