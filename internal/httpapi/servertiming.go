package httpapi

import (
	"net/http"
	"strconv"
	"time"
)

// ServerTimingHeader is the response header serverTiming writes (the W3C
// Server-Timing syntax), e.g.
//
//	Server-Timing: upstream;dur=0.412;desc="1", total;dur=0.655
//
// upstream: the time spent in Backlog v2 HTTP exchanges during the request
// (milliseconds, summed over attempts, measured by the v2 client from
// before the request is sent to after the body is read) and, in desc, how
// many exchanges there were; total: the time from the start of the request
// accounting (before authentication) to the moment the answer's header is
// written (the methodResponse is fully encoded by then). The load harness
// (cmd/backlog-load) subtracts upstream from its measured latency to get the
// latency the gateway adds.
const ServerTimingHeader = "Server-Timing"

// serverTiming writes ServerTimingHeader on every answer of next. It must
// run inside track (it reads the request's State). Off by default
// (Config.ServerTiming): it exposes timings, which is for benchmarks and
// debugging, not for every deployment.
func serverTiming(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := StateFrom(r.Context())
		if st == nil {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&timingWriter{ResponseWriter: w, st: st}, r)
	})
}

// timingWriter sets the Server-Timing header just before the header is
// written.
type timingWriter struct {
	http.ResponseWriter
	st      *State
	written bool
}

// WriteHeader sets the header, then writes the status.
func (t *timingWriter) WriteHeader(code int) {
	if !t.written {
		t.written = true
		t.Header().Set(ServerTimingHeader, formatServerTiming(t.st.Upstream(), t.st.UpstreamTime(), time.Since(t.st.Start)))
	}
	t.ResponseWriter.WriteHeader(code)
}

// Write writes the header first if needed.
func (t *timingWriter) Write(b []byte) (int, error) {
	if !t.written {
		t.WriteHeader(http.StatusOK)
	}
	return t.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (t *timingWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }

// formatServerTiming renders the header value (durations in milliseconds
// with microsecond resolution).
func formatServerTiming(calls int64, upstream, total time.Duration) string {
	b := make([]byte, 0, 64)
	b = append(b, "upstream;dur="...)
	b = appendMillis(b, upstream)
	b = append(b, ";desc=\""...)
	b = strconv.AppendInt(b, calls, 10)
	b = append(b, "\", total;dur="...)
	b = appendMillis(b, total)
	return string(b)
}

func appendMillis(b []byte, d time.Duration) []byte {
	return strconv.AppendFloat(b, float64(d.Microseconds())/1000, 'f', 3, 64)
}
