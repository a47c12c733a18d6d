// Command faceid calls the Tencent Cloud FaceID API from the shell: it
// starts verification flows, pulls their results and runs a local sandbox.
//
// Usage:
//
//	faceid detect-auth --rule-id R [--name N --id-card X] [--redirect-url U] [--extra E] [--image FILE] [--track --db URL]
//	faceid result --biz-token T --rule-id R [--info-type DIGITS] [--best-frames N] [--out DIR] [--reveal] [--verdict-exit]
//	faceid track --biz-token T [--rule-id R] [--flow FLOW] --db URL
//	faceid returned --biz-token T --db URL
//	faceid worker --db URL --store URL [--qps N] [--workers N] [--verify-window D] [--until-idle]
//	faceid status --db URL [--json]
//	faceid reconcile --date YYYY-MM-DD --rule-id R --db URL --store URL
//	faceid call ACTION [--json '{...}' | --json @FILE] [--reveal]
//	faceid actions [--json]
//	faceid sandbox [--addr HOST:PORT] [--public] [--strict] [--secret-id ID --secret-key KEY] [--rule-id R] [--pubkeys DIR]
//	faceid version
//	faceid help [COMMAND]
//
// "faceid help COMMAND" and "faceid COMMAND -h" print a command's flags on
// stdout.
//
// The sandbox serves the FaceID wire protocol with fictional credentials,
// so that code in any language can be tried offline. It listens on a
// loopback address; --public lets it listen on another, inside a
// container for instance, with a warning.
//
// Every API command also accepts --endpoint URL (default $FACEID_ENDPOINT),
// --region, --language (zh-CN or en-US, for the server's messages),
// --timeout DURATION (per attempt, e.g. 30s), --verbose (debug log on
// stderr) and --encrypt rsa|sm [--public-key FILE] (seal personal data,
// decrypt replies). Credentials come from TENCENTCLOUD_SECRET_ID and
// TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_SESSION_TOKEN), or from the
// profile file ~/.tencentcloud/credentials.
//
// The lifecycle commands keep every result: detect-auth --track and track
// record tokens in a database (--db sqlite:PATH or postgres://…), worker
// fetches each result when the person returns (returned) or after the
// flow's window, and archives it once in a store (--store file://DIR or s3://BUCKET?region=R) as
// <flow>/<token>/{manifest.json,result.json,media…}; status counts them.
//
// Results are printed as one JSON object on stdout. Exit status: 0 on
// success; 1 when the call failed (the API or the network; code, message
// and RequestId on stderr); 2 on usage errors and on local problems found
// before anything was sent (invalid input, no credentials, an --out folder
// that cannot take the save). With result --verdict-exit, a result that
// was received exits 0 when its verdict passed, 3 when it failed and 4
// when it is pending.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
