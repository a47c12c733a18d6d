package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/faceid-go/faceid/faceidtest"
	"github.com/faceid-go/faceid/gm"
)

// runSandbox serves a FaceID sandbox until ctx ends. It listens on a
// loopback address unless --public allows another (inside a container,
// whose published port the host reaches on its own loopback address).
func runSandbox(ctx context.Context, inv *invocation, args []string) int {
	fs := inv.flags
	addr := fs.String("addr", "127.0.0.1:8099", "address to listen on: loopback only, unless --public")
	public := fs.Bool("public", false, "allow a non-loopback --addr such as 0.0.0.0:8099, e.g. inside a container (warns on stderr)")
	secretID := fs.String("secret-id", faceidtest.DefaultSecretID, "SecretId the sandbox accepts")
	secretKey := fs.String("secret-key", faceidtest.DefaultSecretKey, "SecretKey the sandbox accepts")
	ruleID := fs.String("rule-id", faceidtest.DefaultRuleID, "RuleId the sandbox knows (no required inputs)")
	verbose := fs.Bool("verbose", false, "log one line per call on stderr (no bodies or personal data)")
	strict := fs.Bool("strict", false, "check signatures by the real service's exact rule only: refuse the signed host "+
		"without its port and the service taken from the address, which Tencent's Node.js, Java and PHP SDKs send")
	pubkeys := fs.String("pubkeys", "", "write the sandbox's public keys to `DIR`/"+rsaPublicKeyFile+" and "+sm2PublicKeyFile+", for --encrypt rsa|sm --public-key")
	if status, ok := inv.parse(args, 0); !ok {
		return status
	}
	if *secretID == "" || *secretKey == "" || *ruleID == "" {
		return inv.usageError("--secret-id, --secret-key and --rule-id must not be empty")
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return inv.usageError("--addr %q is not HOST:PORT, e.g. 127.0.0.1:8099", printable(*addr))
	}
	loopback := isLoopback(host)
	if !loopback && !*public {
		return inv.usageError("--addr %s is not a loopback address; the sandbox accepts fictional credentials, so "+
			"it listens on another only with --public (inside a container, say)", printable(*addr))
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return inv.usageError("--addr: %s", printable(err.Error()))
	}
	opts := []faceidtest.Option{
		faceidtest.WithCredentials(*secretID, *secretKey),
		faceidtest.WithRule(faceidtest.Rule{ID: *ruleID}),
		faceidtest.WithKeyPair(gm.NewSandboxKeyPair()), // SM4-GCM beside its own RSA pair
	}
	if *strict {
		opts = append(opts, faceidtest.WithStrictSignatures())
	}
	if *verbose {
		opts = append(opts, faceidtest.WithLogger(slog.New(slog.NewTextHandler(inv.errOut, nil))))
	}
	// The sandbox's handler in a server of our own, which may listen
	// anywhere: hosted-page URLs follow the Host each client used.
	sandbox := faceidtest.NewUnstartedServer(opts...)
	defer sandbox.Close()
	if *pubkeys != "" {
		paths, err := writePublicKeys(*pubkeys, sandbox)
		if err != nil {
			_ = ln.Close()
			inv.errorf("--pubkeys: %s", printable(err.Error()))
			return exitFailure
		}
		inv.errorf("public keys written to %s", printable(strings.Join(paths, " and ")))
	}
	hs := &http.Server{Handler: sandbox.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	_, port, _ := net.SplitHostPort(ln.Addr().String()) // the port chosen for :0
	listening := net.JoinHostPort(host, port)
	if !loopback {
		inv.errorf("warning: listening on %s, which other machines may reach; "+
			"anyone who can connect can use the sandbox with its credentials", listening)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1" // every address: show the loopback one, which the SDK accepts over http
	}
	endpoint := "http://" + net.JoinHostPort(host, port)
	fmt.Fprintf(inv.out, `FaceID sandbox listening on %s
  endpoint:   %s
  secret id:  %s
  secret key: %s   (fictional, accepted only by this sandbox)
  rule id:    %s

Point any client at it, for example:
  FACEID_ENDPOINT=%s TENCENTCLOUD_SECRET_ID=%s TENCENTCLOUD_SECRET_KEY=%s \
    faceid detect-auth --rule-id %s
Open the returned Url in a browser to choose the outcome. Ctrl-C stops the sandbox.
`, listening, endpoint, *secretID, *secretKey, *ruleID, endpoint, *secretID, *secretKey, *ruleID)

	select {
	case <-ctx.Done():
		_ = hs.Close()
		<-served // http.ErrServerClosed
		return exitOK
	case err := <-served: // Serve returns before Close only when it fails
		inv.errorf("serving: %s", printable(err.Error()))
		return exitFailure
	}
}

// isLoopback reports whether host is localhost or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
