package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// runFake serves the Backlog v2 fake (default seed, real clock) on --listen
// with --latency added to every API request, until SIGTERM/SIGINT. Its
// counters are at GET /_fake/counters (POST /_fake/counters/reset).
func runFake(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("backlog-load fake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "address to serve on (loopback)")
	latency := fs.Duration("latency", 0, "delay added to every v2 API request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return serveUntilSignal(*listen, fake.New(nil, fake.WithLatency(*latency)))
}

// runFloor is the floor of any net/http-based XML-RPC server: a bare
// net/http server that reads each POST body and answers the bytes of
// --response (the gateway's own answer to the trivial call, captured by the
// harness) with no routing, authentication, decoding, logging or metrics.
// What the gateway costs above it is what our layers add; what it costs
// above Python is the most any net/http server can show on this machine.
func runFloor(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("backlog-load floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "address to serve on (loopback)")
	response := fs.String("response", "", "file holding the methodResponse to answer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	body, err := os.ReadFile(*response)
	if err != nil {
		return err
	}
	length := strconv.Itoa(len(body))
	return serveUntilSignal(*listen, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.WriteHeader(http.StatusOK) // the harness's readiness probe
			return
		}
		io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Content-Type"] = []string{"text/xml; charset=utf-8"}
		h["Content-Length"] = []string{length}
		w.Write(body)
	}))
}

// runProxy is the floor of one proxy hop: httputil.ReverseProxy forwarding
// every request to --target, with a keep-alive pool as large as the
// gateway's own upstream pool (a default Transport would keep only 2 idle
// connections and measure the pool, not the hop).
func runProxy(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("backlog-load proxy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "address to serve on (loopback)")
	target := fs.String("target", "", "URL to forward to (the fake)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	u, err := url.Parse(*target)
	if err != nil || u.Host == "" {
		return fmt.Errorf("--target %q: want an absolute URL", *target)
	}
	rp := &httputil.ReverseProxy{
		Rewrite:   func(r *httputil.ProxyRequest) { r.SetURL(u) },
		Transport: upstreamTransport(),
		ErrorLog:  nil,
	}
	return serveUntilSignal(*listen, rp)
}

// upstreamTransport is the keep-alive pool of the proxy baseline.
func upstreamTransport() *http.Transport {
	return &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        1024,
		MaxIdleConnsPerHost: 1024,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}

// serveUntilSignal serves h on addr until SIGTERM or SIGINT.
func serveUntilSignal(addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	fmt.Fprintln(os.Stderr, "serving on", ln.Addr())
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}
