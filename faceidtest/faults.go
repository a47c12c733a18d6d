package faceidtest

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// FaultKind is a kind of failure a Server can inject; see InjectFault.
type FaultKind int

// The fault kinds.
const (
	// FaultRateLimited answers with the API error RequestLimitExceeded.
	FaultRateLimited FaultKind = iota + 1
	// FaultInternalError answers with the API error InternalError.
	FaultInternalError
	// FaultBadGateway answers HTTP 502 with a gateway's HTML page.
	FaultBadGateway
	// FaultServiceUnavailable answers HTTP 503 with a gateway's HTML page.
	FaultServiceUnavailable
	// FaultTruncatedJSON processes the request normally (a DetectAuth still
	// creates its token), then sends the headers with the full
	// Content-Length and only the first half of the JSON body, and closes
	// the connection.
	FaultTruncatedJSON
	// FaultConnectionReset reads the request and resets the TCP
	// connection (RST) without replying.
	FaultConnectionReset
	// FaultDelay waits Fault.Delay, then answers normally. The wait ends
	// early when the client gives up or the server closes.
	FaultDelay
	// FaultAPIError answers with the API error Fault.Code (HTTP 200, the
	// code's documented note as the message): any documented error of an
	// action, including those of the actions that take no input to carry
	// a magic one (GetLiveCode, GetNFCToken).
	FaultAPIError
)

// String returns the fault's name, such as "rate-limited".
func (k FaultKind) String() string {
	switch k {
	case FaultRateLimited:
		return "rate-limited"
	case FaultInternalError:
		return "internal-error"
	case FaultBadGateway:
		return "bad-gateway"
	case FaultServiceUnavailable:
		return "service-unavailable"
	case FaultTruncatedJSON:
		return "truncated-json"
	case FaultConnectionReset:
		return "connection-reset"
	case FaultDelay:
		return "delay"
	case FaultAPIError:
		return "api-error"
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Fault describes failures to inject into the next matching API calls.
type Fault struct {
	// Action limits the fault to one X-TC-Action, e.g. "DetectAuth";
	// empty matches every action.
	Action string
	// Kind is what goes wrong.
	Kind FaultKind
	// Count is how many matching calls fail; zero or less means one.
	Count int
	// Delay is waited before the fault acts, whatever its kind; for
	// FaultDelay it is the whole effect. Server-side waiting honours the
	// request's context.
	Delay time.Duration
	// Code is the API error code of FaultAPIError, such as
	// "UnauthorizedOperation.Arrears".
	Code string
}

// pendingFault is a fault with the number of calls it still applies to.
type pendingFault struct {
	Fault
	left int
}

// InjectFault makes the next f.Count API calls that match f.Action fail as
// f.Kind says. Faults apply before signature checks, like a gateway's, and
// queue in order: a call takes the oldest matching fault. It panics if
// f.Kind is not a FaultKind, f.Delay is negative, or a FaultAPIError has
// no Code.
func (s *Server) InjectFault(f Fault) {
	if f.Kind < FaultRateLimited || f.Kind > FaultAPIError {
		panic("faceidtest: InjectFault: unknown " + f.Kind.String())
	}
	if f.Kind == FaultAPIError && f.Code == "" {
		panic("faceidtest: InjectFault: FaultAPIError without a Code")
	}
	if f.Delay < 0 {
		panic("faceidtest: InjectFault: negative Delay")
	}
	f.Count = max(f.Count, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &pendingFault{Fault: f, left: f.Count})
}

// PendingFaults returns how many injected fault occurrences have not been
// used yet.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.left
	}
	return n
}

// takeFault consumes one occurrence of the oldest fault matching action.
func (s *Server) takeFault(action string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Action != "" && f.Action != action {
			continue
		}
		f.left--
		if f.left == 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f.Fault, true
	}
	return Fault{}, false
}

// applyFault acts out f. It returns the reply to record and, when the
// fault does not end in a plain JSON reply, the function that sends it.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f Fault, answer func() reply, lang, requestID string) (reply, func()) {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			// The client left or the server is closing.
			return reply{}, func() { dropConnection(w, false) }
		}
	}
	switch f.Kind {
	case FaultRateLimited:
		return errorReply(errRequestLimitExceeded(), lang, requestID), nil
	case FaultInternalError:
		return errorReply(errInternal(), lang, requestID), nil
	case FaultBadGateway, FaultServiceUnavailable:
		status := http.StatusBadGateway
		if f.Kind == FaultServiceUnavailable {
			status = http.StatusServiceUnavailable
		}
		return reply{status: status}, func() { writeGatewayPage(w, status) }
	case FaultTruncatedJSON:
		rep := answer()
		return rep, func() { s.writeTruncated(w, rep) }
	case FaultConnectionReset:
		return reply{}, func() { dropConnection(w, true) }
	case FaultAPIError:
		return errorReply(s.apiErrorFor(f.Code, "注入的故障", "an injected fault"), lang, requestID), nil
	}
	return answer(), nil // FaultDelay
}

// writeGatewayPage sends the kind of HTML page a load balancer returns.
func writeGatewayPage(w http.ResponseWriter, status int) {
	text := strconv.Itoa(status) + " " + http.StatusText(status)
	page := "<html>\r\n<head><title>" + text + "</title></head>\r\n<body>\r\n<center><h1>" + text +
		"</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n"
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(page))
}

// writeTruncated sends rep's headers, announcing the full length, and the
// first half of its body, then closes the connection.
func (s *Server) writeTruncated(w http.ResponseWriter, rep reply) {
	half := rep.body[:len(rep.body)/2]
	hj, ok := w.(http.Hijacker)
	if !ok {
		// net/http closes the connection after a short body.
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(rep.body)))
		h.Set("X-TC-RequestId", rep.requestID)
		w.WriteHeader(rep.status)
		_, _ = w.Write(half)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", rep.status, http.StatusText(rep.status))
	fmt.Fprintf(buf, "Date: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nX-TC-RequestId: %s\r\nConnection: close\r\n\r\n",
		s.httpDate(), len(rep.body), rep.requestID)
	_, _ = buf.Write(half)
	_ = buf.Flush()
}

// dropConnection closes the request's connection without a reply; with
// reset, the TCP connection ends with an RST instead of a FIN.
func dropConnection(w http.ResponseWriter, reset bool) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // net/http drops the connection
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
