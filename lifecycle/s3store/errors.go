package s3store

import (
	"errors"
	"fmt"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// requestError wraps err from request op ("put", "open", …) about key. A
// 412 Precondition Failed to a put becomes store.ErrExist; a 404 Not Found
// to an open or a stat becomes store.ErrNotExist, unless the service says
// that the bucket is missing.
func requestError(op, key string, err error) error {
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		return fmt.Errorf("s3store: %s %q: %w", op, key, err)
	}
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "NoSuchBucket" {
		return fmt.Errorf("s3store: %s %q: the bucket does not exist; create it or correct the store URL: %w", op, key, err)
	}
	switch status := re.HTTPStatusCode(); {
	case status == http.StatusPreconditionFailed && op == "put":
		return fmt.Errorf("s3store: put %q: %w", key, store.ErrExist)
	case status == http.StatusNotFound && (op == "open" || op == "stat"):
		return fmt.Errorf("s3store: %s %q: %w", op, key, store.ErrNotExist)
	}
	return fmt.Errorf("s3store: %s %q: %w", op, key, err)
}
