package lifecycle

import (
	"fmt"
	"time"

	"github.com/faceid-go/faceid"
)

// Flow is the kind of verification flow a token belongs to; it decides the
// action that fetches the result and the token's verification window.
type Flow string

// The flows.
const (
	// FlowSaaS is the SaaS flow (H5, mini-program) of DetectAuth; results
	// come from GetDetectInfoEnhanced.
	FlowSaaS Flow = "saas"
	// FlowApp is the App SDK flow of GetFaceIdToken; results come from
	// GetFaceIdResult.
	FlowApp Flow = "app"
	// FlowEid is the eID flow of GetEidToken; results come from
	// GetEidResult.
	FlowEid Flow = "eid"
)

// ParseFlow returns the flow named s ("saas", "app" or "eid").
func ParseFlow(s string) (Flow, error) {
	switch f := Flow(s); f {
	case FlowSaaS, FlowApp, FlowEid:
		return f, nil
	}
	return "", fmt.Errorf("lifecycle: flow %q is not one of saas, app, eid", s)
}

// issuer is the action that issues the flow's tokens.
func (f Flow) issuer() string {
	switch f {
	case FlowApp:
		return "GetFaceIdToken"
	case FlowEid:
		return "GetEidToken"
	}
	return "DetectAuth"
}

// VerifyWindow is how long a person can use the flow's token to verify:
// 7,200 s for the SaaS flow, 600 s for the App SDK and eID, as the action
// registry gives them.
func (f Flow) VerifyWindow() time.Duration {
	if info, ok := faceid.LookupAction(f.issuer()); ok && info.Token != nil && info.Token.Lifetime > 0 {
		return info.Token.Lifetime
	}
	return faceid.BizTokenLifetime
}

// String returns the flow's name.
func (f Flow) String() string { return string(f) }
