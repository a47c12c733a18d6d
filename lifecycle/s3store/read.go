package s3store

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// Open returns the content of the object at key, or an error wrapping
// store.ErrNotExist.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := checkKey("key", key); err != nil {
		return nil, err
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(s.bucket),
		Key:    aws.String(s.objectKey(key)),
	})
	if err != nil {
		return nil, requestError("open", key, err)
	}
	return out.Body, nil
}

// Stat describes the object at key, or returns an error wrapping
// store.ErrNotExist. It sets Object.SHA256 when the object was written by
// Put.
func (s *Store) Stat(ctx context.Context, key string) (store.Object, error) {
	if err := checkKey("key", key); err != nil {
		return store.Object{}, err
	}
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{
		Bucket: aws.String(s.bucket),
		Key:    aws.String(s.objectKey(key)),
	})
	if err != nil {
		return store.Object{}, requestError("stat", key, err)
	}
	obj := store.Object{Key: key, Bytes: aws.ToInt64(out.ContentLength)}
	if sum := out.Metadata[metaSHA256]; isSHA256(sum) {
		obj.SHA256 = sum
	}
	return obj, nil
}

// isSHA256 reports whether s is a lowercase hex SHA-256.
func isSHA256(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == 32 && strings.ToLower(s) == s
}

// List describes every object whose key starts with prefix + "/", sorted
// by key. It skips names that are not keys (such as the zero-byte "folder/"
// objects some consoles create) and leaves Object.SHA256 empty.
func (s *Store) List(ctx context.Context, prefix string) ([]store.Object, error) {
	if err := checkKey("prefix", prefix); err != nil {
		return nil, err
	}
	var objs []store.Object
	err := s.walk(ctx, prefix, func(key string, size int64) {
		if checkKey("key", key) == nil {
			objs = append(objs, store.Object{Key: key, Bytes: size})
		}
	})
	if err != nil {
		return nil, requestError("list", prefix, err)
	}
	slices.SortFunc(objs, func(a, b store.Object) int { return strings.Compare(a.Key, b.Key) })
	return objs, nil
}

// Delete removes every object whose key starts with prefix + "/",
// including names that are not keys. Deleting nothing is not an error.
func (s *Store) Delete(ctx context.Context, prefix string) error {
	if err := checkKey("prefix", prefix); err != nil {
		return err
	}
	var keys []string
	if err := s.walk(ctx, prefix, func(key string, _ int64) { keys = append(keys, key) }); err != nil {
		return requestError("delete", prefix, err)
	}
	// One request per object: DeleteObjects needs a checksum header that
	// S3-compatible services disagree on, and an archive holds few files.
	for _, key := range keys {
		_, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{
			Bucket: aws.String(s.bucket),
			Key:    aws.String(s.objectKey(key)),
		})
		if err != nil {
			return requestError("delete", key, err)
		}
	}
	return nil
}

// walk calls fn with the key (without the store's prefix) and size of
// every object whose key starts with prefix + "/".
func (s *Store) walk(ctx context.Context, prefix string, fn func(key string, size int64)) error {
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{
		Bucket: aws.String(s.bucket),
		Prefix: aws.String(s.objectKey(prefix) + "/"),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, o := range page.Contents {
			key, ok := strings.CutPrefix(aws.ToString(o.Key), s.prefix)
			if !ok {
				return fmt.Errorf("the service listed %q, outside the prefix asked for", aws.ToString(o.Key))
			}
			fn(key, aws.ToInt64(o.Size))
		}
	}
	return nil
}
