package faceid_test

import (
	"context"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/stretchr/testify/require"
)

// TestReadmeSandboxSnippet keeps the README's sandbox example honest.
func TestReadmeSandboxSnippet(t *testing.T) {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()
	client := srv.Client()

	auth, err := client.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1", Name: "测试一"})
	require.NoError(t, err)
	require.NoError(t, srv.Complete(auth.BizToken, faceidtest.Fail(2006)))

	res, err := client.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{BizToken: auth.BizToken, RuleID: "1"})
	require.NoError(t, err)
	require.Equal(t, faceid.CategoryIdentityMismatch, res.Verdict().Outcome.Category)

	srv.Clock().Advance(72 * time.Hour)
	_, err = client.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{BizToken: auth.BizToken, RuleID: "1"})
	require.ErrorIs(t, err, faceid.ErrBizTokenExpired)
}
