package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRun starts the fake on a free loopback port with latency, calls it,
// and stops it through the context.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	var out strings.Builder
	go func() { done <- run(ctx, []string{"--listen", "127.0.0.1:0", "--latency", "5ms"}, &out, ready) }()
	addr := <-ready
	start := time.Now()
	r, err := http.Get("http://" + addr + "/api/v2/users/myself?apiKey=demo-api-key-normal")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || !strings.Contains(string(b), `"userId":"demo"`) {
		t.Errorf("%d %s", r.StatusCode, b)
	}
	if d := time.Since(start); d < 5*time.Millisecond {
		t.Errorf("latency not applied: %v", d)
	}
	r, err = http.Get("http://" + addr + "/_fake/counters")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(r.Body)
	r.Body.Close()
	if !strings.Contains(string(b), `"GET /api/v2/users/myself":1`) {
		t.Errorf("counters %s", b)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "listening on http://"+addr) {
		t.Errorf("output %q", out.String())
	}
}

func TestFlags(t *testing.T) {
	if _, err := parseFlags([]string{"--latency", "soon"}, io.Discard); err == nil {
		t.Error("bad duration accepted")
	}
	if err := run(context.Background(), []string{"--seed", "/nonexistent.json"}, io.Discard, nil); err == nil {
		t.Error("missing seed file accepted")
	}
	c, err := parseFlags(nil, io.Discard)
	if err != nil || c.listen != "127.0.0.1:8081" || c.latency != 0 || c.seed != "" || c.backlogLimit {
		t.Errorf("defaults %+v %v", c, err)
	}
}
