package reliability

import (
	"errors"
	"net/http"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestAPIKeyPasswordInjection: in "API key as password" mode the password
// becomes the apiKey query parameter of the v2 check; a password that tries
// to smuggle a second apiKey (another user's) must not authenticate, and
// Backlog must never see a request as that other user.
func TestAPIKeyPasswordInjection(t *testing.T) {
	g := startGateway(t, gatewayConfig{APIKeyAuth: true})
	g.healthy(t, "start-up")
	g.Fake.ResetCounters()
	for _, tc := range []struct{ login, password string }{
		{"admin", "bogus&apiKey=demo-api-key-admin"},
		{"admin", "bogus%26apiKey%3Ddemo-api-key-admin"},
		{"admin", "bogus#&apiKey=demo-api-key-admin"},
		{"demo", "demo-api-key-normal&apiKey=demo-api-key-admin"},
		{"admin", "demo-api-key-normal"}, // someone else's valid key
	} {
		if st, _ := postAs(t, g, tc.login, tc.password, ""); st != http.StatusUnauthorized {
			t.Errorf("login %q with password %q: HTTP %d, want 401", tc.login, tc.password, st)
		}
	}
	if n := g.Fake.Counters().UserCount("admin"); n != 0 {
		t.Fatalf("Backlog saw %d requests authenticated as admin", n)
	}
}

// TestIDInjectionIntoV2Paths: an issue or project key carrying a path, a
// query string, a fragment or an escape is refused (-32602) before any v2
// call, so it reaches no other endpoint and no other credential, whatever
// Backlog does with an escaped '/': servers that decode %2F before routing
// (the fake among them) would send "DEMO-1/comments" to the comments
// endpoint, so methods/key_shape.go refuses such keys.
func TestIDInjectionIntoV2Paths(t *testing.T) {
	g := startGateway(t, gatewayConfig{})
	g.healthy(t, "start-up")
	g.Fake.ResetCounters()
	for _, key := range []string{
		"DEMO-1?apiKey=demo-api-key-admin",
		"DEMO-1&apiKey=demo-api-key-admin",
		"../../users/myself",
		"..%2F..%2Fusers%2Fmyself",
		"DEMO-1/comments",
		"DEMO-1#x",
	} {
		for _, m := range []string{"backlog.getIssue", "backlog.getProject", "backlog.getComments"} {
			_, err := g.call(m, xmlrpc.String(key))
			var f *xmlrpc.Fault
			if !errors.As(err, &f) || f.Code != xmlrpc.FaultInvalidParams {
				t.Errorf("%s(%q): %v, want fault -32602", m, key, err)
			}
		}
	}
	for k, n := range g.Fake.Calls() {
		t.Errorf("an injected key caused %d call(s) to %s", n, k)
	}
	if n := g.Fake.Counters().UserCount("admin"); n != 0 {
		t.Errorf("Backlog saw %d requests authenticated as admin", n)
	}
}
