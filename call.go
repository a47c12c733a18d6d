package faceid

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// Call sends any action, including one Tencent adds after this version:
// in is encoded with encoding/json as the request, and the members of the
// reply's Response object (RequestId included) are decoded into out with
// encoding/json. It takes the same path as the typed methods — signing,
// retries (an unknown action counts as billed), typed errors, the strict
// envelope — and refuses a reply in which a member appears twice. Prefer
// the typed method when there is one: it validates the request, masks
// personal data when printed, and tolerates Tencent's type drift.
func (c *Client) Call(ctx context.Context, action string, in, out any, opts ...CallOption) error {
	if !validActionName(action) {
		return &ValidationError{Action: action, Field: "action", Problem: "must be an action name such as IdCardVerification"}
	}
	if in == nil {
		in = struct{}{}
	}
	members := map[string]any{}
	meta, err := c.callWith(ctx, action, in, replyDecoder{
		member: func(r *jsonscan.Reader, key []byte) error {
			if _, dup := members[string(key)]; dup {
				return duplicate("Response." + string(key))
			}
			v, err := readAny(r)
			members[string(key)] = v
			return err
		},
		reset: func() { clear(members) },
	}, opts...)
	if err != nil {
		return err
	}
	members["RequestId"] = meta.requestID
	if out == nil {
		return nil
	}
	doc, err := json.Marshal(members)
	if err == nil {
		err = json.Unmarshal(doc, out)
	}
	if err != nil {
		return &DecodeError{Action: action, RequestID: meta.requestID, Err: fmt.Errorf("decoding into %T: %w", out, err)}
	}
	return nil
}

// validActionName reports whether s looks like an action name.
func validActionName(s string) bool {
	if s == "" || len(s) > 64 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return true
}

// readAny reads any JSON value as encoding/json would into an any, but
// keeping numbers as json.Number and refusing duplicate members.
func readAny(r *jsonscan.Reader) (any, error) {
	kind, err := r.Peek()
	if err != nil {
		return nil, err
	}
	switch kind {
	case jsonscan.KindObject:
		obj := map[string]any{}
		err := r.Object(func(key []byte) error {
			if _, dup := obj[string(key)]; dup {
				return duplicate(string(key))
			}
			v, err := readAny(r)
			obj[string(key)] = v
			return err
		})
		return obj, err
	case jsonscan.KindArray:
		list := []any{}
		err := r.Array(func(int) error {
			v, err := readAny(r)
			list = append(list, v)
			return err
		})
		return list, err
	case jsonscan.KindString:
		return r.String()
	case jsonscan.KindNumber:
		n, err := r.Number()
		return json.Number(n), err
	case jsonscan.KindBool:
		return r.Bool()
	}
	return nil, r.Skip()
}

// CallAction calls an action named at run time with its parameters as
// JSON, with Tencent's member names (e.g. {"IdCard": "…", "Name": "…"};
// media as base64 strings), as a command line or a configuration file
// would give them. For every action this package types, the parameters are
// decoded into the typed request — a member the action does not define is
// refused — and validated before anything is sent, and the typed response
// is returned (e.g. *IdCardVerificationResponse). Other actions go through
// Call and return the Response members as a map.
func (c *Client) CallAction(ctx context.Context, action string, params []byte, opts ...CallOption) (any, error) {
	if len(bytes.TrimSpace(params)) == 0 {
		params = []byte("{}")
	}
	if req, resp, ok := newOperation(action); ok {
		if err := decodeParams(action, params, req); err != nil {
			return nil, err
		}
		if err := c.invoke(ctx, action, req, resp, opts); err != nil {
			return nil, err
		}
		return resp, nil
	}
	if call, ok := c.handwrittenCall(action); ok {
		return call(ctx, params, opts)
	}
	var in map[string]any
	if err := decodeParams(action, params, &in); err != nil {
		return nil, err
	}
	var out map[string]any
	if err := c.Call(ctx, action, in, &out, opts...); err != nil {
		return nil, err
	}
	return out, nil
}

// decodeParams decodes JSON parameters into a request, refusing members it
// does not define.
func decodeParams(action string, params []byte, req any) error {
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(req); err != nil {
		return &ValidationError{Action: action, Field: "parameters", Problem: paramsProblem(err)}
	}
	if dec.More() {
		return &ValidationError{Action: action, Field: "parameters", Problem: "hold more than one JSON value"}
	}
	return nil
}

// paramsProblem describes a parameter decoding error without echoing the
// values, which may be personal data.
func paramsProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return "member " + typeErr.Field + " must be a JSON " + typeErr.Type.String() + ", not " + typeErr.Value
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("are not valid JSON (at byte %d)", syntaxErr.Offset)
	}
	return safeMessage(err.Error())
}

// handwrittenCall returns CallAction's path for an action whose response
// and method are written by hand (its request is generated).
func (c *Client) handwrittenCall(action string) (func(context.Context, []byte, []CallOption) (any, error), bool) {
	switch action {
	case "DetectAuth":
		return typedCall(action, c.DetectAuth), true
	case "GetDetectInfoEnhanced":
		return typedCall(action, c.GetDetectInfoEnhanced), true
	case "GetDetectInfo":
		return typedCall(action, c.GetDetectInfo), true
	case "GetEidResult":
		return typedCall(action, c.GetEidResult), true
	case "GetFaceIdResult":
		return typedCall(action, c.GetFaceIdResult), true
	}
	return nil, false
}

// typedCall adapts a typed method to CallAction: the parameters are
// decoded into its request type.
func typedCall[Req, Resp any](action string, method func(context.Context, *Req, ...CallOption) (Resp, error)) func(context.Context, []byte, []CallOption) (any, error) {
	return func(ctx context.Context, params []byte, opts []CallOption) (any, error) {
		req := new(Req)
		if err := decodeParams(action, params, req); err != nil {
			return nil, err
		}
		resp, err := method(ctx, req, opts...)
		if err != nil {
			return nil, err
		}
		return resp, nil
	}
}
