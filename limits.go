package faceid

import "strconv"

// The most items a list in a result may hold (besides maxIntentionRounds,
// the DetectAuth limit, which bounds the per-round lists of Q&A and nod
// results: screenshots, answers, result codes, audios, rounds). A reply with more is refused
// with a *DecodeError: no request can ask for more, so more is a broken or
// hostile reply, and refusing it bounds the memory a reply can take and the
// files SaveResult can write.
const (
	// maxBestFrames: BestFramesCount is at most 10.
	maxBestFrames = 10
	// maxShotsPerRound bounds the screenshots of one nod round.
	maxShotsPerRound = 10
	// maxAttempts bounds the liveness attempts of one flow (LivenessDetail,
	// LivenessVideos); Tencent limits retries per BizToken far below it.
	maxAttempts = 256
	// maxCodes bounds lists of short codes: LivenessInfoTag (14 reasons),
	// WarnInfos and BackWarnInfos (8 warnings), NFCRequestIds, and the
	// field lists of Encryption.
	maxCodes = 64
)

// checkLength refuses element i of the list at path when the list may hold
// at most limit elements.
func checkLength(path string, i, limit int) error {
	if i < limit {
		return nil
	}
	return &listTooLongError{path: path, limit: limit}
}

// listTooLongError reports a list with more elements than any request can
// ask for.
type listTooLongError struct {
	path  string
	limit int
}

func (e *listTooLongError) Error() string {
	return strconv.Quote(e.path) + " has more than " + strconv.Itoa(e.limit) +
		" items, more than any request can ask for; the reply was refused"
}
