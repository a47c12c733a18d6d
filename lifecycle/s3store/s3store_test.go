package s3store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/faceid-go/faceid/lifecycle/s3store"
	"github.com/faceid-go/faceid/lifecycle/store"
	"github.com/faceid-go/faceid/lifecycle/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		opts := newFake(t, nil).options()
		opts.TempDir = t.TempDir()
		return newStore(t, opts)
	})
}

// TestConditionalPut checks that Put asks for create-if-absent, signs the
// payload's SHA-256, and that the fake refuses the second write only
// because of the header: without it, the fake overwrites.
func TestConditionalPut(t *testing.T) {
	first := sha256.Sum256([]byte("first"))
	var puts, conditional, signed atomic.Int32
	strip := atomic.Bool{}
	f := newFake(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut {
				puts.Add(1)
				if r.Header.Get("If-None-Match") == "*" {
					conditional.Add(1)
				}
				if r.Header.Get("X-Amz-Content-Sha256") == hex.EncodeToString(first[:]) {
					signed.Add(1)
				}
				if strip.Load() {
					r.Header.Del("If-None-Match")
				}
			}
			h.ServeHTTP(w, r)
		})
	})
	s := newStore(t, f.options())
	ctx := t.Context()
	obj, err := s.Put(ctx, "saas/T/manifest.json", strings.NewReader("first"))
	if err != nil {
		t.Fatal(err)
	}
	if got := r(t, s, "saas/T/manifest.json"); got != "first" {
		t.Fatalf("read %q", got)
	}
	if puts.Load() != 1 || conditional.Load() != 1 || signed.Load() != 1 {
		t.Errorf("%d PUTs, %d with If-None-Match: *, %d signing the payload's SHA-256; want 1, 1, 1", puts.Load(), conditional.Load(), signed.Load())
	}
	if obj.SHA256 != hex.EncodeToString(first[:]) {
		t.Errorf("Put returned SHA-256 %s", obj.SHA256)
	}
	if err := s.VerifyConditionalWrites(ctx); err != nil {
		t.Errorf("VerifyConditionalWrites on a service that honours If-None-Match: %v", err)
	}
	if objs, err := s.List(ctx, ".probe"); err == nil {
		t.Errorf("List(%q) = %v; want an error, the probe's folder is no key", ".probe", objs)
	}

	// A service that ignores the header overwrites; VerifyConditionalWrites
	// tells.
	strip.Store(true)
	if _, err := s.Put(ctx, "saas/T/manifest.json", strings.NewReader("second")); err != nil {
		t.Fatalf("Put to a service that ignores If-None-Match: %v", err)
	}
	if got := r(t, s, "saas/T/manifest.json"); got != "second" {
		t.Fatalf("the fake did not overwrite without the header (holds %q): the test proves nothing", got)
	}
	err = s.VerifyConditionalWrites(ctx)
	if err == nil || !strings.Contains(err.Error(), "does not support conditional writes") {
		t.Errorf("VerifyConditionalWrites on a service that ignores If-None-Match = %v; want an error saying so", err)
	}
}

func r(t *testing.T, s store.Store, key string) string {
	t.Helper()
	rc, err := s.Open(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPrefix(t *testing.T) {
	f := newFake(t, nil)
	opts := f.options()
	opts.Prefix = "tenant-a/prod"
	s := newStore(t, opts)
	other := newStore(t, f.options())
	ctx := t.Context()
	if _, err := s.Put(ctx, "saas/T/result.json", strings.NewReader("{}")); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Stat(ctx, "tenant-a/prod/saas/T/result.json"); err != nil {
		t.Errorf("the object is not under the prefix in the bucket: %v", err)
	}
	objs, err := s.List(ctx, "saas")
	if err != nil || len(objs) != 1 || objs[0].Key != "saas/T/result.json" {
		t.Errorf("List(saas) = %+v, %v; want the key without the prefix", objs, err)
	}
	st, err := s.Stat(ctx, "saas/T/result.json")
	sum := sha256.Sum256([]byte("{}"))
	if err != nil || st.SHA256 != hex.EncodeToString(sum[:]) || st.Bytes != 2 {
		t.Errorf("Stat = %+v, %v; want 2 bytes and the SHA-256 kept by Put", st, err)
	}
	if err := s.Delete(ctx, "saas"); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Stat(ctx, "tenant-a/prod/saas/T/result.json"); !errors.Is(err, store.ErrNotExist) {
		t.Errorf("after Delete, Stat in the bucket: %v; want store.ErrNotExist", err)
	}
}

// TestPutStreams puts 64 MiB to a server that hashes and discards what it
// receives, and checks that the client allocated far less than that: it
// streams from its spool file rather than buffering.
func TestPutStreams(t *testing.T) {
	const size = 64 << 20
	var received atomic.Int64
	var receivedSum atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := sha256.New()
		n, _ := io.Copy(h, r.Body)
		received.Store(n)
		receivedSum.Store(hex.EncodeToString(h.Sum(nil)))
		w.Header().Set("ETag", `"0"`)
	}))
	defer srv.Close()
	opts := s3store.Options{
		Bucket: testBucket, Endpoint: srv.URL, Region: "ap-guangzhou", PathStyle: true,
		AccessKeyID: testKeyID, SecretAccessKey: testSecret, TempDir: t.TempDir(),
	}
	s := newStore(t, opts)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	obj, err := s.Put(t.Context(), "big/T/video.mp4", io.LimitReader(rand.NewChaCha8([32]byte{9}), size))
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if obj.Bytes != size || received.Load() != size || receivedSum.Load() != obj.SHA256 {
		t.Fatalf("Put = %+v; the server received %d bytes with SHA-256 %v", obj, received.Load(), receivedSum.Load())
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("Put of %d MiB allocated %d bytes (client and sink server); it should stream", size>>20, alloc)
	}
	entries, err := os.ReadDir(opts.TempDir)
	if err != nil || len(entries) != 0 {
		t.Errorf("Put left %d files in its temporary folder (%v)", len(entries), err)
	}
}

func TestServerErrors(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch r.Method {
		case http.MethodPut:
			http.Error(w, "<Error><Code>AccessDenied</Code><Message>no</Message></Error>", http.StatusForbidden)
		default:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>")
		}
	}))
	defer srv.Close()
	opts := s3store.Options{
		Bucket: testBucket, Endpoint: srv.URL, Region: "ap-guangzhou", PathStyle: true,
		AccessKeyID: testKeyID, SecretAccessKey: testSecret, TempDir: t.TempDir(),
	}
	s := newStore(t, opts)
	ctx := t.Context()
	_, err := s.Put(ctx, "saas/T/result.json", strings.NewReader("{}"))
	if err == nil || errors.Is(err, store.ErrExist) {
		t.Errorf("Put refused with 403 = %v; want an error that is not ErrExist", err)
	}
	if _, err := s.Open(ctx, "saas/T/result.json"); err == nil || errors.Is(err, store.ErrNotExist) || !strings.Contains(err.Error(), "bucket does not exist") {
		t.Errorf("Open in a missing bucket = %v; want an error saying the bucket is missing, not ErrNotExist", err)
	}
	if err != nil && strings.Contains(err.Error(), testSecret) {
		t.Errorf("an error shows the secret key: %v", err)
	}
	if calls.Load() == 0 {
		t.Error("the store sent no request: the test proves nothing")
	}
}

// TestNoSecretsPrinted prints the options and the store every way fmt
// can, and the errors of a refused request, and looks for the secret.
func TestNoSecretsPrinted(t *testing.T) {
	f := newFake(t, nil)
	opts := f.options()
	opts.SessionToken = "fictional-session-token-0000"
	s := newStore(t, opts)
	var out []string
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out = append(out, fmt.Sprintf(format, opts), fmt.Sprintf(format, s), fmt.Sprintf(format, &opts))
	}
	bad := opts
	bad.Bucket = "Bad_Bucket"
	_, err := s3store.New(bad)
	out = append(out, err.Error())
	_, err = s3store.ParseURL("s3://" + testKeyID + ":" + testSecret + "@" + testBucket + "?region=ap-guangzhou")
	if err == nil {
		t.Error("ParseURL accepted credentials in the URL")
	} else {
		out = append(out, err.Error())
	}
	_, err = s3store.ParseURL("s3://" + testBucket + "?region=ap-guangzhou&secret=" + testSecret)
	if err == nil {
		t.Error("ParseURL accepted an unknown parameter")
	} else {
		out = append(out, err.Error())
	}
	for _, o := range out {
		for _, secret := range []string{testSecret, opts.SessionToken} {
			if strings.Contains(o, secret) {
				t.Errorf("printed form shows a secret: %s", o)
			}
		}
	}
	if got := s.String(); !strings.Contains(got, testBucket) || !strings.Contains(got, "region=ap-guangzhou") {
		t.Errorf("String() = %q; want the bucket and the region", got)
	}
}

func TestParseURL(t *testing.T) {
	got, err := s3store.ParseURL("s3://evidence-1250000000/tenant-a?endpoint=https://cos.ap-guangzhou.myqcloud.com&region=ap-guangzhou")
	want := s3store.Options{
		Bucket: "evidence-1250000000", Prefix: "tenant-a",
		Endpoint: "https://cos.ap-guangzhou.myqcloud.com", Region: "ap-guangzhou",
	}
	if err != nil || got != want {
		t.Errorf("ParseURL = %+v, %v; want %+v", got, err, want)
	}
	got, err = s3store.ParseURL("s3://bucket.example?region=us-east-1&path-style=true&endpoint=http%3A%2F%2F127.0.0.1%3A9000")
	want = s3store.Options{Bucket: "bucket.example", Region: "us-east-1", PathStyle: true, Endpoint: "http://127.0.0.1:9000"}
	if err != nil || got != want {
		t.Errorf("ParseURL = %+v, %v; want %+v", got, err, want)
	}
	for _, bad := range []string{
		"", "file:///tmp/x", "s3://", "s3://b?region=r", "s3://Bucket?region=r", "s3://bucket", // no region
		"s3://bucket?region=r&endpoint=ftp://host", "s3://bucket?region=r&endpoint=https://host/path",
		"s3://bucket?region=r&path-style=yes", "s3://bucket?region=r&region=s", "s3://bucket?region=r&x=1",
		"s3://bucket/../x?region=r", "s3://bucket/a//b?region=r", "s3:bucket?region=r", "s3://-bucket?region=r",
	} {
		if o, err := s3store.ParseURL(bad); err == nil {
			t.Errorf("ParseURL(%q) = %+v; want an error", bad, o)
		}
	}
}

func TestOpenURLCredentials(t *testing.T) {
	const u = "s3://evidence-1250000000?endpoint=https://cos.ap-guangzhou.myqcloud.com&region=ap-guangzhou"
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	if _, err := s3store.OpenURL(u); err == nil || !strings.Contains(err.Error(), "AWS_SECRET_ACCESS_KEY") {
		t.Errorf("OpenURL without credentials = %v; want an error naming the variables", err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", testKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", testSecret)
	s, err := s3store.OpenURL(u)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(fmt.Sprintf("%v %#v", s, s), testSecret) {
		t.Error("the store prints its secret")
	}
}

// BenchmarkPut measures a Put of a 6 MiB result to the in-process fake:
// spooling, hashing and the request, with the fake's own work included.
func BenchmarkPut(b *testing.B) {
	content := make([]byte, 6<<20)
	rand.NewChaCha8([32]byte{5}).Read(content)
	opts := newFake(b, nil).options()
	opts.TempDir = b.TempDir()
	s := newStore(b, opts)
	b.SetBytes(int64(len(content)))
	i := 0
	for b.Loop() {
		i++
		if _, err := s.Put(b.Context(), "bench/T"+strconv.Itoa(i)+"/video.mp4", bytes.NewReader(content)); err != nil {
			b.Fatal(err)
		}
	}
}
