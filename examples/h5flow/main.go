// Command h5flow is a small merchant web app showing the FaceID H5 flow:
// a start page, DetectAuth with a RedirectUrl back to the app, the person
// sent to the verification page, and a return handler that checks the flow
// belongs to the browser that started it (a signed, single-use cookie)
// before pulling the result server-side. The cookie is used up only once a
// final result (passed or failed) has been fetched: a failed fetch can be
// retried by reloading the page, and a person who comes back before
// finishing is told so and can go back to the verification page.
//
// POST /start is defended against cross-site request forgery twice: the
// browser's Sec-Fetch-Site (or, without it, Origin) must name this app, and
// the form must carry a token bound to a cookie of this browser. It does
// not silently abandon a flow in progress in the browser: that takes the
// start form shown for that flow.
//
// With no configuration it runs against an in-process sandbox, so the whole
// flow works offline:
//
//	go run ./examples/h5flow            # then open http://127.0.0.1:8080
//
// With TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and FACEID_RULE_ID set
// it talks to the real service; run it behind HTTPS at the address FaceID
// can redirect to, and set -base-url accordingly.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	baseURL := flag.String("base-url", "", "URL the browser uses to reach this app (default http://<addr>)")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := serve(*addr, *baseURL, logger); err != nil {
		logger.Error("h5flow stopped", "error", err.Error())
		os.Exit(1)
	}
}

func serve(addr, baseURL string, logger *slog.Logger) error {
	client, ruleID, closeBackend, err := backend(logger)
	if err != nil {
		return err
	}
	defer closeBackend()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if baseURL == "" {
		baseURL = "http://" + ln.Addr().String()
	}
	a, err := newApp(client, ruleID, baseURL, time.Now, logger)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.routes(), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	fmt.Printf("h5flow: open %s/ in a browser (Ctrl-C to stop)\n", baseURL)
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// backend returns a client for the real service when it is configured, and
// for an in-process sandbox otherwise.
func backend(logger *slog.Logger) (client *faceid.Client, ruleID string, closeFn func(), err error) {
	ruleID = os.Getenv("FACEID_RULE_ID")
	if os.Getenv(faceid.EnvSecretID) != "" && ruleID != "" {
		client, err = faceid.NewClient(faceid.WithCredentials(faceid.EnvironmentCredentials()))
		logger.Info("using the real FaceID service", "rule_id", ruleID)
		return client, ruleID, func() {}, err
	}
	sandbox := faceidtest.NewServer()
	logger.Info("using an in-process FaceID sandbox", "endpoint", sandbox.URL())
	return sandbox.Client(), "1", sandbox.Close, nil
}
