package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/faceid-go/faceid"
)

// runDetectAuth starts a verification flow and prints its BizToken and Url.
func runDetectAuth(ctx context.Context, inv *invocation, args []string) int {
	inv.registerAPIFlags()
	fs := inv.flags
	var req faceid.DetectAuthRequest
	var image string
	fs.StringVar(&req.RuleID, "rule-id", "", "business flow id from the FaceID console (required)")
	fs.StringVar(&req.Name, "name", "", "name the person must match")
	fs.StringVar(&req.IDCard, "id-card", "", "18-character ID number the person must match")
	fs.StringVar(&req.RedirectURL, "redirect-url", "", "where the H5 page returns the person, with the BizToken")
	fs.StringVar(&req.Extra, "extra", "", "pass-through text echoed in the result")
	fs.StringVar(&image, "image", "", "JPEG or PNG file to compare the face with")
	tf := inv.registerTrackFlags()
	if status, ok := inv.parse(args, 0); !ok {
		return status
	}
	if req.RuleID == "" {
		return inv.usageError("--rule-id is required")
	}
	if image != "" {
		data, err := os.ReadFile(image)
		if err != nil {
			return inv.usageError("--image: %s", printable(err.Error()))
		}
		req.Image = data
	}
	client, status := inv.client()
	if client == nil {
		return status
	}
	auth, err := tf.detectAuth(ctx, inv, client, &req)
	if err != nil {
		return inv.failure(err)
	}
	return inv.writeJSON(auth)
}

// writeJSON prints v as one indented JSON object.
func (inv *invocation) writeJSON(v any) int {
	enc := json.NewEncoder(inv.out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		inv.errorf("writing the result: %s", printable(err.Error()))
		return exitFailure
	}
	return exitOK
}
