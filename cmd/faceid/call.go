package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/faceid-go/faceid"
)

// runCall calls any action with its parameters as JSON, Tencent's member
// names, and prints the reply as one JSON object.
func runCall(ctx context.Context, inv *invocation, args []string) int {
	inv.registerAPIFlags()
	fs := inv.flags
	var params string
	var reveal bool
	fs.StringVar(&params, "json", "{}", `the action's parameters as a JSON object with Tencent's member names, or @FILE to read them from a file`)
	fs.BoolVar(&reveal, "reveal", false, "print names, ID numbers and phone numbers unmasked")
	// The action comes first: flags follow it.
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if status, ok := inv.parse(args, 0); !ok {
			return status
		}
		return inv.usageError("the action is required, e.g. faceid call IdCardVerification --json '{...}'")
	}
	action := args[0]
	if status, ok := inv.parse(args[1:], 0); !ok {
		return status
	}
	body := []byte(params)
	if file, ok := strings.CutPrefix(params, "@"); ok {
		data, err := os.ReadFile(file)
		if err != nil {
			return inv.usageError("--json: %s", printable(err.Error()))
		}
		body = data
	}
	if !json.Valid(body) {
		return inv.usageError("--json is not valid JSON")
	}
	if _, known := faceid.LookupAction(action); !known {
		fmt.Fprintf(inv.errOut, "faceid call: warning: %s is not an action of FaceID API %s; sending it as it is\n",
			printable(action), faceid.APIVersion)
	}
	client, status := inv.client()
	if client == nil {
		return status
	}
	resp, err := client.CallAction(ctx, action, body)
	if err != nil {
		return inv.failure(err)
	}
	return inv.writeJSON(callView(resp, reveal))
}

// callView is the printed form of a reply: wire member names, media as
// sizes, personal data masked unless reveal.
func callView(resp any, reveal bool) any {
	if view, ok := faceid.View(resp, reveal); ok {
		return view
	}
	switch r := resp.(type) {
	case *faceid.DetectInfo:
		sizes := map[string]int64{}
		for _, m := range r.Media() {
			sizes[m.Path] = int64(len(m.Data))
		}
		if view, err := resultView(r, sizes, reveal); err == nil {
			return view
		}
	case *faceid.DetectAuthResponse, map[string]any:
		return r
	}
	// A result without a display view of its own: its masked summary.
	view := map[string]any{"Summary": fmt.Sprint(resp)}
	if v, ok := resp.(interface{ Verdict() faceid.Verdict }); ok {
		view["Verdict"] = v.Verdict()
	}
	return view
}

// runActions lists every action with its area, billing and QPS.
func runActions(_ context.Context, inv *invocation, args []string) int {
	var asJSON bool
	inv.flags.BoolVar(&asJSON, "json", false, "print one JSON object per line")
	if status, ok := inv.parse(args, 0); !ok {
		return status
	}
	if asJSON {
		enc := json.NewEncoder(inv.out)
		enc.SetEscapeHTML(false)
		for _, a := range faceid.Actions() {
			line := map[string]any{"Action": a.Name, "Area": a.Area, "Summary": a.Summary, "Billed": a.Billed, "QPS": a.QPS}
			if a.Token != nil {
				line["Token"] = map[string]any{"Member": a.Token.Member, "LifetimeSeconds": a.Token.Lifetime.Seconds(), "SingleUse": a.Token.SingleUse}
			}
			if err := enc.Encode(line); err != nil {
				inv.errorf("writing: %s", printable(err.Error()))
				return exitFailure
			}
		}
		return exitOK
	}
	w := tabwriter.NewWriter(inv.out, 0, 4, 2, ' ', 0)
	for _, area := range faceid.Areas() {
		fmt.Fprintf(w, "%s\n", area.Title())
		for _, a := range faceid.ActionsIn(area) {
			billed := "free"
			if a.Billed {
				billed = "billed"
			}
			qps := "-"
			if a.QPS > 0 {
				qps = fmt.Sprint(a.QPS, " QPS")
			}
			fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", a.Name, billed, qps, a.Summary)
		}
	}
	if err := w.Flush(); err != nil {
		return exitFailure
	}
	return exitOK
}
