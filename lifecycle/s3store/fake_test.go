package s3store_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/faceid-go/faceid/lifecycle/s3store"
)

const (
	testBucket = "evidence-1250000000"
	testKeyID  = "AKIDEXAMPLEKEYID0000"
	testSecret = "wJalrXUtnFEMI-fictional-secret-0000000000"
)

// fake is an in-process S3 service.
type fake struct {
	backend *s3mem.Backend
	server  *httptest.Server
}

// newFake starts a fake S3 with an empty bucket testBucket. wrap, when
// not nil, wraps its handler.
func newFake(t testing.TB, wrap func(http.Handler) http.Handler) *fake {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(testBucket); err != nil {
		t.Fatal(err)
	}
	var h http.Handler = gofakes3.New(backend, gofakes3.WithIntegrityCheck(true)).Server()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &fake{backend: backend, server: srv}
}

// options returns the options of a store in the fake's bucket.
func (f *fake) options() s3store.Options {
	return s3store.Options{
		Bucket:          testBucket,
		Endpoint:        f.server.URL,
		Region:          "ap-guangzhou",
		PathStyle:       true,
		AccessKeyID:     testKeyID,
		SecretAccessKey: testSecret,
	}
}

// newStore returns a store with opts.
func newStore(t testing.TB, opts s3store.Options) *s3store.Store {
	t.Helper()
	s, err := s3store.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
