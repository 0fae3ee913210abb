package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
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
	tlsListen := fs.String("tls-listen", "", "also serve the same fake over HTTPS (HTTP/2 by ALPN, as Backlog) on this address")
	tlsCA := fs.String("tls-ca", "", "with --tls-listen: write the self-signed certificate (PEM) here, for the gateway's SSL_CERT_FILE")
	if err := fs.Parse(args); err != nil {
		return err
	}
	h := fake.New(nil, fake.WithLatency(*latency))
	if *tlsListen == "" {
		return serveUntilSignal(*listen, h)
	}
	cert, err := selfSigned(*tlsCA)
	if err != nil {
		return err
	}
	// Both listen before either serves: the harness's readiness probe of
	// the plain address then also means the HTTPS one accepts.
	plain, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	secure, err := net.Listen("tcp", *tlsListen)
	if err != nil {
		plain.Close()
		return err
	}
	secure = tls.NewListener(secure, &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}})
	errs := make(chan error, 2)
	go func() { errs <- serveListenerUntilSignal(plain, h) }()
	go func() { errs <- serveListenerUntilSignal(secure, h) }()
	return errors.Join(<-errs, <-errs)
}

// selfSigned makes a P-256 certificate for 127.0.0.1, valid for a day,
// and writes it (PEM) to caFile: the gateway trusts it through
// SSL_CERT_FILE, so its production TLS path (verification on, HTTP/2 by
// ALPN) runs unchanged against the fake.
func selfSigned(caFile string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "backlog-load fake"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	if caFile != "" {
		if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
			return tls.Certificate{}, err
		}
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
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
	return serveListenerUntilSignal(ln, h)
}

// serveListenerUntilSignal serves h on ln (HTTP/2 too when ln is a TLS
// listener offering h2, net/http's default) until SIGTERM or SIGINT.
func serveListenerUntilSignal(ln net.Listener, h http.Handler) error {
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
