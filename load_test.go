package faceid_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadSharedClient has 200 goroutines share one client for a few
// thousand calls against the sandbox. Each flow carries a unique Extra and a
// scripted outcome; every result must come back to the goroutine that asked
// for it with its own Extra and outcome — no lost or mixed-up replies.
func TestLoadSharedClient(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	srv := faceidtest.NewServer()
	defer srv.Close()
	client := srv.Client()

	const goroutines, flowsEach = 200, 8 // 1,600 flows, 3,200 API calls
	outcomes := []int{0, 2006, 2016, 1002}
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for i := range flowsEach {
				extra := fmt.Sprintf("g%03d-flow%d", g, i)
				code := outcomes[(g+i)%len(outcomes)]
				auth, err := client.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1", Extra: extra})
				if err != nil {
					errs <- err
					return
				}
				if err := srv.Complete(auth.BizToken, faceidtest.Fail(code)); err != nil {
					errs <- err
					return
				}
				res, err := client.GetDetectInfoEnhanced(ctx, &faceid.GetDetectInfoEnhancedRequest{
					BizToken: auth.BizToken, RuleID: "1", InfoType: "1"})
				if err != nil {
					errs <- err
					return
				}
				if res.Text.Extra != extra || res.Text.ErrCode == nil || *res.Text.ErrCode != code {
					errs <- fmt.Errorf("flow %s got the reply of another flow (Extra %q)", extra, res.Text.Extra)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Len(t, srv.Tokens(), goroutines*flowsEach)
}
