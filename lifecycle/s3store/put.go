package s3store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// metaSHA256 is the user metadata that keeps an object's SHA-256.
const metaSHA256 = "sha256"

// Put writes the object at key from r. It spools r to a temporary file
// while it computes the size and SHA-256, then uploads the file with a
// conditional PutObject (If-None-Match: *). It returns an error wrapping
// store.ErrExist when key holds an object, and leaves nothing at key when
// it fails. A Read of r that blocks is not interrupted when ctx is
// cancelled; the next one is not made.
//
// The SDK retries a request that failed on the way; when the first try
// reached the service and only its reply was lost, the retry is refused
// and Put reports store.ErrExist for the object it wrote itself. Stat
// returns that object's SHA-256, to tell the two apart.
func (s *Store) Put(ctx context.Context, key string, r io.Reader) (store.Object, error) {
	if err := checkKey("key", key); err != nil {
		return store.Object{}, err
	}
	if err := ctx.Err(); err != nil {
		return store.Object{}, fmt.Errorf("s3store: put %q: %w", key, err)
	}
	f, err := os.CreateTemp(s.tempDir, "faceid-s3store-*")
	if err != nil {
		return store.Object{}, fmt.Errorf("s3store: put %q: creating a temporary file (set Options.TempDir to a writable folder): %w", key, err)
	}
	defer func() {
		_ = f.Close()
		_ = os.Remove(f.Name())
	}()
	obj, err := spool(ctx, f, r)
	if err != nil {
		return store.Object{}, fmt.Errorf("s3store: put %q: %w", key, err)
	}
	obj.Key = key
	_, err = s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(s.bucket),
		Key:           aws.String(s.objectKey(key)),
		Body:          f,
		ContentLength: aws.Int64(obj.Bytes),
		ContentType:   aws.String("application/octet-stream"),
		IfNoneMatch:   aws.String("*"),
		Metadata:      map[string]string{metaSHA256: obj.SHA256},
	}, signPayload(obj.SHA256))
	if err != nil {
		return store.Object{}, requestError("put", key, err)
	}
	return obj, nil
}

// spool copies r to f, checking ctx between reads, and rewinds f. It
// returns the size and SHA-256 of what it copied.
func spool(ctx context.Context, f *os.File, r io.Reader) (store.Object, error) {
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), ctxReader{ctx: ctx, r: r})
	if err != nil {
		return store.Object{}, fmt.Errorf("reading the content: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return store.Object{}, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return store.Object{}, fmt.Errorf("rewinding the spooled content: %w", err)
	}
	return store.Object{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// signPayload makes the request sign sum as the payload's SHA-256 rather
// than read the body once more to compute it. The server checks the body
// against it, so that what it stores is what Put read.
func signPayload(sum string) func(*s3.Options) {
	return func(o *s3.Options) {
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("s3store.SignPayload",
				func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
					return next.HandleFinalize(v4.SetPayloadHash(ctx, sum), in)
				}), middleware.Before)
		})
	}
}

// ctxReader stops reading once its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
