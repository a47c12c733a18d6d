package s3store

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// ParseURL returns the options named by a URL of the form
//
//	s3://BUCKET[/PREFIX]?region=REGION[&endpoint=URL][&path-style=true]
//
// such as s3://evidence-1250000000?endpoint=https://cos.ap-guangzhou.myqcloud.com&region=ap-guangzhou.
// It sets no credentials; OpenURL reads them from the environment.
func ParseURL(rawURL string) (Options, error) {
	// Errors quote no more of the URL than the part at fault: a URL
	// given by mistake may hold a secret.
	const form = "s3://bucket?endpoint=…&region=…"
	u, err := url.Parse(rawURL)
	if err != nil {
		return Options{}, fmt.Errorf("s3store: the store URL does not parse; write it as %s", form)
	}
	if u.User != nil {
		return Options{}, errors.New("s3store: the store URL must not hold credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	if u.Scheme != "s3" || u.Opaque != "" || u.Fragment != "" {
		return Options{}, fmt.Errorf("s3store: the store URL is not of the form %s", form)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Options{}, fmt.Errorf("s3store: the store URL's query does not parse: %v", err)
	}
	o := Options{
		Bucket:   u.Host,
		Prefix:   strings.TrimPrefix(u.Path, "/"),
		Endpoint: q.Get("endpoint"),
		Region:   q.Get("region"),
	}
	for name, vals := range q {
		if len(vals) != 1 {
			return Options{}, fmt.Errorf("s3store: the store URL gives %q %d times", name, len(vals))
		}
		switch name {
		case "endpoint", "region":
		case "path-style":
			switch vals[0] {
			case "true":
				o.PathStyle = true
			case "false":
			default:
				return Options{}, fmt.Errorf("s3store: the store URL's path-style is %q, want true or false", vals[0])
			}
		default:
			return Options{}, fmt.Errorf("s3store: the store URL has an unknown parameter %q (known: endpoint, region, path-style)", name)
		}
	}
	if err := checkOptions(withPlaceholderCredentials(o)); err != nil {
		return Options{}, err
	}
	return o, nil
}

// withPlaceholderCredentials lets checkOptions check all but the
// credentials, which a URL does not carry.
func withPlaceholderCredentials(o Options) Options {
	o.AccessKeyID, o.SecretAccessKey = "-", "-"
	return o
}

// OpenURL returns the store named by rawURL (see ParseURL), with the
// credentials of the standard environment variables AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY and, for temporary ones, AWS_SESSION_TOKEN.
func OpenURL(rawURL string) (*Store, error) {
	o, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	o.AccessKeyID = os.Getenv("AWS_ACCESS_KEY_ID")
	o.SecretAccessKey = os.Getenv("AWS_SECRET_ACCESS_KEY")
	o.SessionToken = os.Getenv("AWS_SESSION_TOKEN")
	return New(o)
}
