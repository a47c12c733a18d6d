//go:build unix

package bench

import (
	"bufio"
	"context"
	"crypto/rand"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/faceid-go/faceid"
)

// replyServerEnv, when set, makes the test binary a reply server (see
// TestMain) instead of running tests.
const replyServerEnv = "FACEID_BENCH_REPLY_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(replyServerEnv) != "" {
		serveReplies()
		return
	}
	os.Exit(m.Run())
}

// serveReplies answers every request on a loopback port with
// detectAuthReply, after reading the request whole, until its standard
// input closes. It writes its address as its first line of output.
func serveReplies() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.Exit(1)
	}
	srv := &http.Server{ReadHeaderTimeout: time.Minute, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(detectAuthReply)
	})}
	go func() { _ = srv.Serve(ln) }()
	os.Stdout.WriteString(ln.Addr().String() + "\n")
	_, _ = io.Copy(io.Discard, os.Stdin) // until the benchmark ends
}

// startReplyProcess starts this test binary as a reply server in a
// process of its own and returns its address: the CPU time this process
// then spends is the client's alone.
func startReplyProcess(b *testing.B) string {
	b.Helper()
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), replyServerEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = stdin.Close(); _ = cmd.Wait() })
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("the reply server did not start: %v", err)
	}
	return strings.TrimSpace(addr)
}

// processCPU returns the CPU time, user and system, this process has
// used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU runs op in b's loop and reports, besides the time, the CPU
// time this process spent per op (cpu-ns/op): garbage collection
// included, the reply server (in its own process) excluded.
func reportCPU(b *testing.B, op func()) {
	b.ReportAllocs()
	start := processCPU(b)
	for b.Loop() {
		op()
	}
	b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op")
}

// unwrappedSealer is a Sealer for measuring only: each envelope holds a
// fresh random key as RSASealer's do, but its CiphertextBlob is a fixed
// 128-byte stand-in, so that no public-key operation is done. A
// DetectAuth sealed with it costs the sealing beyond the wrap.
type unwrappedSealer struct{}

func (unwrappedSealer) Algorithm() string { return faceid.AlgorithmAES256CBC }

func (s unwrappedSealer) NewEnvelope() (faceid.Envelope, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return faceid.NewAESEnvelope(key, standInBlob[:])
}

// standInBlob takes the place of an RSA-1024 wrap in unwrappedSealer.
var standInBlob [128]byte

// BenchmarkDetectAuthHTTP measures what sealing adds to a DetectAuth where
// a client pays for it: over a real HTTP connection (loopback, keep-alive)
// to a server in another process, so that cpu-ns/op is this client's CPU
// time alone — the SDK, net/http's client side and the garbage collector.
//
//   - plain: in clear;
//   - plain+wrap-rsa: in clear, with an RSA wrap done beside each call —
//     the baseline for sealed-rsa, since work done inside a round trip
//     costs more than the same work alone;
//   - sealed-rsa: sealed under Tencent's default RSA key (WithEncryption);
//   - sealed-unwrapped: sealed with unwrappedSealer, everything but the
//     RSA operation;
//   - wrap-rsa: the wrap alone, RSASealer.NewEnvelope and Close.
//
// What sealing adds beyond the wrap is sealed-rsa minus plain+wrap-rsa,
// and sealed-unwrapped minus plain.
func BenchmarkDetectAuthHTTP(b *testing.B) {
	addr := startReplyProcess(b)
	rsa := faceid.TencentDefaultRSASealer()
	wrap := func() {
		env, err := rsa.NewEnvelope()
		if err != nil {
			b.Fatal(err)
		}
		env.Close()
	}
	for _, bc := range []struct {
		name   string
		beside func()
		opts   []faceid.Option
	}{
		{"plain", nil, nil},
		{"plain+wrap-rsa", wrap, nil},
		{"sealed-rsa", nil, []faceid.Option{faceid.WithEncryption(rsa)}},
		{"sealed-unwrapped", nil, []faceid.Option{faceid.WithEncryption(unwrappedSealer{})}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c, err := faceid.NewClient(append([]faceid.Option{
				faceid.WithCredentials(faceid.StaticCredentials(secretID, secretKey, "")),
				faceid.WithEndpoint("http://" + addr),
			}, bc.opts...)...)
			if err != nil {
				b.Fatal(err)
			}
			defer c.CloseIdleConnections()
			ctx := context.Background()
			req := detectAuthRequest
			_, _ = c.DetectAuth(ctx, &req) // warm up: the connection and pools
			reportCPU(b, func() {
				if bc.beside != nil {
					bc.beside()
				}
				auth, err := c.DetectAuth(ctx, &req)
				if err != nil || auth.BizToken != detectAuthToken {
					b.Fatal(auth, err)
				}
			})
		})
	}
	b.Run("wrap-rsa", func(b *testing.B) { reportCPU(b, wrap) })
}
