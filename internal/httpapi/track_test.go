package httpapi

import (
	"net/http"
	"net/http/httptest"
	"regexp"
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
