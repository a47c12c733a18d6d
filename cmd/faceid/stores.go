package main

import (
	"github.com/faceid-go/faceid/lifecycle/s3store"
	"github.com/faceid-go/faceid/lifecycle/store"
	"github.com/faceid-go/faceid/lifecycle/store/dirstore"
)

// storeOpeners maps the --store URL schemes to the stores they open:
// file://DIR, a folder (created 0700 when missing), and
// s3://BUCKET[/PREFIX]?region=R[&endpoint=URL][&path-style=true], with
// credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (Tencent
// COS speaks S3).
func storeOpeners() map[string]func(string) (store.Store, error) {
	return map[string]func(string) (store.Store, error){
		"file": func(raw string) (store.Store, error) { return dirstore.OpenURL(raw) },
		"s3":   func(raw string) (store.Store, error) { return s3store.OpenURL(raw) },
	}
}
