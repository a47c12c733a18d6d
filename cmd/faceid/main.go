// Command faceid calls the Tencent Cloud FaceID API from the shell: it
// starts verification flows, pulls their results and runs a local sandbox.
//
// Usage:
//
//	faceid detect-auth --rule-id R [--name N] [--id-card X] [--redirect-url U] [--extra E] [--image FILE]
//	faceid result --biz-token T --rule-id R [--info-type 0] [--best-frames N] [--out DIR] [--reveal]
//	faceid sandbox [--addr 127.0.0.1:8099] [--secret-id ID --secret-key KEY] [--rule-id R]
//
// The sandbox serves the FaceID wire protocol on a loopback address with
// fictional credentials, so that code in any language can be tried offline.
//
// Every API command also accepts --endpoint URL (or $FACEID_ENDPOINT), --region,
// --timeout DURATION (per attempt, e.g. 5s) and --verbose (debug log on
// stderr). Credentials come from TENCENTCLOUD_SECRET_ID and
// TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_SESSION_TOKEN), or from the
// profile file ~/.tencentcloud/credentials.
//
// Results are printed as one JSON object on stdout. Exit status: 0 on
// success, 1 when the API or the network fails (code, message and RequestId
// on stderr), 2 on usage or validation errors.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
