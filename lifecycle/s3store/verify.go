package s3store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// VerifyConditionalWrites checks that the service honours If-None-Match: *
// on PutObject, on which Put's create-if-absent rests: it writes a probe
// object under ".probe/" (a name no key can take) twice, expects the
// second write to be refused, and deletes the probe. Call it once when a
// deployment starts; a service that overwrites would let two runs of one
// archiving job both commit.
func (s *Store) VerifyConditionalWrites(ctx context.Context) error {
	key := ".probe/" + rand.Text()
	put := func() error {
		_, err := s.client.PutObject(ctx, &s3.PutObjectInput{
			Bucket:      aws.String(s.bucket),
			Key:         aws.String(s.objectKey(key)),
			Body:        strings.NewReader("probe"),
			IfNoneMatch: aws.String("*"),
		})
		if err != nil {
			return requestError("put", key, err)
		}
		return nil
	}
	if err := put(); err != nil {
		return fmt.Errorf("s3store: verifying conditional writes: %w", err)
	}
	second := put()
	_, derr := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{
		Bucket: aws.String(s.bucket),
		Key:    aws.String(s.objectKey(key)),
	})
	switch {
	case second == nil:
		return fmt.Errorf("s3store: %s overwrote an object despite If-None-Match: *; it does not support conditional writes, so Put cannot refuse to overwrite there", s.desc)
	case !errors.Is(second, store.ErrExist):
		return fmt.Errorf("s3store: verifying conditional writes: %w", second)
	case derr != nil:
		return fmt.Errorf("s3store: verifying conditional writes: deleting the probe %q: %w", key, derr)
	}
	return nil
}
