package httpapi

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// countingListener counts the writes made to its connections.
type countingListener struct {
	net.Listener
	mu     sync.Mutex
	writes int
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, l: l}, nil
}

type countingConn struct {
	net.Conn
	l *countingListener
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.l.mu.Lock()
	c.l.writes++
	c.l.mu.Unlock()
	return c.Conn.Write(p)
}

func (l *countingListener) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writes
}

// TestCoalescedAnswers: through a coalescing connection an answer of 3-64
// KiB leaves in one write instead of net/http's two, and answers of every
// size arrive whole, one after the other on the same keep-alive
// connection; without it (the control rows) the same answers take two.
func TestCoalescedAnswers(t *testing.T) {
	for _, coalescing := range []bool{false, true} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		counting := &countingListener{Listener: ln}
		var served net.Listener = counting
		if coalescing {
			served = CoalescingListener(counting)
		}
		handler := &front{router: http.NotFoundHandler(), xmlrpc: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n, _ := strconv.Atoi(r.URL.Query().Get("n"))
			body := []byte(strings.Repeat("x", n-1) + "\n")
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(http.StatusOK)
			w.Write(body)
		})}
		srv := &http.Server{Handler: handler, ConnContext: ConnContext}
		go srv.Serve(served)
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(conn)
		for _, tc := range []struct {
			size, writes, coalescedWrites int
		}{{100, 1, 1}, {8 << 10, 2, 1}, {60 << 10, 2, 1}, {200 << 10, 2, 2}, {8 << 10, 2, 1}} {
			before := counting.count()
			fmt.Fprintf(conn, "POST /XML-RPC?n=%d HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", tc.size)
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || len(b) != tc.size || b[len(b)-1] != '\n' || strings.Trim(string(b[:len(b)-1]), "x") != "" {
				t.Fatalf("coalescing=%v size %d: got %d bytes, %v", coalescing, tc.size, len(b), err)
			}
			want := tc.writes
			if coalescing {
				want = tc.coalescedWrites
			}
			if got := counting.count() - before; got != want {
				t.Errorf("coalescing=%v size %d: %d writes, want %d", coalescing, tc.size, got, want)
			}
		}
		conn.Close()
		srv.Close()
	}
}

// BenchmarkCoalesce: one keep-alive client asking for 8 KiB answers from a
// server on loopback, with and without coalescing; cpu-us/op is the
// process's user+system CPU per answer (client included: the same in both),
// which on a shared machine is steadier than ns/op.
//
//	go test ./httpapi -run '^$' -bench Coalesce -count 5
func BenchmarkCoalesce(b *testing.B) {
	for _, coalescing := range []bool{false, true} {
		b.Run(fmt.Sprintf("coalescing=%v", coalescing), func(b *testing.B) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			served := ln
			if coalescing {
				served = CoalescingListener(ln)
			}
			body := []byte(strings.Repeat("x", 8<<10))
			srv := &http.Server{ConnContext: ConnContext, Handler: &front{router: http.NotFoundHandler(), xmlrpc: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				w.Write(body)
			})}}
			go srv.Serve(served)
			defer srv.Close()
			conn, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close()
			br := bufio.NewReader(conn)
			req := []byte("POST /XML-RPC HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
			start := cpuTime()
			for b.Loop() {
				conn.Write(req)
				resp, err := http.ReadResponse(br, nil)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			b.ReportMetric(float64(cpuTime()-start)/1e3/float64(b.N), "cpu-us/op")
		})
	}
}

// cpuTime is the process's user+system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
