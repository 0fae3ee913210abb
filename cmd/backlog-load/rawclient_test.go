package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestReadResponse(t *testing.T) {
	tests := []struct {
		name   string
		raw    string
		status int
		body   string
		timing string
		keep   bool
		err    bool
	}{
		{"content-length keep-alive", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer-Timing: upstream;dur=1.000;desc=\"1\"\r\n\r\nhello", 200, "hello", `upstream;dur=1.000;desc="1"`, true, false},
		{"connection close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", 200, "ok", "", false, false},
		{"HTTP/1.0 as Python answers", "HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11.7\r\nContent-type: text/xml\r\nContent-length: 3\r\n\r\nabc", 200, "abc", "", false, false},
		{"HTTP/1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx", 200, "x", "", true, false},
		{"chunked", "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nTrailer: 1\r\n\r\n", 404, "abcde", "", true, false},
		{"until close", "HTTP/1.1 500 Internal Server Error\r\n\r\nrest of it", 500, "rest of it", "", false, false},
		{"bad status line", "SMTP ready\r\n\r\n", 0, "", "", false, true},
		{"bad length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 200, "", "", false, true},
		{"short body", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", 200, "", "", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, keep, err := readResponse(bufio.NewReader(strings.NewReader(tc.raw)))
			if (err != nil) != tc.err {
				t.Fatalf("err = %v, want error %v", err, tc.err)
			}
			if tc.err {
				return
			}
			if r.status != tc.status || string(r.body) != tc.body || r.serverTiming != tc.timing || keep != tc.keep {
				t.Errorf("got %d %q %q keep=%v, want %d %q %q keep=%v", r.status, r.body, r.serverTiming, keep, tc.status, tc.body, tc.timing, tc.keep)
			}
		})
	}
}

// TestRawClientKeepAliveAndReconnect: calls reuse one connection while the
// server keeps it, and a new one follows a server-side close; the POST
// carries the body, Basic auth and Content-Type, the GET the API key.
func TestRawClientKeepAliveAndReconnect(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		switch {
		case r.Method == http.MethodPost:
			if r.URL.Path != "/XML-RPC" || r.Header.Get("Authorization") != basicAuth || r.Header.Get("Content-Type") != "text/xml" {
				http.Error(w, "bad POST", http.StatusBadRequest)
				return
			}
			if string(b) == "close" {
				w.Header().Set("Connection", "close")
			}
			w.Write(b)
		default:
			w.Write([]byte(r.URL.RequestURI()))
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := &rawClient{addr: srv.Listener.Addr().String()}
	defer c.close()
	ctx := context.Background()
	steps := []struct {
		rq    request
		want  string
		conns int32
	}{
		{request{body: []byte("one")}, "one", 1},
		{request{body: []byte("two")}, "two", 1},
		{request{path: "/api/v2/issues/DEMO-1"}, "/api/v2/issues/DEMO-1?apiKey=" + loadAPIKey, 1},
		{request{body: []byte("close")}, "close", 1},
		{request{body: []byte("three")}, "three", 2},
	}
	for i, st := range steps {
		r, err := c.do(ctx, st.rq)
		if err != nil || r.status != 200 || string(r.body) != st.want {
			t.Fatalf("step %d: %v %d %q, want 200 %q", i, err, r.status, r.body, st.want)
		}
		if n := conns.Load(); n != st.conns {
			t.Fatalf("step %d: %d connections, want %d", i, n, st.conns)
		}
	}
}
