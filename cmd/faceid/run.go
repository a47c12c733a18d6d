package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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

// failure prints an error and maps it to an exit status. The SDK's error
// strings show server text redacted, stripped of control characters and
// bounded; printable applies the last two to any other error as well.
func failure(errOut io.Writer, err error) int {
	fmt.Fprintln(errOut, printable(err.Error()))
	if hint := hintFor(err); hint != "" {
		fmt.Fprintln(errOut, "  "+hint)
	}
	var vErr *faceid.ValidationError
	if errors.As(err, &vErr) {
		return exitUsage
	}
	return exitFailure
}

// hintFor says what to do about an error, or "".
func hintFor(err error) string {
	switch {
	case errors.Is(err, faceid.ErrAuthFailure):
		return "check TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_SESSION_TOKEN) and the system clock"
	case errors.Is(err, faceid.ErrAccount):
		return "the account is not activated or not authorised for FaceID: see the FaceID console"
	case errors.Is(err, faceid.ErrRuleIDNotFound):
		return "check --rule-id against the business flows of the FaceID console"
	case errors.Is(err, faceid.ErrBizTokenExpired):
		return "the BizToken is too old (results are kept 3 days): start a new flow with detect-auth"
	case errors.Is(err, faceid.ErrBizTokenInvalid):
		return "FaceID does not know this BizToken for this account and RuleId: it is mistyped, forged or from another account"
	case faceid.IsRetryable(err):
		return "the failure is temporary: try again later"
	}
	return ""
}

// maxErrorRunes bounds an error line on the terminal.
const maxErrorRunes = 2000

// printable drops control and format characters (terminal escapes, bidi
// overrides), turns line breaks into spaces and bounds the length of s.
func printable(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		switch {
		case n == maxErrorRunes:
			b.WriteString("…")
			return b.String()
		case r == '\n' || r == '\r' || r == '\t' || r == 0x85 || r == 0x2028 || r == 0x2029:
			r = ' '
		case r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
