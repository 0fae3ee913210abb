package reliability

import (
	"context"
	"crypto/tls"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// TestUpstreamTLSVerificationOn: the v2 client's default transport refuses a
// server whose certificate it cannot verify (here httptest's self-signed
// one) before any request reaches it; the same server is reachable once its
// certificate is trusted, so it is the verification that refused.
func TestUpstreamTLSVerificationOn(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":1,"userId":"demo","name":"demo","roleType":2}`))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	c, err := v2client.New(srv.URL, v2client.WithRetry(v2client.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.WithAPIKey("tls-test-key").Users.Myself(ctx)
	var cve *tls.CertificateVerificationError
	if !errors.As(err, &cve) {
		t.Fatalf("call to an unverifiable server: err = %v, want a certificate verification error", err)
	}
	if strings.Contains(err.Error(), "tls-test-key") {
		t.Errorf("the error quotes the API key: %v", err)
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("%d requests reached the unverified server", n)
	}

	trusted, err := v2client.New(srv.URL, v2client.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := trusted.WithAPIKey("tls-test-key").Users.Myself(ctx); err != nil {
		t.Fatalf("with the certificate trusted the call fails too, so the test proves nothing: %v", err)
	}
	if hits.Load() != 1 {
		t.Fatalf("hits = %d, want 1", hits.Load())
	}
}

// TestInsecureTransportRefused: a transport with InsecureSkipVerify cannot
// be given to the v2 client.
func TestInsecureTransportRefused(t *testing.T) {
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	if _, err := v2client.New("https://example.backlog.jp", v2client.WithHTTPClient(hc)); err == nil {
		t.Fatal("v2client.New accepted a transport that skips TLS verification")
	}
}

// TestNoInsecureSkipVerifyInProductionCode: no production file sets
// InsecureSkipVerify at all (tests may, against httptest servers).
func TestNoInsecureSkipVerifyInProductionCode(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || d.Name() == ".git" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "InsecureSkipVerify" {
					t.Errorf("%s: InsecureSkipVerify set in production code", fset.Position(kv.Pos()))
				}
			}
			// Reading the field (to refuse it) is fine; writes are caught here.
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, l := range as.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "InsecureSkipVerify" {
						t.Errorf("%s: InsecureSkipVerify assigned in production code", fset.Position(as.Pos()))
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
