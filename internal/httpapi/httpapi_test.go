package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
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
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

type upstreamKey struct{}

// newTestHandler wires a real xmlrpc.Server whose one method makes n
// "upstream calls" (CountUpstream) and answers the API key it was bound to.
func newTestHandler(t *testing.T, trusted []string, ready func(context.Context) error) (http.Handler, *bytes.Buffer, *metrics.Metrics, *[]string) {
	t.Helper()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	var srv *xmlrpc.Server
	m := metrics.New(func(s string) bool {
		for _, n := range srv.Methods() {
			if n == s {
				return true
			}
		}
		return false
	})
	srv = xmlrpc.NewServer(
		xmlrpc.WithCallObserver(CallObserver(logger, m)),
		xmlrpc.WithCallGuard(CallGuard()),
		xmlrpc.WithLimits(xmlrpc.Limits{MaxBodyBytes: 4096}),
	)
	srv.Register("test.upstream", func(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
		n := 1
		if len(params) > 0 {
			i, err := params[0].AsInt()
			if err != nil {
				return xmlrpc.Value{}, err
			}
			n = int(i)
		}
		for i := 0; i < n; i++ {
			CountUpstream(ctx)
		}
		return xmlrpc.String(ctx.Value(upstreamKey{}).(string)), nil
	}, nil, "")
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	set, err := auth.NewCredentialSet([]auth.Credential{{Login: "alice", PasswordHash: string(hash), APIKey: "ALICE-KEY"}})
	if err != nil {
		t.Fatal(err)
	}
	var clients []string
	h := NewHandler(Config{
		XMLRPC: srv,
		Guard: &auth.Guard{Auth: auth.NewStaticAuthenticator(set, time.Minute, nil), Logger: logger,
			Limiter:   auth.NewLimiter(auth.LimiterConfig{LoginBurst: 100, AddrBurst: 2}),
			OnAttempt: func(o auth.Outcome) { m.AuthAttempt(string(o)) }},
		Bind: func(ctx context.Context, id auth.Identity) (context.Context, error) {
			return context.WithValue(ctx, upstreamKey{}, id.APIKey), nil
		},
		Metrics:        m,
		Logger:         logger,
		TrustedProxies: trusted,
		MaxBodyBytes:   4096,
		Ready:          ready,
	})
	return h, &logs, m, &clients
}

func call(method string, n int) string {
	return `<?xml version="1.0"?><methodCall><methodName>` + method + `</methodName><params><param><value><int>` +
		string(rune('0'+n)) + `</int></value></param></params></methodCall>`
}

func do(h http.Handler, method, path, body string, basic bool, hdr map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.RemoteAddr = "203.0.113.7:5555"
	if basic {
		r.SetBasicAuth("alice", "pw")
	}
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestCallIsAuthenticatedBoundAndLogged(t *testing.T) {
	h, logs, m, _ := newTestHandler(t, nil, nil)
	w := do(h, "POST", "/XML-RPC", call("test.upstream", 3), true, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "<string>ALICE-KEY</string>") {
		t.Fatalf("%d %s", w.Code, w.Body.String())
	}
	var line map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if strings.Contains(l, `"msg":"call"`) {
			json.Unmarshal([]byte(l), &line)
		}
	}
	if line["method"] != "test.upstream" || line["login"] != "alice" || line["upstream_calls"] != float64(3) ||
		line["fault_code"] != float64(0) || line["request_id"] == "" || line["duration_ms"] == nil {
		t.Fatalf("call log line: %v\nall logs:\n%s", line, logs.String())
	}
	if strings.Contains(logs.String(), "ALICE-KEY") || strings.Contains(logs.String(), `"pw"`) {
		t.Fatalf("secret in logs:\n%s", logs.String())
	}
	// Multicall: each inner call logged with its own upstream count.
	logs.Reset()
	mc := `<methodCall><methodName>system.multicall</methodName><params><param><value><array><data>` +
		`<value><struct><member><name>methodName</name><value>test.upstream</value></member><member><name>params</name><value><array><data><value><int>2</int></value></data></array></value></member></struct></value>` +
		`<value><struct><member><name>methodName</name><value>test.upstream</value></member><member><name>params</name><value><array><data><value><int>5</int></value></data></array></value></member></struct></value>` +
		`<value><struct><member><name>methodName</name><value>no.such</value></member><member><name>params</name><value><array><data></data></array></value></member></struct></value>` +
		`</data></array></value></param></params></methodCall>`
	if w := do(h, "POST", "/XML-RPC", mc, true, nil); w.Code != 200 {
		t.Fatal(w.Code)
	}
	var counts []string
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var e map[string]any
		json.Unmarshal([]byte(l), &e)
		if e["msg"] == "call" {
			counts = append(counts, e["method"].(string)+"="+strings.TrimSuffix(strings.TrimSuffix(jsonNum(e["upstream_calls"]), ".0"), ""))
		}
	}
	if got := strings.Join(counts, ","); got != "test.upstream=2,test.upstream=5,unknown=0,system.multicall=0" {
		t.Fatalf("per-call upstream counts: %s\n%s", got, logs.String())
	}
	w = do(h, "GET", "/metrics", "", false, nil)
	for _, want := range []string{
		`backlog_xmlrpc_calls_total{code="0",method="test.upstream"} 3`,
		`backlog_xmlrpc_calls_total{code="-32601",method="unknown"} 1`,
		`backlog_xmlrpc_http_responses_total{code="200"} 2`,
		`backlog_xmlrpc_auth_attempts_total{outcome="ok"} 2`,
	} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	_ = m
}

func jsonNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestHTTPLayer(t *testing.T) {
	notReady := errors.New("credentials not loaded")
	h, _, _, _ := newTestHandler(t, nil, func(context.Context) error { return notReady })
	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		basic      bool
		wantStatus int
		wantHeader [2]string
	}{
		{"healthz", "GET", "/healthz", "", false, 200, [2]string{}},
		{"readyz not ready", "GET", "/readyz", "", false, 503, [2]string{}},
		{"metrics open", "GET", "/metrics", "", false, 200, [2]string{}},
		{"no credentials", "POST", "/XML-RPC", call("test.upstream", 1), false, 401, [2]string{"WWW-Authenticate", `Basic realm="Backlog Basic Authenticate"`}},
		{"GET XML-RPC", "GET", "/XML-RPC", "", true, 405, [2]string{"Allow", "POST"}},
		{"GET XML-RPC without credentials", "GET", "/XML-RPC", "", false, 401, [2]string{"WWW-Authenticate", `Basic realm="Backlog Basic Authenticate"`}},
		{"body over limit", "POST", "/XML-RPC", call("test.upstream", 1) + strings.Repeat(" ", 5000), true, 413, [2]string{}},
		{"unknown path", "GET", "/nope", "", false, 404, [2]string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := do(h, tc.method, tc.path, tc.body, tc.basic, nil)
			if w.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.wantStatus, w.Body.String())
			}
			if tc.wantHeader[0] != "" && w.Header().Get(tc.wantHeader[0]) != tc.wantHeader[1] {
				t.Fatalf("%s: %q", tc.wantHeader[0], w.Header().Get(tc.wantHeader[0]))
			}
		})
	}
}
