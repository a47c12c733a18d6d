package main

import (
	"context"
	"fmt"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/internal/wirepath"
)

// runResult pulls a flow's result and prints it; with --out it also saves
// the evidence.
func runResult(ctx context.Context, inv *invocation, args []string) int {
	inv.registerAPIFlags()
	fs := inv.flags
	var req faceid.GetDetectInfoEnhancedRequest
	var outDir string
	var reveal, verdictExit bool
	fs.StringVar(&req.BizToken, "biz-token", "", "BizToken returned by detect-auth (required)")
	fs.StringVar(&req.RuleID, "rule-id", "", "RuleId the flow was started with (required)")
	fs.StringVar(&req.InfoType, "info-type", "0", "parts to return: 0 all, 1 text, 2 ID images, 3 frames, 4 video, 5/6 intention; digits combine")
	fs.IntVar(&req.BestFramesCount, "best-frames", 0, "extra best frames to return, 0-10")
	fs.StringVar(&outDir, "out", "", "folder, one per BizToken, to save the unmasked result.json, every media file and manifest.json to")
	fs.BoolVar(&reveal, "reveal", false, "print names, ID numbers and phone numbers unmasked")
	fs.BoolVar(&verdictExit, "verdict-exit", false, fmt.Sprintf("exit %d when the verdict passed, %d when it failed, %d when pending (errors stay %d)",
		exitOK, exitVerdictFailed, exitVerdictPending, exitFailure))
	if status, ok := inv.parse(args, 0); !ok {
		return status
	}
	if req.BizToken == "" || req.RuleID == "" {
		return inv.usageError("--biz-token and --rule-id are required")
	}
	client, status := inv.client()
	if client == nil {
		return status
	}
	var info *faceid.DetectInfo
	sizes := map[string]int64{}
	if outDir != "" {
		// Streamed to the folder: the video is never held in memory. The
		// saved result.json is complete: masking is for what is printed.
		// The folder is checked, and the temporary one made, before the
		// call: a folder that cannot take the save is a local problem.
		arch, err := client.SaveResult(ctx, &req, outDir)
		if err != nil {
			return inv.failure(err)
		}
		info = arch.Info
		for _, f := range arch.Files {
			if f.Path != "" {
				sizes[f.Path] = f.Size
			}
		}
		inv.errorf("saved %s, %s and %d other files to %s",
			faceid.ResultFileName, faceid.ManifestFileName, len(arch.Files), printable(arch.Dir))
	} else {
		var err error
		info, err = client.GetDetectInfoEnhanced(ctx, &req)
		if err != nil {
			// Whatever came with the error is not a result to show.
			return inv.failure(err)
		}
		for _, m := range info.Media() {
			sizes[m.Path] = int64(len(m.Data))
		}
	}
	view, err := resultView(info, sizes, reveal)
	if err != nil {
		return inv.failure(err)
	}
	if status := inv.writeJSON(view); status != exitOK || !verdictExit {
		return status
	}
	return verdictStatus(info.Verdict())
}

// verdictStatus is the exit status --verdict-exit gives a verdict.
func verdictStatus(v faceid.Verdict) int {
	switch {
	case v.Passed:
		return exitOK
	case v.Pending:
		return exitVerdictPending
	default:
		return exitVerdictFailed
	}
}

// resultView is the printed form of a result: wire field names, media
// replaced by their sizes in bytes (sizes, by wire path), personal data
// masked unless reveal, and two additions: "Verdict" and, when decoding met
// oddities, "Problems".
func resultView(info *faceid.DetectInfo, sizes map[string]int64, reveal bool) (map[string]any, error) {
	src := info
	if !reveal {
		src = info.Masked()
	}
	view, err := wirepath.Document(src)
	if err != nil {
		return nil, err
	}
	for path, size := range sizes {
		wirepath.Set(view, path, size)
	}
	if len(info.EncryptedBody) > 0 {
		view["EncryptedBody"] = len(info.EncryptedBody)
	}
	view["Verdict"] = info.Verdict()
	if len(info.Problems) > 0 {
		problems := make([]string, len(info.Problems))
		for i, p := range info.Problems {
			problems[i] = p.String()
		}
		view["Problems"] = problems
	}
	return view, nil
}
