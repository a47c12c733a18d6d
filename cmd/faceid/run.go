package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // the call failed: the API, the network, or handling its reply
	exitUsage   = 2 // bad flags, or a local problem found before anything was sent
	// With result --verdict-exit, a result that was received and printed
	// exits with exitOK when its verdict passed and with these otherwise.
	exitVerdictFailed  = 3
	exitVerdictPending = 4
)

// A command is one subcommand of faceid. Adding a command is adding a line
// to commands: help, usage and dispatch follow from it.
type command struct {
	name     string // as typed, e.g. "detect-auth"
	synopsis string // what follows the name on the usage line
	summary  string // one line for "faceid help"
	run      func(ctx context.Context, inv *invocation, args []string) int
}

// commands lists the subcommands in the order "faceid help" shows them.
func commands() []command {
	return []command{
		{"detect-auth", "--rule-id R [--name N --id-card X] [--redirect-url U] [--extra E] [--image FILE] [--track --db URL]",
			"start a verification flow (DetectAuth); prints BizToken, Url and RequestId", runDetectAuth},
		{"result", "--biz-token T --rule-id R [--info-type DIGITS] [--best-frames N] [--out DIR] [--reveal] [--verdict-exit]",
			"pull a flow's result (GetDetectInfoEnhanced); prints it as JSON with its Verdict", runResult},
		{"call", "ACTION [--json '{...}' | --json @FILE] [--reveal]",
			"call any action with its parameters as JSON (Tencent's member names); prints the reply", runCall},
		{"track", "--biz-token T [--rule-id R] [--flow FLOW] [--reference REF] --db URL",
			"track a token created elsewhere, so that its result is fetched and archived", runTrack},
		{"returned", "--biz-token T --db URL",
			"the person came back: fetch and archive the token's result now", runReturned},
		{"worker", "--db URL --store URL [--qps N] [--workers N] [--verify-window D] [--until-idle]",
			"fetch and archive the tracked results until signalled (or idle)", runWorker},
		{"status", "--db URL [--json]",
			"count the tracked tokens: pending, archived (passed, failed, abandoned), lost, at risk", runStatus},
		{"reconcile", "--date YYYY-MM-DD --rule-id R --db URL --store URL",
			"compare a day's bill (GetWeChatBillDetails) with the archives", runReconcile},
		{"actions", "[--json]", "list every action with its area, billing and QPS", runActions},
		{"sandbox", "[--addr HOST:PORT] [--public] [--strict] [--secret-id ID --secret-key KEY] [--rule-id R] [--pubkeys DIR]",
			"serve an offline FaceID sandbox that accepts fictional credentials", runSandbox},
		{"version", "", "print the versions of faceid, the FaceID API and Go", runVersion},
		{"help", "[COMMAND]", "list the commands, or show the flags of one", runHelp},
	}
}

// lookup finds a command by name.
func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run executes the command line args (without the program name) and
// returns the exit status. Results and requested help go to out; errors,
// warnings and logs to errOut.
func run(ctx context.Context, args []string, out, errOut io.Writer) int {
	if len(args) == 0 {
		writeSummary(errOut)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	cmd, ok := lookup(name)
	if !ok {
		fmt.Fprintf(errOut, "faceid: unknown command %q\n\n", printable(args[0]))
		writeSummary(errOut)
		return exitUsage
	}
	return cmd.run(ctx, newInvocation(cmd, out, errOut), args[1:])
}

// writeSummary prints the list of commands.
func writeSummary(w io.Writer) {
	fmt.Fprint(w, "usage: faceid COMMAND [flags]\n\ncommands:\n")
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	_ = tw.Flush()
	fmt.Fprint(w, `
Run "faceid help COMMAND" or "faceid COMMAND -h" for the flags of a command.

The API commands read credentials from TENCENTCLOUD_SECRET_ID and
TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_SESSION_TOKEN), or else from the
profile file ~/.tencentcloud/credentials ($TENCENTCLOUD_CREDENTIALS_FILE).

Exit status: 0 success; 1 the call failed (API or network); 2 usage error or
local problem, found before anything was sent.
`)
}
