package xmlrpc

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// bufBody is a body read whole beforehand, as internal/httpapi's gate
// leaves it; reads counts the Read calls the server makes on it.
type bufBody struct {
	data  []byte
	err   error
	reads int
}

func (b *bufBody) Read(p []byte) (int, error) { b.reads++; return 0, io.EOF }
func (b *bufBody) Close() error               { return nil }
func (b *bufBody) BufferedBody() ([]byte, error) {
	return b.data, b.err
}

// TestServeBufferedBody: a body that offers its bytes is decoded from them
// (never read again), under the same body limit, and the error that ended
// its read is answered as a read error of the server's own would be.
func TestServeBufferedBody(t *testing.T) {
	s := NewServer(WithLimits(Limits{MaxBodyBytes: 200}))
	s.Register("t.m", echoHandler, nil, "")
	tests := []struct {
		name   string
		body   *bufBody
		status int
		want   string
	}{
		{"decoded in place", &bufBody{data: []byte(callXML("hello"))}, 200, "<string>hello</string>"},
		{"over the limit is 413", &bufBody{data: []byte(callXML(strings.Repeat("x", 300)))}, 413, ""},
		{"the read's own 413", &bufBody{data: []byte("<meth"), err: &http.MaxBytesError{Limit: 200}}, 413, ""},
		{"a cut read is a parse fault", &bufBody{data: []byte(callXML("x")), err: errors.New("connection reset")}, 200, "<int>-32700</int>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/XML-RPC", nil)
			req.Body = tt.body
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
				t.Fatalf("status %d %q, want %d with %q", rec.Code, rec.Body.String(), tt.status, tt.want)
			}
			if tt.body.reads != 0 {
				t.Fatalf("the body was read %d times", tt.body.reads)
			}
		})
	}
}
