package faceidtest

// Wire shapes of GetDetectInfoEnhanced replies. Pointer fields encode as
// null when unset, as Tencent sends them; names follow Tencent's spelling
// (Comparestatus, Errcode, Idcard).

type wireEnhanced struct {
	Text                    *wireText
	IDCardData              *wireIDCardData `json:"IdCardData"`
	BestFrame               *wireBestFrame
	VideoData               *wireVideoData
	Encryption              wireEncryption
	IntentionVerifyData     *wireReadAloud
	IntentionQuestionResult *wireQuestionResult
	IntentionActionResult   *wireActionResult
	EncryptedBody           string
	IsVerifyIntention       bool
	IntentionVerifyType     string
}

type wireText struct {
	ErrCode                *int
	ErrMsg                 *string
	IDCard                 *string `json:"IdCard"`
	UseIDType              *int
	Name                   *string
	OcrNation              *string
	OcrAddress             *string
	OcrBirth               *string
	OcrAuthority           *string
	OcrValidDate           *string
	OcrName                *string
	OcrIDCard              *string `json:"OcrIdCard"`
	OcrGender              *string
	IDInfoFrom             *string `json:"IdInfoFrom"`
	LiveStatus             *int
	LiveMsg                *string
	CompareStatus          *int    `json:"Comparestatus"`
	CompareMsg             *string `json:"Comparemsg"`
	Sim                    *string
	Location               *string
	Extra                  *string
	LivenessDetail         []wireDetail
	LivenessInfoTag        []string
	Mobile                 *string
	CompareLibType         *string
	LivenessMode           *int
	NFCRequestIDs          []string `json:"NFCRequestIds"`
	NFCBillingCounts       *int
	PassNo                 *string
	VisaNum                *string
	LivenessActionSequence *string
}

type wireDetail struct {
	ReqTime        string
	Seq            string
	IDCard         string `json:"Idcard"`
	Name           string
	Sim            string
	IsNeedCharge   bool
	ErrCode        int     `json:"Errcode"`
	ErrMsg         string  `json:"Errmsg"`
	LiveStatus     *int    `json:"Livestatus"`
	LiveMsg        *string `json:"Livemsg"`
	CompareStatus  *int    `json:"Comparestatus"`
	CompareMsg     *string `json:"Comparemsg"`
	CompareLibType string
	LivenessMode   int
}

type wireIDCardData struct {
	OcrFront            *string
	OcrBack             *string
	ProcessedFrontImage *string
	ProcessedBackImage  *string
	Avatar              *string
	WarnInfos           []int
	BackWarnInfos       []int
}

type wireBestFrame struct {
	BestFrame  *string
	BestFrames []string
}

type wireVideoData struct {
	LivenessVideo  *string
	LivenessVideos []struct{ Seq, Video string }
}

type wireEncryption struct {
	EncryptList    []string
	CiphertextBlob string
	Iv             string
	Algorithm      string
	TagList        []string
}

type wireReadAloud struct {
	IntentionVerifyVideo     string
	AsrResult                string
	ErrorCode                int
	ErrorMessage             string
	IntentionVerifyBestFrame string
	IntentionVerifyAudio     string
	AsrResultSimilarity      string
}

type wireQuestionResult struct {
	FinalResultDetailCode int
	FinalResultMessage    string
	Video                 string
	ScreenShot            []string
	ResultCode            []string
	AsrResult             []string
	Audios                []string
	FinalResultCode       string
}

type wireActionResult struct {
	FinalResultDetailCode int
	FinalResultMessage    string
	Details               []wireActionDetail
}

type wireActionDetail struct {
	Video      string
	ScreenShot []string
}

// Legacy GetDetectInfo shapes: the DetectInfo string holds a wireLegacy
// document; blocks not asked for by InfoType are absent.

type wireLegacy struct {
	Text       *wireLegacyText       `json:",omitempty"`
	IDCardData *wireLegacyIDCardData `json:"IdCardData,omitempty"`
	BestFrame  *wireLegacyBestFrame  `json:",omitempty"`
	VideoData  *wireLegacyVideoData  `json:",omitempty"`
}

type wireLegacyText struct {
	ErrCode       *int
	ErrMsg        *string
	IDCard        *string `json:"IdCard"`
	Name          *string
	OcrNation     *string
	OcrAddress    *string
	OcrBirth      *string
	OcrAuthority  *string
	OcrValidDate  *string
	OcrName       *string
	OcrIDCard     *string `json:"OcrIdCard"`
	OcrGender     *string
	LiveStatus    *int
	LiveMsg       *string
	CompareStatus *int    `json:"Comparestatus"`
	CompareMsg    *string `json:"Comparemsg"`
	Sim           *string
	Location      *string
	Extra         *string
	Detail        struct {
		LivenessData []wireLegacyAttempt
	}
}

type wireLegacyAttempt struct {
	ErrCode int
	ErrMsg  string
	ReqTime string
	IDCard  string `json:"IdCard"`
	Name    string
}

type wireLegacyIDCardData struct {
	OcrFront *string
	OcrBack  *string
}

type wireLegacyBestFrame struct {
	BestFrame *string
}

type wireLegacyVideoData struct {
	LivenessVideo *string
}
