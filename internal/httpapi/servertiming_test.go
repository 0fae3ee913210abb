package httpapi

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"
)

// TestServerTiming: the header carries the upstream calls and their summed
// time as AddUpstreamTime/CountUpstream recorded them, whether the handler
// calls WriteHeader or only Write; without the middleware there is none.
func TestServerTiming(t *testing.T) {
	upstream := func(n int, d time.Duration) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < n; i++ {
				CountUpstream(r.Context())
				AddUpstreamTime(r.Context(), d)
			}
			w.Write([]byte("ok"))
		}
	}
	tests := []struct {
		name    string
		handler http.Handler
		want    string // regexp of the header; "" = absent
	}{
		{"two calls", track(serverTiming(upstream(2, 1500*time.Microsecond))), `^upstream;dur=3\.000;desc="2", total;dur=[0-9]+\.[0-9]{3}$`},
		{"no call", track(serverTiming(upstream(0, 0))), `^upstream;dur=0\.000;desc="0", total;dur=[0-9]+\.[0-9]{3}$`},
		{"explicit WriteHeader", track(serverTiming(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			AddUpstreamTime(r.Context(), time.Millisecond)
			CountUpstream(r.Context())
			w.WriteHeader(http.StatusTeapot)
		}))), `^upstream;dur=1\.000;desc="1", total;dur=`},
		{"off", track(upstream(1, time.Millisecond)), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			tc.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/XML-RPC", nil))
			got, ok := rec.Result().Header[ServerTimingHeader]
			if tc.want == "" {
				if ok {
					t.Fatalf("header present: %q", got)
				}
				return
			}
			if len(got) != 1 || !regexp.MustCompile(tc.want).MatchString(got[0]) {
				t.Fatalf("Server-Timing = %q, want match of %s", got, tc.want)
			}
		})
	}
}
