package faceidtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/faceid-go/faceid"
)

// maxRequestBytes is the TC3 POST body limit.
const maxRequestBytes = 10 << 20

// Call records one API request the server answered, for tests to inspect
// with Calls.
type Call struct {
	// Action is the X-TC-Action header as sent.
	Action string
	// RequestID is the RequestId of the reply; empty when a fault sent no
	// JSON reply (an HTML page, a reset connection).
	RequestID string
	// ErrorCode is Response.Error.Code, or empty for a success reply.
	ErrorCode string
	// Status is the HTTP status sent; 0 when the connection was reset or
	// the client left before the reply.
	Status int
	// Fault is the fault injected into this call, or 0.
	Fault FaultKind
	// Time is the server's (virtual) time when the call arrived.
	Time time.Time
}

// Calls returns every API call answered so far, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	copy(out, s.calls)
	return out
}

// reply is a complete JSON API reply.
type reply struct {
	status    int
	body      []byte
	requestID string
	errCode   string
}

// serveAPI answers POST /: faults first, then the signature, the version
// and the action. The call is recorded before the reply is sent, so that a
// client that has its answer always finds the call in Calls.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	requestID := newUUID()
	lang := language(r)
	call := Call{Action: r.Header.Get("X-TC-Action"), Time: s.clock.Now()}

	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes+1))
	if err != nil {
		s.record(r.Context(), call) // the client went away
		return
	}
	var (
		rep   reply
		write func() // sends rep in a way of its own; nil means writeReply
	)
	switch {
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		rep = errorReply(errMethod(), lang, requestID)
	case len(body) > maxRequestBytes:
		rep = errorReply(errRequestTooLarge(), lang, requestID)
	default:
		answer := func() reply { return s.answer(r, call.Action, body, requestID, lang) }
		if f, ok := s.takeFault(call.Action); ok {
			call.Fault = f.Kind
			rep, write = s.applyFault(w, r, f, answer, lang, requestID)
		} else {
			rep = answer()
		}
	}
	call.RequestID, call.ErrorCode, call.Status = rep.requestID, rep.errCode, rep.status
	s.record(r.Context(), call)
	if write != nil {
		write()
		return
	}
	writeReply(w, rep)
}

// record keeps a call for Calls and logs it.
func (s *Server) record(ctx context.Context, c Call) {
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.mu.Unlock()
	attrs := []slog.Attr{slog.String("action", c.Action), slog.Int("status", c.Status)}
	if c.ErrorCode != "" {
		attrs = append(attrs, slog.String("error_code", c.ErrorCode))
	}
	if c.RequestID != "" {
		attrs = append(attrs, slog.String("request_id", c.RequestID))
	}
	if c.Fault != 0 {
		attrs = append(attrs, slog.String("fault", c.Fault.String()))
	}
	s.log(ctx, "faceidtest call", attrs...)
}

// answer processes an API request as the real service would.
func (s *Server) answer(r *http.Request, action string, body []byte, requestID, lang string) reply {
	fail := func(e *apiError) reply { return errorReply(e, lang, requestID) }
	if action == "" {
		return fail(errMissingParameter("X-TC-Action"))
	}
	version := r.Header.Get("X-TC-Version")
	if version == "" {
		return fail(errMissingParameter("X-TC-Version"))
	}
	ts, e := parseTimestamp(r)
	if e != nil {
		return fail(e)
	}
	if e := s.authenticate(r, body, ts); e != nil {
		return fail(e)
	}
	if version != faceid.APIVersion {
		return fail(errNoSuchVersion(version))
	}
	a, known := s.model.actions[action]
	handle := s.route(action)
	if !known || handle == nil {
		return fail(errInvalidAction(action))
	}
	req, e := s.parseRequest(a, body)
	if e != nil {
		return fail(e)
	}
	if req.sealing != nil {
		defer req.sealing.env.Close() // the key lives as long as the call
		body = req.plain
	}
	if e := s.documentedError(req); e != nil {
		return fail(e)
	}
	payload, e := handle(&apiCall{http: r, req: req, body: body, now: s.clock.Now()})
	if e != nil {
		return fail(e)
	}
	if req.sealing != nil && (len(a.encryptedReply) > 0 || req.sealing.whole) {
		return s.sealedReply(payload, a, req.sealing, requestID, lang)
	}
	return successReply(payload, requestID)
}

// language picks the message language from X-TC-Language.
func language(r *http.Request) string {
	if r.Header.Get("X-TC-Language") == langEN {
		return langEN
	}
	return langZH
}

// successReply wraps an action's output object in the Response envelope
// with its RequestId.
func successReply(payload any, requestID string) reply {
	out, err := json.Marshal(payload)
	if err != nil || len(out) < 2 || out[0] != '{' {
		return errorReply(errInternal(), langZH, requestID)
	}
	var b bytes.Buffer
	b.Grow(len(out) + 80)
	b.WriteString(`{"Response":`)
	b.Write(out[:len(out)-1])
	if len(out) > 2 {
		b.WriteByte(',')
	}
	b.WriteString(`"RequestId":"` + requestID + `"}}`)
	return reply{status: http.StatusOK, body: b.Bytes(), requestID: requestID}
}

// errorReply builds {"Response":{"Error":{"Code","Message"},"RequestId"}}.
func errorReply(e *apiError, lang, requestID string) reply {
	type apiErrorBody struct {
		Code    string
		Message string
	}
	var env struct {
		Response struct {
			Error     apiErrorBody
			RequestID string `json:"RequestId"`
		}
	}
	env.Response.Error = apiErrorBody{Code: e.code, Message: e.message(lang)}
	env.Response.RequestID = requestID
	body, _ := json.Marshal(env) // strings only: cannot fail
	status := e.status
	if status == 0 {
		status = http.StatusOK
	}
	return reply{status: status, body: body, requestID: requestID, errCode: e.code}
}

// writeReply sends a JSON reply.
func writeReply(w http.ResponseWriter, rep reply) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(rep.body)))
	h.Set("X-TC-RequestId", rep.requestID)
	w.WriteHeader(rep.status)
	_, _ = w.Write(rep.body)
}

// decodeBody decodes a JSON request body into v, reporting problems as
// InvalidParameter errors that name the field.
func decodeBody(body []byte, v any) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field == "" {
			return errInvalidParameter("请求体必须是 JSON 对象。", "the body must be a JSON object.")
		}
		return errInvalidParameter("参数 `"+typeErr.Field+"` 的类型错误，应为 "+typeErr.Type.String()+"。",
			"parameter `"+typeErr.Field+"` has the wrong type; want "+typeErr.Type.String()+".")
	}
	return errInvalidParameter("请求体不是合法的 JSON。", "the body is not valid JSON.")
}
