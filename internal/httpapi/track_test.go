package httpapi

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRequestIDs: a request keeps the X-Request-Id it came with; otherwise
// it gets a new id in chi's RequestID format (host/RANDOM10-NNNNNN, the
// sequence zero-padded to six digits), a different one per request.
func TestRequestIDs(t *testing.T) {
	seen := func(hdr string) string {
		var id string
		h := track(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { id = StateFrom(r.Context()).RequestID }))
		r := httptest.NewRequest("POST", XMLRPCPath, nil)
		if hdr != "" {
			r.Header.Set("X-Request-Id", hdr)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		return id
	}
	if got := seen("from-the-proxy-42"); got != "from-the-proxy-42" {
		t.Fatalf("X-Request-Id not kept: %q", got)
	}
	format := regexp.MustCompile(`^[^/]+/[A-Za-z0-9]{10}-[0-9]{6,}$`)
	a, b := seen(""), seen("")
	if !format.MatchString(a) || !format.MatchString(b) || a == b {
		t.Fatalf("generated ids %q, %q", a, b)
	}
	for _, tc := range []struct {
		n    uint64
		want string
	}{{1, "-000001"}, {42, "-000042"}, {99999, "-099999"}, {100000, "-100000"}, {1234567, "-1234567"}} {
		requestIDSeq.Store(tc.n - 1)
		if got := newRequestID(); got != requestIDPrefix+tc.want {
			t.Errorf("id %d = %q, want %q", tc.n, got, requestIDPrefix+tc.want)
		}
	}
}

// TestAddUpstreamTimeOutsideRequest: no State, no panic, nothing recorded.
func TestAddUpstreamTimeOutsideRequest(t *testing.T) {
	AddUpstreamTime(t.Context(), time.Second)
}

// TestRequestIDRefused: a client's X-Request-Id is kept only when it is
// short and of safe characters (acceptableRequestID); any other gets a
// generated id instead, so the call log of a request cannot be inflated
// through it: a 60 KB id on a 256-call request adds no more than the
// ordinary line per call.
func TestRequestIDRefused(t *testing.T) {
	seen := func(hdr string) string {
		var id string
		h := track(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { id = StateFrom(r.Context()).RequestID }))
		r := httptest.NewRequest("POST", XMLRPCPath, nil)
		r.Header.Set("X-Request-Id", hdr)
		h.ServeHTTP(httptest.NewRecorder(), r)
		return id
	}
	generated := regexp.MustCompile(`^[^/]+/[A-Za-z0-9]{10}-[0-9]{6,}$`)
	for _, kept := range []string{
		"a", "from-the-proxy-42", "0af7651916cd43dd8448eb211c80319c",
		"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
		"Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
		strings.Repeat("x", maxRequestIDLen),
	} {
		if got := seen(kept); got != kept {
			t.Errorf("X-Request-Id %q not kept: %q", kept, got)
		}
	}
	for _, refused := range []string{
		strings.Repeat("x", maxRequestIDLen+1),
		strings.Repeat("A", 60<<10),
		`quote"d`, `back\slash`, "with space", "tab\there", "nul\x00", "del\x7f",
		"é-accent", "課題",
	} {
		if got := seen(refused); got == refused || !generated.MatchString(got) {
			t.Errorf("X-Request-Id %.40q: request id %.40q, want a generated one", refused, got)
		}
	}

	// The call log of a 256-call request with a 60 KB id.
	var out bytes.Buffer
	obs := CallLineObserver(&out, slog.LevelInfo, nil)
	const calls = 256
	h := track(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		for range calls {
			obs(r.Context(), "backlog.getProjects", 0, time.Millisecond)
		}
	}))
	r := httptest.NewRequest("POST", XMLRPCPath, nil)
	r.Header.Set("X-Request-Id", strings.Repeat("A", 60<<10))
	h.ServeHTTP(httptest.NewRecorder(), r)
	per := out.Len() / calls
	t.Logf("%d log bytes per call, %d in all, with a 60 KB X-Request-Id on %d calls", per, out.Len(), calls)
	if per > 512 {
		t.Fatalf("%d log bytes per call with a 60 KB X-Request-Id (%d in all), want <= 512", per, out.Len())
	}
}
