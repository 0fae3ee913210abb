package httpapi

import (
	"context"
	"strings"
	"testing"
)

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
