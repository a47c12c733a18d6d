package main

import (
	"context"
	"encoding/json"
	"io"
	"os"

	"github.com/faceid-go/faceid"
)

func runDetectAuth(ctx context.Context, args []string, out, errOut io.Writer, getenv env) int {
	fs := newFlagSet("detect-auth", "--rule-id R [--name N] [--id-card X] [--redirect-url U] [--extra E] [--image FILE]", errOut)
	var common commonFlags
	common.register(fs, getenv)
	var req faceid.DetectAuthRequest
	var image string
	fs.StringVar(&req.RuleID, "rule-id", "", "business flow id from the FaceID console (required)")
	fs.StringVar(&req.Name, "name", "", "name the person must match")
	fs.StringVar(&req.IDCard, "id-card", "", "18-character ID number the person must match")
	fs.StringVar(&req.RedirectURL, "redirect-url", "", "where the H5 page returns the person, with the BizToken")
	fs.StringVar(&req.Extra, "extra", "", "pass-through text echoed in the result")
	fs.StringVar(&image, "image", "", "JPEG or PNG file to compare the face with")
	if status, ok := parse(fs, args, errOut); !ok {
		return status
	}
	if req.RuleID == "" {
		return usageError(fs, errOut, "--rule-id is required")
	}
	if image != "" {
		data, err := os.ReadFile(image)
		if err != nil {
			return usageError(fs, errOut, "--image: %v", err)
		}
		req.Image = data
	}
	client, err := common.client(errOut)
	if err != nil {
		return usageError(fs, errOut, "%v", err)
	}
	auth, err := client.DetectAuth(ctx, &req)
	if err != nil {
		return failure(errOut, err)
	}
	return writeJSON(out, errOut, auth)
}

// writeJSON prints v as one indented JSON object.
func writeJSON(out, errOut io.Writer, v any) int {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return failure(errOut, err)
	}
	return exitOK
}
