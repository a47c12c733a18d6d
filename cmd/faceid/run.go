package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/faceid-go/faceid"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFailure  = 1 // the API or the network failed
	exitUsage    = 2 // bad flags or input refused before any call
	endpointEnv  = "FACEID_ENDPOINT"
	usageSummary = `usage: faceid <command> [flags]

commands:
  detect-auth   start a verification flow (DetectAuth); prints BizToken, Url, RequestId
  result        pull a flow's result (GetDetectInfoEnhanced); prints it as JSON
  sandbox       serve an offline FaceID sandbox on a loopback address
  help          show this help

Run "faceid <command> -h" for the flags of a command.
`
)

// env looks up an environment variable.
type env func(string) string

// command is one subcommand.
type command struct {
	name string
	run  func(ctx context.Context, args []string, out, errOut io.Writer, getenv env) int
}

func commands() []command {
	return []command{
		{"detect-auth", runDetectAuth},
		{"result", runResult},
		{"sandbox", runSandbox},
	}
}

// run executes the command line and returns the exit status.
func run(ctx context.Context, args []string, out, errOut io.Writer, getenv env) int {
	if len(args) == 0 {
		fmt.Fprint(errOut, usageSummary)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(out, usageSummary)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], out, errOut, getenv)
		}
	}
	fmt.Fprintf(errOut, "faceid: unknown command %q\n\n%s", args[0], usageSummary)
	return exitUsage
}

// commonFlags are accepted by every command.
type commonFlags struct {
	endpoint string
	region   string
	timeout  time.Duration
	verbose  bool
}

func (c *commonFlags) register(fs *flag.FlagSet, getenv env) {
	fs.StringVar(&c.endpoint, "endpoint", getenv(endpointEnv), "API endpoint URL (default https://faceid.tencentcloudapi.com; also $"+endpointEnv+")")
	fs.StringVar(&c.region, "region", "", "region sent as X-TC-Region, e.g. ap-guangzhou (default $TENCENTCLOUD_REGION)")
	fs.DurationVar(&c.timeout, "timeout", faceid.DefaultTimeout, "time limit per attempt, e.g. 5s")
	fs.BoolVar(&c.verbose, "verbose", false, "write a debug log to stderr (no bodies or secrets)")
}

// client builds the SDK client from the common flags.
func (c *commonFlags) client(errOut io.Writer) (*faceid.Client, error) {
	opts := []faceid.Option{faceid.WithTimeout(c.timeout)}
	if c.endpoint != "" {
		opts = append(opts, faceid.WithEndpoint(c.endpoint))
	}
	if c.region != "" {
		opts = append(opts, faceid.WithRegion(c.region))
	}
	if c.verbose {
		opts = append(opts, faceid.WithLogger(slog.New(slog.NewTextHandler(errOut, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	return faceid.NewClient(opts...)
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name, usage string, errOut io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.Usage = func() {
		fmt.Fprintf(errOut, "usage: faceid %s %s\n\nflags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags and reports stray arguments; ok is false on error.
func parse(fs *flag.FlagSet, args []string, errOut io.Writer) (status int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(errOut, "faceid %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage, false
	}
	return exitOK, true
}

// usageError prints a usage problem and returns exitUsage.
func usageError(fs *flag.FlagSet, errOut io.Writer, format string, args ...any) int {
	fmt.Fprintf(errOut, "faceid %s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	return exitUsage
}

// failure prints an error and maps it to an exit status.
func failure(errOut io.Writer, err error) int {
	var vErr *faceid.ValidationError
	if errors.As(err, &vErr) {
		fmt.Fprintln(errOut, err)
		return exitUsage
	}
	var apiErr *faceid.APIError
	if errors.As(err, &apiErr) {
		fmt.Fprintf(errOut, "faceid: %s failed\n  code: %s\n  message: %s\n  RequestId: %s\n",
			apiErr.Action, apiErr.Code, apiErr.Message, apiErr.RequestID)
		return exitFailure
	}
	fmt.Fprintln(errOut, err)
	return exitFailure
}
