package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/faceid-go/faceid"
)

// runHelp lists the commands, or prints one command's usage as its -h
// flag does.
func runHelp(ctx context.Context, inv *invocation, args []string) int {
	if status, ok := inv.parse(args, 1); !ok {
		return status
	}
	if inv.flags.NArg() == 0 {
		writeSummary(inv.out)
		return exitOK
	}
	name := inv.flags.Arg(0)
	cmd, ok := lookup(name)
	if !ok {
		return inv.usageError("unknown command %q", printable(name))
	}
	return cmd.run(ctx, newInvocation(cmd, inv.out, inv.errOut), []string{"-h"})
}

// runVersion prints the SDK version, the FaceID API version it speaks and
// the Go release and platform it was built with.
func runVersion(_ context.Context, inv *invocation, args []string) int {
	if status, ok := inv.parse(args, 0); !ok {
		return status
	}
	fmt.Fprintf(inv.out, "faceid %s (FaceID API %s, %s %s/%s)\n",
		faceid.Version, faceid.APIVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}
