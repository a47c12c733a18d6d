package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// invocation is one run of a command: its flags, where it writes and,
// for the API commands, the flags they share and the client's record of
// whether anything was sent.
type invocation struct {
	cmd    command
	flags  *flag.FlagSet
	out    io.Writer // results, and help that was asked for
	errOut io.Writer // errors, warnings and logs
	api    *apiFlags // set by registerAPIFlags
	sent   *sendTracker
}

// newInvocation returns an invocation of cmd with an empty flag set. The
// flag set prints nothing itself: parse reports errors and help.
func newInvocation(cmd command, out, errOut io.Writer) *invocation {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &invocation{cmd: cmd, flags: fs, out: out, errOut: errOut}
}

// parse parses the command's flags and allows at most maxArgs arguments
// after them. When ok is false the command stops with status: exitOK after
// -h (usage on stdout), exitUsage after a bad flag or argument (the
// problem and the usage on stderr).
func (inv *invocation) parse(args []string, maxArgs int) (status int, ok bool) {
	err := inv.flags.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		inv.usage(inv.out)
		return exitOK, false
	case err != nil:
		inv.errorf("%s", printable(err.Error()))
	case inv.flags.NArg() > maxArgs:
		inv.errorf("unexpected argument %q", printable(inv.flags.Arg(maxArgs)))
	default:
		return exitOK, true
	}
	fmt.Fprintln(inv.errOut)
	inv.usage(inv.errOut)
	return exitUsage, false
}

// usage prints the command's usage line, summary and flags to w. Each
// flag shows its default once: the flag package adds "(default …)" for a
// non-zero default, so no usage text repeats it.
func (inv *invocation) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: faceid %s %s\n\n%s\n", inv.cmd.name, inv.cmd.synopsis, inv.cmd.summary)
	hasFlags := false
	inv.flags.VisitAll(func(*flag.Flag) { hasFlags = true })
	if !hasFlags {
		return
	}
	fmt.Fprint(w, "\nflags:\n")
	inv.flags.SetOutput(w)
	inv.flags.PrintDefaults()
	inv.flags.SetOutput(io.Discard)
}

// errorf prints one line about the command's own problem, after a single
// "faceid COMMAND: " prefix.
func (inv *invocation) errorf(format string, args ...any) {
	fmt.Fprintf(inv.errOut, "faceid %s: %s\n", inv.cmd.name, fmt.Sprintf(format, args...))
}

// usageError prints a problem with the command line, says where help is,
// and returns exitUsage.
func (inv *invocation) usageError(format string, args ...any) int {
	inv.errorf(format, args...)
	fmt.Fprintf(inv.errOut, "Run \"faceid help %s\" for usage.\n", inv.cmd.name)
	return exitUsage
}
