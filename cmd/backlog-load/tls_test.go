package main

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// TestSelfSignedServesHTTP2: the --upstream-tls fake's certificate, trusted
// from the PEM it writes (as the gateway trusts it through SSL_CERT_FILE),
// verifies for 127.0.0.1 and negotiates HTTP/2, the protocol the gateway
// speaks to Backlog.
func TestSelfSignedServesHTTP2(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "ca.pem")
	cert, err := selfSigned(ca)
	if err != nil {
		t.Fatal(err)
	}
	pemBytes, err := os.ReadFile(ca)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("the written PEM holds no certificate")
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.Proto))
	}))
	srv.EnableHTTP2 = true
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool}, // verification on
		ForceAttemptHTTP2: true,
	}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.ProtoMajor != 2 {
		t.Fatalf("negotiated %s, want HTTP/2", resp.Proto)
	}
}
