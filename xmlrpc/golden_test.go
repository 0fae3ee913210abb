package xmlrpc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	kolo "github.com/kolo/xmlrpc"
)

// TestGolden posts every testdata/xmlrpc/golden/<case>.request.xml to a
// server with validator1 and test.echo registered and compares the answer
// byte for byte with <case>.response.xml (our output is deterministic, so no
// canonicalisation is needed). go test ./xmlrpc -run Golden -update
// rewrites the responses. Each response is also read by kolo/xmlrpc, an
// independent client.
func TestGolden(t *testing.T) {
	s := NewServer()
	registerValidator1(s)
	s.Register("test.echo", func(_ context.Context, params []Value) (Value, error) { return Array(params...), nil }, nil, "")
	reqs, _ := filepath.Glob(filepath.Join(benchDir, "golden", "*.request.xml"))
	if len(reqs) < 20 {
		t.Fatalf("only %d golden cases", len(reqs))
	}
	for _, reqPath := range reqs {
		name := strings.TrimSuffix(filepath.Base(reqPath), ".request.xml")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(reqPath)
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/XML-RPC", bytes.NewReader(body)))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			got, _ := io.ReadAll(rec.Body)
			respPath := strings.TrimSuffix(reqPath, ".request.xml") + ".response.xml"
			if *update {
				if err := os.WriteFile(respPath, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(respPath)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("response differs from %s\ngot  %s\nwant %s", respPath, got, want)
			}
			isFault := strings.HasPrefix(name, "fault_")
			var fe kolo.FaultError
			err = kolo.Response(got).Err()
			if isFault != errors.As(err, &fe) {
				t.Fatalf("kolo sees fault=%v (%v), case says fault=%v", err != nil, err, isFault)
			}
			if !isFault {
				var v any
				if err := kolo.Response(got).Unmarshal(&v); err != nil {
					t.Fatalf("kolo cannot read the response: %v", err)
				}
			}
		})
	}
}
