package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestRequestIDs: a request keeps the X-Request-Id it came with; otherwise
// it gets a new id in chi's RequestID format (host/RANDOM10-NNNNNN, the
// sequence zero-padded to six digits), a different one per request.
func TestRequestIDs(t *testing.T) {
	seen := func(hdr string) string {
		var id string
		h := track(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { id = StateFrom(r.Context()).RequestID }))
		r := httptest.NewRequest("POST", XMLRPCPath, nil)
		if hdr != "" {
			r.Header.Set("X-Request-Id", hdr)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		return id
	}
	if got := seen("from-the-proxy-42"); got != "from-the-proxy-42" {
		t.Fatalf("X-Request-Id not kept: %q", got)
	}
	format := regexp.MustCompile(`^[^/]+/[A-Za-z0-9]{10}-[0-9]{6,}$`)
	a, b := seen(""), seen("")
	if !format.MatchString(a) || !format.MatchString(b) || a == b {
		t.Fatalf("generated ids %q, %q", a, b)
	}
	for _, tc := range []struct {
		n    uint64
		want string
	}{{1, "-000001"}, {42, "-000042"}, {99999, "-099999"}, {100000, "-100000"}, {1234567, "-1234567"}} {
		requestIDSeq.Store(tc.n - 1)
		if got := newRequestID(); got != requestIDPrefix+tc.want {
			t.Errorf("id %d = %q, want %q", tc.n, got, requestIDPrefix+tc.want)
		}
	}
}

// TestClientAddr: without trusted proxies the client is the TCP peer, an
// IPv4-mapped IPv6 peer written as IPv4 (as chi's ClientIPFromRemoteAddr
// did), whatever X-Forwarded-For says.
func TestClientAddr(t *testing.T) {
	for _, tc := range []struct{ remote, want string }{
		{"203.0.113.7:5555", "203.0.113.7"},
		{"[2001:db8::1]:443", "2001:db8::1"},
		{"[::ffff:192.0.2.9]:80", "192.0.2.9"},
		{"192.0.2.10", "192.0.2.10"},
		{"not-an-address", "not-an-address"},
	} {
		r := httptest.NewRequest("POST", XMLRPCPath, nil)
		r.RemoteAddr = tc.remote
		r.Header.Set("X-Forwarded-For", "10.9.9.9")
		if got := ClientAddr(r); got != tc.want {
			t.Errorf("ClientAddr(%q) = %q, want %q", tc.remote, got, tc.want)
		}
	}
}

// TestRouting: /XML-RPC takes the direct path, every other path the router;
// both answer as the router alone would.
func TestRouting(t *testing.T) {
	h, _, _, _ := newTestHandler(t, nil, func(context.Context) error { return nil })
	for _, tc := range []struct {
		method, path string
		basic        bool
		code         int
		body         string
	}{
		{"POST", "/XML-RPC", true, 200, "<string>ALICE-KEY</string>"},
		{"POST", "/XML-RPC", false, 401, ""},
		{"GET", "/healthz", false, 200, "ok\n"},
		{"GET", "/readyz", false, 200, "ready\n"},
		{"GET", "/metrics", false, 200, "backlog_xmlrpc_"},
		{"POST", "/XML-RPC/", true, 404, ""},
		{"POST", "/xml-rpc", true, 404, ""},
		{"POST", "/XML%2DRPC", true, 404, ""}, // escaped path: left to the router, which does not match it
	} {
		w := do(h, tc.method, tc.path, call("test.upstream", 1), tc.basic, nil)
		if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.body) {
			t.Errorf("%s %s: %d %.80q", tc.method, tc.path, w.Code, w.Body.String())
		}
	}
}
