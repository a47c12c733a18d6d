package gm_test

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/faceid-go/faceid"

	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/gm"
	"github.com/faceid-go/faceid/internal/sealtest"
)

// sandboxSM2Sealer returns a sandbox holding an SM2 key pair and a sealer
// of its public key.
func sandboxSM2Sealer(t *testing.T) (*faceidtest.Server, *gm.SM2Sealer) {
	t.Helper()
	srv := faceidtest.NewServer(faceidtest.WithKeyPair(gm.NewSandboxKeyPair()))
	t.Cleanup(srv.Close)
	sealer, err := gm.NewSM2Sealer(srv.SM2PublicKeyPEM())
	if err != nil {
		t.Fatal(err)
	}
	return srv, sealer
}

// TestEncryptionEveryAction: every action that takes encryption, sealed
// under SM2 against the sandbox, reads as in clear and sends nothing sealed
// in clear; PhoneVerification, AES-256-CBC only, is refused before sending.
func TestEncryptionEveryAction(t *testing.T) {
	srv, sealer := sandboxSM2Sealer(t)
	sealtest.EveryAction(t, srv, sealer, "PhoneVerification")
}

// TestEncryptionFlows: the token flows sealed under SM2.
func TestEncryptionFlows(t *testing.T) {
	srv, sealer := sandboxSM2Sealer(t)
	sealtest.Flows(t, srv, sealer)
}

// TestWholeSealedSM4Replies: a result sealed whole under SM4-GCM reads as
// the clear one whether its Encryption comes before EncryptedBody or
// after; with its ciphertext altered it is an error and no result.
func TestWholeSealedSM4Replies(t *testing.T) {
	video := bytes.Repeat([]byte("a fictional liveness video. "), 9000) // several pieces
	ctx := context.Background()
	req := &faceid.GetDetectInfoEnhancedRequest{BizToken: "6399E5F7-B601-4AEF-AE38-0D8E019E69FA", RuleID: "1", IsEncryptResponse: true}
	clearBody, encFirst, bodyFirst, sealer := sealedSM4Replies(t, video, nil)
	want, err := replayClient(t, clearBody, nil).GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{BizToken: req.BizToken, RuleID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	_, badFirst, badLast, _ := sealedSM4Replies(t, video, func(ct []byte) { ct[len(ct)/2] ^= 1 })
	for name, body := range map[string][]byte{"Encryption first": encFirst, "EncryptedBody first": bodyFirst} {
		got, err := replayClient(t, body, sealer).GetDetectInfoEnhanced(ctx, req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.VideoData.LivenessVideo, video) || !reflect.DeepEqual(got.Text, want.Text) || !got.Verdict().Passed || len(got.EncryptedBody) != 0 {
			t.Errorf("%s: the result does not read as the clear one", name)
		}
	}
	for name, body := range map[string][]byte{"altered, Encryption first": badFirst, "altered, EncryptedBody first": badLast} {
		got, err := replayClient(t, body, sealer).GetDetectInfoEnhanced(ctx, req)
		if got != nil || !errors.Is(err, faceid.ErrEncryption) {
			t.Errorf("%s: got %v, %v; want no result and an encryption error", name, got != nil, err)
		}
	}
}
