package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestHomePage: / answers a small page naming the service, its version and
// its links; other unknown paths stay 404.
func TestHomePage(t *testing.T) {
	m, _ := mustRunMain(t, func(c *Config) { c.Demo = true })
	base := "http://" + m.Addr()
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET /: %d %s", resp.StatusCode, ct)
	}
	code, body := get(t, base+"/")
	for _, want := range []string{"backlog-xmlrpc", "version " + Version(), `href="/healthz"`, `href="/readyz"`, `href="/metrics"`, "/XML-RPC", "POST"} {
		if !strings.Contains(body, want) {
			t.Errorf("%q missing from / (%d):\n%s", want, code, body)
		}
	}
	if code, _ := get(t, base+"/nothing-here"); code != http.StatusNotFound {
		t.Errorf("/nothing-here: %d, want 404", code)
	}
}
