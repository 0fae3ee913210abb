package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// State is the per-request accounting shared by the middleware, the v2
// client observer and the call observer: who is calling, how many upstream
// calls the request made and how long they took. Calls inside one request
// run one after another (system.multicall is sequential), so
// MarkCall/UpstreamSinceMark give each call its own count.
type State struct {
	RequestID string
	Start     time.Time
	Login     string // set once authenticated
	UserAgent string // the request's User-Agent (the migration report's client column)
	upstream  atomic.Int64
	mark      atomic.Int64
	// upstreamNanos is the time spent in upstream exchanges (AddUpstreamTime).
	upstreamNanos atomic.Int64
}

type stateKey struct{}

// WithState returns ctx carrying a fresh State.
func WithState(ctx context.Context, requestID string) (context.Context, *State) {
	st := &State{RequestID: requestID, Start: time.Now()}
	return context.WithValue(ctx, stateKey{}, st), st
}

// StateFrom returns the request's State, or nil outside a request.
func StateFrom(ctx context.Context) *State {
	st, _ := ctx.Value(stateKey{}).(*State)
	return st
}

// CountUpstream adds one upstream call to the request of ctx (no-op outside
// a request). The v2 client's observer calls it (see package upstream).
func CountUpstream(ctx context.Context) {
	if st := StateFrom(ctx); st != nil {
		st.upstream.Add(1)
	}
}

// AddUpstreamTime adds d to the upstream time of the request of ctx (no-op
// outside a request). The v2 client's observer calls it next to
// CountUpstream.
func AddUpstreamTime(ctx context.Context, d time.Duration) {
	if st := StateFrom(ctx); st != nil {
		st.upstreamNanos.Add(int64(d))
	}
}

// Upstream returns the upstream calls the request made so far.
func (s *State) Upstream() int64 { return s.upstream.Load() }

// UpstreamTime returns the time spent in upstream exchanges so far.
func (s *State) UpstreamTime() time.Duration { return time.Duration(s.upstreamNanos.Load()) }

// MarkCall notes the start of one call (wire it into the xmlrpc call guard).
func (s *State) MarkCall() { s.mark.Store(s.upstream.Load()) }

// UpstreamSinceMark returns the upstream calls since the last MarkCall.
func (s *State) UpstreamSinceMark() int64 { return s.upstream.Load() - s.mark.Load() }

// track puts a State in the request context, with the request's id: its
// X-Request-Id header when acceptableRequestID accepts it, else a new one
// (newRequestID). The id is written on every call line, each inner call of
// a system.multicall included, so a client's id is never logged unless it
// is short and plain: a 60 KB id would otherwise add 60 KB of log per
// call. It is
// the one request copy of the accounting: the request id and the State
// share it, and the client address needs none without trusted proxies.
func track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(middleware.RequestIDHeader)
		if !acceptableRequestID(id) {
			id = newRequestID()
		}
		ctx, st := WithState(r.Context(), id)
		st.UserAgent = r.Header.Get("User-Agent")
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// maxRequestIDLen is the longest X-Request-Id kept (acceptableRequestID):
// room for a UUID, a W3C traceparent (55 bytes) or an AWS trace id, and
// a bound on what one call line can carry from the client.
const maxRequestIDLen = 128

// acceptableRequestID reports whether a client's X-Request-Id is used as
// the request id: 1 to maxRequestIDLen bytes of printable ASCII other than
// space, '"' and '\' (nothing a log line would escape or a reader could
// mistake for a field boundary).
func acceptableRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// requestIDPrefix and requestIDSeq make request ids in chi's RequestID
// format, "HOST/RANDOM10-000042", built without fmt.
var (
	requestIDPrefix = makeRequestIDPrefix()
	requestIDSeq    atomic.Uint64
)

// newRequestID returns the next request id.
func newRequestID() string {
	n := requestIDSeq.Add(1)
	b := make([]byte, 0, len(requestIDPrefix)+1+20)
	b = append(b, requestIDPrefix...)
	b = append(b, '-')
	if n < 100000 { // %06d
		for p := uint64(100000); p > 1 && n < p; p /= 10 {
			b = append(b, '0')
		}
	}
	b = strconv.AppendUint(b, n, 10)
	return string(b)
}

// makeRequestIDPrefix is chi's: the host name and 10 random base64
// characters (without + and /).
func makeRequestIDPrefix() string {
	host, err := os.Hostname()
	if host == "" || err != nil {
		host = "localhost"
	}
	var buf [12]byte
	var b64 string
	for len(b64) < 10 {
		rand.Read(buf[:])
		b64 = strings.NewReplacer("+", "", "/", "").Replace(base64.StdEncoding.EncodeToString(buf[:]))
	}
	return host + "/" + b64[:10]
}
