package main

import (
	"strings"
	"testing"
)

// TestDebugLogsEachV2Request: at --log-level debug every v2 request a call
// makes is logged with its method, route template, status and duration, and
// the request id of the call; never a key.
func TestDebugLogsEachV2Request(t *testing.T) {
	m, logs := mustRunMain(t, func(c *Config) { c.Demo, c.LogLevel, c.LogBuffer = true, "debug", 0 })
	if _, err := koloProjects(t, m.Addr(), "demo", "demo"); err != nil {
		t.Fatal(err)
	}
	var call map[string]any
	eventuallyOK(func() bool { // the call line is written once the answer is
		for _, c := range logs.Lines("call") {
			if c["method"] == "backlog.getProjects" {
				call = c
			}
		}
		return call != nil
	})
	if call == nil {
		t.Fatalf("no call line:\n%s", logs.String())
	}
	n := 0
	for _, l := range logs.Lines("v2 request") {
		if l["request_id"] != call["request_id"] {
			continue
		}
		n++
		if l["method"] != "GET" || l["route"] != "/api/v2/projects" || l["status"] != float64(200) || l["duration_ms"] == nil {
			t.Errorf("v2 request line %v", l)
		}
	}
	if n == 0 || float64(n) != call["upstream_calls"] {
		t.Fatalf("%d v2 request lines for a call with %v upstream calls:\n%s", n, call["upstream_calls"], logs.String())
	}
	for _, secret := range []string{"demo-api-key-normal", "apiKey="} {
		if strings.Contains(logs.String(), secret) {
			t.Fatalf("log holds %q", secret)
		}
	}

	t.Run("not at info", func(t *testing.T) {
		m, logs := mustRunMain(t, func(c *Config) { c.Demo, c.LogBuffer = true, 0 })
		if _, err := koloProjects(t, m.Addr(), "demo", "demo"); err != nil {
			t.Fatal(err)
		}
		if l := logs.Lines("v2 request"); len(l) != 0 {
			t.Fatalf("v2 request lines at info: %v", l)
		}
	})
}
