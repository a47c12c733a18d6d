// Package s3store is a store.Store in a bucket of an S3-compatible object
// store, such as Tencent Cloud COS or Amazon S3.
//
// Put spools the object to a temporary file (mode 0600, removed when Put
// returns) while it computes its size and SHA-256, then uploads it with
// one PutObject whose payload is signed with that hash, so that the server
// rejects any byte changed on the way, and which carries If-None-Match: *,
// so that the server creates the object only if the key holds none. The
// conditional write is what makes Put create-if-absent: the service must
// support it (Amazon S3 has since August 2024). Call
// VerifyConditionalWrites once, when a deployment starts, to find out.
// Objects are limited to the 5 GiB of a single PutObject.
//
// The SHA-256 is kept as user metadata (x-amz-meta-sha256); Stat returns
// it, List does not (a listing carries no metadata).
//
// Requests go through the AWS SDK for Go v2: its SigV4 signing, retries
// and paging are kept up to date against the real service, which a fake
// S3 (that checks no signature) could not do for a client of our own.
//
// Delete removes objects one by one. In a bucket with versioning enabled
// that only hides them behind delete markers; keep evidence in a bucket
// without versioning so that deleting it deletes it.
package s3store

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/faceid-go/faceid/lifecycle/store"
)

// Options configure a Store. Bucket, Region and the credentials are
// required.
type Options struct {
	// Bucket is the bucket's name, such as "evidence-1250000000" on COS.
	Bucket string
	// Prefix, when set, is prepended with a "/" to every key, so that
	// several deployments can share a bucket. It follows the rules of a key.
	Prefix string
	// Endpoint is the service's URL, such as
	// "https://cos.ap-guangzhou.myqcloud.com"; empty means Amazon S3.
	Endpoint string
	// Region is the bucket's region, such as "ap-guangzhou"; requests are
	// signed for it.
	Region string
	// PathStyle addresses the bucket in the path (endpoint/bucket/key)
	// rather than in the host name (bucket.endpoint/key). Services on
	// localhost need it; COS and Amazon S3 do not.
	PathStyle bool
	// AccessKeyID and SecretAccessKey are the credentials (on COS, the
	// SecretId and SecretKey); SessionToken is set with temporary ones.
	AccessKeyID, SecretAccessKey, SessionToken string
	// TempDir is where Put spools objects; empty means os.TempDir().
	TempDir string
	// HTTPClient sends the requests; nil means the SDK's default client.
	HTTPClient *http.Client
}

// String describes the options without the credentials.
func (o Options) String() string {
	return describe(o) + " " + credentialsState(o)
}

// GoString is String, so that %#v does not print the credentials either.
func (o Options) GoString() string {
	return "s3store.Options(" + o.String() + ")"
}

func credentialsState(o Options) string {
	if o.AccessKeyID == "" || o.SecretAccessKey == "" {
		return "(no credentials)"
	}
	return "(credentials set)"
}

// describe returns the store's URL: s3://bucket[/prefix]?endpoint=…&region=….
func describe(o Options) string {
	q := url.Values{}
	if o.Endpoint != "" {
		q.Set("endpoint", o.Endpoint)
	}
	q.Set("region", o.Region)
	if o.PathStyle {
		q.Set("path-style", "true")
	}
	u := "s3://" + o.Bucket
	if o.Prefix != "" {
		u += "/" + o.Prefix
	}
	return u + "?" + q.Encode()
}

// Store is a store.Store in an S3 bucket. It is safe for concurrent use by
// several goroutines and several processes on any number of hosts.
type Store struct {
	client  *s3.Client
	bucket  string
	prefix  string // "" or the prefix and a trailing "/"
	tempDir string
	desc    string
}

var _ store.Store = (*Store)(nil)

// New returns a Store with opts. It makes no network call.
func New(opts Options) (*Store, error) {
	if err := checkOptions(opts); err != nil {
		return nil, err
	}
	s3opts := s3.Options{
		Region:       opts.Region,
		UsePathStyle: opts.PathStyle,
		Credentials: aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{
				AccessKeyID:     opts.AccessKeyID,
				SecretAccessKey: opts.SecretAccessKey,
				SessionToken:    opts.SessionToken,
				Source:          "s3store.Options",
			}, nil
		})),
		// The SDK's default CRC32 checksums are an extension that not
		// every S3-compatible service accepts; Put signs the payload's
		// SHA-256 instead, which every one checks.
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
		// Two conditional writes of one key at the same moment may get
		// 409 ConditionalRequestConflict; trying again settles them.
		Retryer: retry.AddWithErrorCodes(retry.NewStandard(), "ConditionalRequestConflict"),
	}
	if opts.Endpoint != "" {
		s3opts.BaseEndpoint = aws.String(opts.Endpoint)
	}
	if opts.HTTPClient != nil {
		s3opts.HTTPClient = opts.HTTPClient
	}
	s := &Store{
		client:  s3.New(s3opts),
		bucket:  opts.Bucket,
		tempDir: opts.TempDir,
		desc:    describe(opts),
	}
	if opts.Prefix != "" {
		s.prefix = opts.Prefix + "/"
	}
	return s, nil
}

func checkOptions(o Options) error {
	if err := checkBucket(o.Bucket); err != nil {
		return err
	}
	if o.Prefix != "" {
		if err := checkKey("prefix option", o.Prefix); err != nil {
			return err
		}
	}
	if o.Region == "" {
		return errors.New("s3store: Region is empty: name the bucket's region, such as ap-guangzhou")
	}
	if o.Endpoint != "" {
		u, err := url.Parse(o.Endpoint)
		if err == nil && u.User != nil {
			return errors.New("s3store: Endpoint must not hold credentials: set AccessKeyID and SecretAccessKey")
		}
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("s3store: Endpoint %q is not a service URL such as https://cos.ap-guangzhou.myqcloud.com", o.Endpoint)
		}
	}
	if o.AccessKeyID == "" || o.SecretAccessKey == "" {
		return errors.New("s3store: no credentials: set AccessKeyID and SecretAccessKey (OpenURL reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")
	}
	return nil
}

// checkBucket accepts the names S3 and COS give buckets: 3 to 63
// lowercase letters, digits, '-' and '.', starting and ending with a
// letter or digit.
func checkBucket(b string) error {
	bad := len(b) < 3 || len(b) > 63
	for i := 0; i < len(b) && !bad; i++ {
		c := b[i]
		alnum := 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
		bad = !alnum && (c != '-' && c != '.' || i == 0 || i == len(b)-1)
	}
	if bad {
		return fmt.Errorf("s3store: invalid bucket %q: use 3 to 63 lowercase letters, digits, '-' and '.'", b)
	}
	return nil
}

// String returns the store's URL, without credentials.
func (s *Store) String() string {
	return s.desc
}

// GoString is String, so that %#v prints no more.
func (s *Store) GoString() string {
	return "s3store.Store(" + s.desc + ")"
}

// objectKey returns the bucket key of key.
func (s *Store) objectKey(key string) string {
	return s.prefix + key
}
