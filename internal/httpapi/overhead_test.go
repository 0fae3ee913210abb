package httpapi

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/metrics"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// BenchmarkHTTPLayer measures what this layer adds to one legacy call: the
// router, request id, client address, Basic auth (warm: the bcrypt result is
// cached), limiter, bind, metrics and the JSON call log line, around a
// method that does nothing. "bare" is the same xmlrpc.Server without them;
// "full" writes the call line as the server does (CallLineObserver),
// "full-slog" through log/slog (CallObserver).
//
//	go test ./httpapi -run '^$' -bench HTTPLayer -benchmem
func BenchmarkHTTPLayer(b *testing.B) {
	body := `<?xml version="1.0"?><methodCall><methodName>test.noop</methodName><params/></methodCall>`
	newServer := func(opts ...xmlrpc.Option) *xmlrpc.Server {
		s := xmlrpc.NewServer(opts...)
		s.Register("test.noop", func(context.Context, []xmlrpc.Value) (xmlrpc.Value, error) { return xmlrpc.Int(1), nil }, nil, "")
		return s
	}
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	m := metrics.New(nil)
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	set, _ := auth.NewCredentialSet([]auth.Credential{{Login: "alice", PasswordHash: string(hash), APIKey: "K"}})
	full := func(observer func(context.Context, string, int, time.Duration)) http.Handler {
		return NewHandler(Config{
			XMLRPC: newServer(xmlrpc.WithCallObserver(observer), xmlrpc.WithCallGuard(CallGuard())),
			Guard: &auth.Guard{Auth: auth.NewStaticAuthenticator(set, time.Hour, nil), Limiter: auth.NewLimiter(auth.LimiterConfig{}),
				Logger: logger, OnAttempt: func(o auth.Outcome) { m.AuthAttempt(string(o)) }},
			Bind:    func(ctx context.Context, id auth.Identity) (context.Context, error) { return ctx, nil },
			Metrics: m,
			Logger:  logger,
		})
	}
	for _, tc := range []struct {
		name string
		h    http.Handler
	}{{"bare", newServer()}, {"full", full(CallLineObserver(io.Discard, slog.LevelInfo, m))}, {"full-slog", full(CallObserver(logger, m))}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := httptest.NewRequest("POST", "/XML-RPC", strings.NewReader(body))
				r.RemoteAddr = "192.0.2.1:1234"
				r.SetBasicAuth("alice", "pw")
				w := httptest.NewRecorder()
				tc.h.ServeHTTP(w, r)
				if w.Code != 200 || !bytes.Contains(w.Body.Bytes(), []byte("<int>1</int>")) {
					b.Fatalf("%d %s", w.Code, w.Body.String())
				}
			}
		})
	}
}
