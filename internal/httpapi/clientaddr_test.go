package httpapi

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

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

// TestClientAddressOnlyFromTrustedProxies checks which address the
// failed-login limiter charges: a forged X-Forwarded-For from an untrusted
// peer must not let a client rotate addresses.
func TestClientAddressOnlyFromTrustedProxies(t *testing.T) {
	bad := func(h http.Handler, xff string) int {
		r := httptest.NewRequest("POST", "/XML-RPC", strings.NewReader(call("test.upstream", 1)))
		r.RemoteAddr = "203.0.113.7:5555"
		r.SetBasicAuth("alice", "wrong")
		r.Header.Set("X-Forwarded-For", xff)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	// Untrusted peer: rotating XFF values does not help; the peer address
	// is limited after 2 failures (AddrBurst 2).
	h, _, _, _ := newTestHandler(t, nil, nil)
	got := []int{bad(h, "10.0.0.1"), bad(h, "10.0.0.2"), bad(h, "10.0.0.3")}
	if got[0] != 401 || got[1] != 401 || got[2] != 429 {
		t.Fatalf("untrusted peer: %v", got)
	}
	// Trusted proxy: each forwarded client has its own budget.
	h, _, _, _ = newTestHandler(t, []string{"203.0.113.0/24"}, nil)
	got = []int{bad(h, "198.51.100.1"), bad(h, "198.51.100.1"), bad(h, "198.51.100.2"), bad(h, "198.51.100.1")}
	if got[0] != 401 || got[1] != 401 || got[2] != 401 || got[3] != 429 {
		t.Fatalf("trusted proxy: %v", got)
	}
	_ = io.Discard
}
