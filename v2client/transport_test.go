package v2client

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

func TestInsecureTransportRefused(t *testing.T) {
	tr := NewTransport()
	tr.TLSClientConfig.InsecureSkipVerify = true
	if _, err := New("https://demo.backlog.jp", WithHTTPClient(&http.Client{Transport: tr})); err == nil {
		t.Error("New accepted a transport without TLS verification")
	}
}

// TestConnectionReuse: sequential and concurrent calls reuse keep-alive
// connections instead of dialling per call (the gateway makes many small calls).
func TestConnectionReuse(t *testing.T) {
	var mu sync.Mutex
	conns := 0
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `[{"id":2,"name":"高"}]`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.http.CloseIdleConnections()
	c = c.WithAPIKey("k")
	for range 50 {
		if _, _, err := c.Priorities.List(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	seq := conns
	mu.Unlock()
	if seq != 1 {
		t.Errorf("50 sequential calls opened %d connections, want 1", seq)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				if _, _, err := c.Priorities.List(context.Background()); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	// Without reuse this would be 200; the transport may dial one spare
	// connection per waiting caller, so the bound is twice the concurrency.
	if conns > 1+2*8 {
		t.Errorf("8 concurrent callers × 25 calls opened %d connections in all, want at most 17", conns)
	}
}
