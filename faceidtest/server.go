package faceidtest

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/faceid-go/faceid"
)

// Server is a fake FaceID service: it speaks the API 3.0 wire protocol for
// every action, checks TC3 signatures and requests as the real API does,
// keeps the tokens of the SaaS, App SDK, eID, risk and NFC flows on a
// virtual clock and serves a hosted verification page in place of
// Tencent's H5 flow. All its methods are safe for concurrent use.
type Server struct {
	cred    faceid.Credentials
	rules   map[string]Rule    // never written after construction
	model   *wireModel         // never written after construction
	keys    map[string]KeyPair // by Encryption.Algorithm; never written after construction
	clock   *Clock
	logger  *slog.Logger
	media   *mediaSet
	pages   *template.Template
	handler http.Handler

	baseCtx context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup // handlers in flight

	mu         sync.Mutex
	closed     bool
	url        string
	srv        *http.Server
	serveDone  chan struct{}
	transports []*http.Transport
	tokens     map[string]*token
	order      []*token
	faults     []*pendingFault
	calls      []Call
	temporary  map[string]temporaryCredentials // by SecretId

	signer           faceid.Signer // computes the signature a request must carry
	strictSignatures bool          // accept no signature variant (WithStrictSignatures)
}

// NewServer starts and returns a new Server listening on a random port of
// 127.0.0.1. The caller should call Close when finished. An invalid option
// makes it panic with the option's error, as httptest.NewServer panics when
// it cannot start.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.Start()
	return s
}

// NewUnstartedServer returns a new Server that is not listening yet: call
// Start or StartOn, or mount Handler in a server of your own. An invalid
// option makes it panic with the option's error.
func NewUnstartedServer(opts ...Option) *Server {
	c := config{
		secretID:  DefaultSecretID,
		secretKey: DefaultSecretKey,
		rules:     map[string]Rule{DefaultRuleID: {ID: DefaultRuleID}},
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&c); err != nil {
			panic(fmt.Errorf("faceidtest: %w", err))
		}
	}
	if c.clock == nil {
		c.clock = NewWallClock()
	}
	media, err := newMediaSet(c.frameBytes, c.videoSize)
	if err != nil {
		panic(err)
	}
	s := &Server{
		cred:      faceid.Credentials{SecretID: c.secretID, SecretKey: c.secretKey},
		rules:     c.rules,
		model:     newWireModel(),
		keys:      keyPairs(c.keyPairs),
		clock:     c.clock,
		logger:    c.logger,
		media:     media,
		pages:     parsePages(),
		tokens:    map[string]*token{},
		temporary: map[string]temporaryCredentials{},

		strictSignatures: c.strictSignatures,
	}
	s.baseCtx, s.cancel = context.WithCancel(context.Background())
	s.handler = s.newHandler()
	return s
}

// Start starts the server on a random port of 127.0.0.1. It panics if the
// server was already started or closed, or cannot listen.
func (s *Server) Start() {
	if err := s.StartOn("127.0.0.1:0"); err != nil {
		panic(err)
	}
}

// StartOn starts the server on addr, which must name a loopback address
// ("127.0.0.1:8080", "[::1]:0", "localhost:9000"): the sandbox accepts
// fictional credentials and must not be reachable from other machines.
func (s *Server) StartOn(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("faceidtest: StartOn: %w", err)
	}
	if ip := net.ParseIP(host); !strings.EqualFold(host, "localhost") && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("faceidtest: StartOn: %q is not a loopback address; the sandbox listens on loopback only", addr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return errors.New("faceidtest: StartOn: server is closed")
	case s.srv != nil:
		return errors.New("faceidtest: StartOn: server already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("faceidtest: StartOn: %w", err)
	}
	s.url = "http://" + ln.Addr().String()
	s.srv = &http.Server{
		Handler:           s.handler,
		BaseContext:       func(net.Listener) context.Context { return s.baseCtx },
		ReadHeaderTimeout: 10 * time.Second,
	}
	s.serveDone = make(chan struct{})
	go func(srv *http.Server, done chan<- struct{}) {
		defer close(done)
		_ = srv.Serve(ln) // returns http.ErrServerClosed after Close
	}(s.srv, s.serveDone)
	return nil
}

// URL returns the base URL of a started server, such as
// "http://127.0.0.1:41234", or "" before Start.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// Close shuts the server down: it stops listening, cancels requests in
// flight (a FaultDelay wait ends at once), closes every connection, waits
// for all handlers to return and closes the idle connections of the
// clients made by Client. It may be called more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	srv, done, transports := s.srv, s.serveDone, s.transports
	s.transports = nil
	s.mu.Unlock()

	s.cancel()
	if srv != nil {
		_ = srv.Close()
		<-done
	}
	s.wg.Wait()
	for _, t := range transports {
		t.CloseIdleConnections()
	}
}

// Handler returns the server's HTTP handler, to mount at the root of
// another server (a standalone sandbox, for instance). It serves the API at
// "/" and the hosted page at "/h5/{token}". When the Server itself was not
// started, DetectAuth and GetEidToken build their Url from the request's
// Host header.
func (s *Server) Handler() http.Handler { return s.handler }

// Credentials returns the key pair the server accepts.
func (s *Server) Credentials() faceid.Credentials { return s.cred }

// Clock returns the server's clock, for the test to move.
func (s *Server) Clock() *Clock { return s.clock }

// Client returns a faceid client pointed at the started server, with its
// credentials, its clock (faceid.WithClock) and an http.Client of its own
// (no proxy, connections closed by Close). opts are applied after those
// defaults and may override them. It panics if the server is not started
// or an option is invalid.
func (s *Server) Client(opts ...faceid.Option) *faceid.Client {
	url := s.URL()
	if url == "" {
		panic("faceidtest: Client called before Start")
	}
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     30 * time.Second,
	}
	s.mu.Lock()
	s.transports = append(s.transports, tr)
	s.mu.Unlock()
	base := []faceid.Option{
		faceid.WithEndpoint(url),
		faceid.WithCredentials(faceid.StaticCredentials(s.cred.SecretID, s.cred.SecretKey, "")),
		faceid.WithClock(s.clock.Now),
		faceid.WithHTTPClient(&http.Client{Transport: tr}),
	}
	c, err := faceid.NewClient(append(base, opts...)...)
	if err != nil {
		panic("faceidtest: Client: " + err.Error())
	}
	return c
}

// newHandler routes requests and stamps every reply with a Date header
// from the virtual clock.
func (s *Server) newHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", s.serveAPI)
	mux.HandleFunc("GET /h5/{token}", s.servePage)
	mux.HandleFunc("POST /h5/{token}", s.submitPage)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", s.httpDate())
		if !s.enter() {
			http.Error(w, "faceidtest: server closed", http.StatusServiceUnavailable)
			return
		}
		defer s.wg.Done()
		mux.ServeHTTP(w, r)
	})
}

// enter registers a handler in flight unless the server is closed.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

// httpDate formats the virtual time for the Date header.
func (s *Server) httpDate() string { return s.clock.Now().UTC().Format(http.TimeFormat) }

// baseURL is where the hosted page lives: the started server's URL, or
// the request's own host when the handler is mounted elsewhere.
func (s *Server) baseURL(r *http.Request) string {
	if u := s.URL(); u != "" {
		return u
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// log writes one log line when a logger is set.
func (s *Server) log(ctx context.Context, msg string, attrs ...slog.Attr) {
	if s.logger != nil {
		s.logger.LogAttrs(ctx, slog.LevelInfo, msg, attrs...)
	}
}
