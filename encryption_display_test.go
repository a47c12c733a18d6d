package faceid

import (
	"testing"
)

// TestEncryptionPrintsNoKeyMaterial prints and logs an Encryption alone,
// as a value and as a pointer, through both slog handlers and the fmt
// verbs: the wrapped key, the IV and the tags never appear, the fields
// listed and the algorithm do.
func TestEncryptionPrintsNoKeyMaterial(t *testing.T) {
	enc := Encryption{EncryptList: []string{"IdCard", "Name"}, CiphertextBlob: "d3JhcHBlZC1rZXktbWF0ZXJpYWwtZmljdGlvbmFs",
		IV: "aXYtZmljdGlvbmFsLTE2Yg==", Algorithm: "SM4-GCM", TagList: []string{"dGFnLW9uZS1maWN0aW9uYWw=", "dGFnLXR3by1maWN0aW9uYWw="}}
	forbidden := []string{enc.CiphertextBlob, enc.IV, enc.TagList[0], enc.TagList[1]}
	for name, v := range map[string]any{"value": enc, "pointer": &enc} {
		t.Run(name, func(t *testing.T) {
			assertPrintedMasked(t, v, forbidden, "SM4-GCM")
			assertPrintedMasked(t, v, forbidden, "IdCard")
		})
	}
}
