package faceid

import "strconv"

// The most items a list in a result may hold are in the spec (maxItems of
// each list of the SaaS result; maxCodes when none is given), from which
// the decoders are generated. A reply with more is refused with a
// *DecodeError: no request can ask for more, so more is a broken or
// hostile reply, and refusing it bounds the memory a reply can take and the
// files SaveResult can write. The constants below are the ones hand-written
// code needs as well.
const (
	// maxBestFrames: BestFramesCount is at most 10 (BestFrames' maxItems).
	maxBestFrames = 10
	// maxCodes bounds lists of short codes with no maxItems of their own:
	// LivenessInfoTag (14 reasons), WarnInfos and BackWarnInfos (8
	// warnings), NFCRequestIds, and the field lists of Encryption.
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
