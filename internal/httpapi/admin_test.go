package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/metrics"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/migration"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestAdminPagesOnlyForAdministrators wires the migration report under
// /admin/ and the migration observer on the legacy calls: a call by each of
// two logins shows on the page for the administrator; the other login gets
// 403, no credentials 401, and a failing role check 502 without its cause.
func TestAdminPagesOnlyForAdministrators(t *testing.T) {
	var logs strings.Builder
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	m := metrics.New(func(s string) bool { return s == "test.echo" })
	rec := migration.New(migration.Options{Methods: []migration.Info{{Method: "test.echo", Instead: "GET /api/v2/echo"}}})
	srv := xmlrpc.NewServer(xmlrpc.WithCallObserver(Observers(CallObserver(logger, m), MigrationObserver(rec, m))))
	srv.Register("test.echo", func(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
		return xmlrpc.String("ok"), nil
	}, nil, "")
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	set, err := auth.NewCredentialSet([]auth.Credential{
		{Login: "alice", PasswordHash: string(hash), APIKey: "ALICE-KEY"},
		{Login: "root", PasswordHash: string(hash), APIKey: "ROOT-KEY"},
		{Login: "broken", PasswordHash: string(hash), APIKey: "SECRET-BROKEN-KEY"},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := NewHandler(Config{
		XMLRPC: srv,
		Guard: &auth.Guard{Auth: auth.NewStaticAuthenticator(set, time.Minute, nil), Logger: logger,
			Limiter: auth.NewLimiter(auth.LimiterConfig{LoginBurst: 100, AddrBurst: 100})},
		Bind: func(ctx context.Context, id auth.Identity) (context.Context, error) {
			return context.WithValue(ctx, upstreamKey{}, id.APIKey), nil
		},
		Metrics: m,
		Logger:  logger,
		Admin:   rec.Handler(),
		AdminCheck: func(ctx context.Context) (bool, error) {
			switch ctx.Value(upstreamKey{}).(string) {
			case "ROOT-KEY":
				return true, nil
			case "SECRET-BROKEN-KEY":
				return false, errors.New("upstream said no to SECRET-BROKEN-KEY")
			}
			return false, nil
		},
	})
	call := func(login string) {
		req := httptest.NewRequest("POST", "/XML-RPC", strings.NewReader(`<methodCall><methodName>test.echo</methodName></methodCall>`))
		req.SetBasicAuth(login, "pw")
		req.Header.Set("User-Agent", login+"-script/1.0")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			t.Fatalf("call as %s: %d", login, w.Code)
		}
	}
	call("alice")
	call("root")
	get := func(login, path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		if login != "" {
			req.SetBasicAuth(login, "pw")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	w := get("root", migration.PagePath)
	if w.Code != 200 {
		t.Fatalf("admin: %d %s", w.Code, w.Body)
	}
	for _, want := range []string{`data-login="alice" data-method="test.echo"`, `data-login="root" data-method="test.echo"`, "alice-script/1.0", "GET /api/v2/echo"} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if w := get("root", migration.JSONPath); w.Code != 200 || !strings.Contains(w.Body.String(), `"login":"alice"`) {
		t.Errorf("json: %d %s", w.Code, w.Body)
	}
	if w := get("alice", migration.PagePath); w.Code != http.StatusForbidden {
		t.Errorf("normal user: %d, want 403", w.Code)
	}
	// A browser that cancels the login prompt shows the body: plain text,
	// not the XML-RPC fault legacy clients get.
	if w := get("", migration.PagePath); w.Code != http.StatusUnauthorized ||
		!strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") || strings.Contains(w.Body.String(), "<methodResponse>") ||
		w.Header().Get("WWW-Authenticate") == "" {
		t.Errorf("anonymous: %d %s %q, want 401 with a challenge and a plain-text body", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	xw := httptest.NewRecorder()
	h.ServeHTTP(xw, httptest.NewRequest("POST", "/XML-RPC", strings.NewReader(`<methodCall><methodName>test.echo</methodName></methodCall>`)))
	if xw.Code != http.StatusUnauthorized || !strings.Contains(xw.Body.String(), "<methodResponse>") {
		t.Errorf("anonymous XML-RPC call: %d %q, want 401 with a fault body", xw.Code, xw.Body)
	}
	w = get("broken", migration.PagePath)
	if w.Code != http.StatusBadGateway || strings.Contains(w.Body.String(), "SECRET") {
		t.Errorf("failing check: %d %q, want 502 without its cause", w.Code, w.Body)
	}
	metricsOut := httptest.NewRecorder()
	h.ServeHTTP(metricsOut, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(metricsOut.Body.String(), `backlog_xmlrpc_legacy_calls_by_login_total{login="alice",method="test.echo"} 1`) {
		t.Error("metrics lack alice's call by login")
	}
}

// TestMigrationObserverAllocationBound: once a login's row and series
// exist, feeding the migration report and legacy_calls_by_login_total
// allocates nothing per call (it runs on every legacy call).
func TestMigrationObserverAllocationBound(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's own allocations would count")
	}
	m := metrics.New(func(s string) bool { return s == "backlog.getIssue" })
	obs := MigrationObserver(migration.New(migration.Options{}), m)
	ctx, st := WithState(context.Background(), "id")
	st.Login, st.UserAgent = "alice", "script/1.0"
	obs(ctx, "backlog.getIssue", 0, time.Millisecond)
	if n := testing.AllocsPerRun(1000, func() { obs(ctx, "backlog.getIssue", 0, time.Millisecond) }); n != 0 {
		t.Errorf("%.1f allocations per call, want 0", n)
	}
}

func BenchmarkMigrationObserver(b *testing.B) {
	m := metrics.New(func(s string) bool { return s == "backlog.getIssue" })
	obs := MigrationObserver(migration.New(migration.Options{}), m)
	ctx, st := WithState(context.Background(), "id")
	st.Login, st.UserAgent = "alice", "script/1.0"
	b.ReportAllocs()
	for b.Loop() {
		obs(ctx, "backlog.getIssue", 0, time.Millisecond)
	}
}
