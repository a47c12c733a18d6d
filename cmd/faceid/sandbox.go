package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/faceid-go/faceid/faceidtest"
)

// runSandbox serves a FaceID sandbox on a loopback address until ctx ends.
func runSandbox(ctx context.Context, args []string, out, errOut io.Writer, _ env) int {
	fs := newFlagSet("sandbox", "[--addr 127.0.0.1:8099] [--secret-id ID --secret-key KEY] [--rule-id R]", errOut)
	addr := fs.String("addr", "127.0.0.1:8099", "loopback address to listen on")
	secretID := fs.String("secret-id", faceidtest.DefaultSecretID, "SecretId the sandbox accepts")
	secretKey := fs.String("secret-key", faceidtest.DefaultSecretKey, "SecretKey the sandbox accepts")
	ruleID := fs.String("rule-id", faceidtest.DefaultRuleID, "RuleId the sandbox knows (no required inputs)")
	verbose := fs.Bool("verbose", false, "log one line per call on stderr (no bodies or personal data)")
	if status, ok := parse(fs, args, errOut); !ok {
		return status
	}
	if *secretID == "" || *secretKey == "" || *ruleID == "" {
		return usageError(fs, errOut, "--secret-id, --secret-key and --rule-id must not be empty")
	}
	opts := []faceidtest.Option{
		faceidtest.WithCredentials(*secretID, *secretKey),
		faceidtest.WithRule(faceidtest.Rule{ID: *ruleID}),
	}
	if *verbose {
		opts = append(opts, faceidtest.WithLogger(slog.New(slog.NewTextHandler(errOut, nil))))
	}
	srv := faceidtest.NewUnstartedServer(opts...)
	if err := srv.StartOn(*addr); err != nil {
		return usageError(fs, errOut, "%v", err)
	}
	defer srv.Close()

	fmt.Fprintf(out, `FaceID sandbox listening on %s
  endpoint:   %s
  secret id:  %s
  secret key: %s   (fictional, accepted only by this sandbox)
  rule id:    %s

Point any client at it, for example:
  FACEID_ENDPOINT=%s TENCENTCLOUD_SECRET_ID=%s TENCENTCLOUD_SECRET_KEY=%s \
    faceid detect-auth --rule-id %s
Open the returned Url in a browser to choose the outcome. Ctrl-C stops the sandbox.
`, *addr, srv.URL(), *secretID, *secretKey, *ruleID, srv.URL(), *secretID, *secretKey, *ruleID)
	<-ctx.Done()
	return exitOK
}
