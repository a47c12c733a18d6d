package lifecycle

import (
	"context"
	"github.com/faceid-go/faceid/lifecycle/store/dirstore"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
	"golang.org/x/time/rate"
)

// BenchmarkArchive6MiB measures fetching and archiving one SaaS result of
// about 6 MiB (a 5 MiB video and 1 MiB of frames) from the sandbox into a
// directory store: bytes/s, and the memory one archive allocates, which
// stays far below the result's size because the media are streamed.
func BenchmarkArchive6MiB(b *testing.B) {
	ctx := context.Background()
	srv := faceidtest.NewServer(faceidtest.WithMediaSizes(1<<20, 5<<20))
	defer srv.Close()
	client := srv.Client()
	st := openDirStore(b, b.TempDir())
	cfg, err := Config{Client: client, Store: st, Workers: 1}.withDefaults()
	if err != nil {
		b.Fatal(err)
	}
	t := &Tracker[struct{}]{cfg: cfg, limiter: rate.NewLimiter(rate.Inf, 1)}
	newToken := func() fetchArgs {
		auth, err := client.DetectAuth(ctx, &faceid.DetectAuthRequest{RuleID: "1"})
		if err != nil {
			b.Fatal(err)
		}
		if err := srv.Complete(auth.BizToken, faceidtest.Pass()); err != nil {
			b.Fatal(err)
		}
		now := time.Now()
		return fetchArgs{Token: auth.BizToken, Flow: FlowSaaS, RuleID: "1", CreatedAt: now, WindowEnd: now.Add(time.Hour)}
	}
	var size int64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		a := newToken()
		b.StartTimer()
		m, err := t.fetchAndArchive(ctx, a)
		if err != nil {
			b.Fatal(err)
		}
		if size == 0 {
			for _, f := range m.Files {
				size += f.Bytes
			}
			if size < 6<<20 {
				b.Fatalf("the archive holds %d bytes, want at least 6 MiB", size)
			}
			b.SetBytes(size)
		}
	}
}

// openDirStore opens the project's directory store at dir.
func openDirStore(tb testing.TB, dir string) *dirstore.Store {
	tb.Helper()
	st, err := dirstore.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}
