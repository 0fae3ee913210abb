// Package httpapi is the HTTP face of the gateway: a chi router with
// POST /XML-RPC behind Basic authentication, /healthz, /readyz and /metrics,
// and the middleware around them (request id, client address from trusted
// proxies only, panic recovery, body limit, per-request accounting used by
// the one-line-per-call log).
package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/metrics"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"
)

// Config is what NewHandler wires together. Zero fields are optional unless
// said otherwise.
type Config struct {
	// XMLRPC serves the legacy calls (required): the *xmlrpc.Server.
	XMLRPC http.Handler
	// Guard authenticates /XML-RPC (required).
	Guard *auth.Guard
	// Bind runs after authentication and returns the context the call runs
	// in: it puts the caller's own v2 client there (methods.WithClient).
	Bind func(ctx context.Context, id auth.Identity) (context.Context, error)
	// Metrics, when set, is served on /metrics and counts /XML-RPC responses.
	Metrics *metrics.Metrics
	// Logger receives the error lines of this layer (default slog.Default()).
	Logger *slog.Logger
	// TrustedProxies lists the CIDR prefixes whose X-Forwarded-For is
	// believed; empty means the TCP peer is always the client (default).
	TrustedProxies []string
	// MaxBodyBytes caps a request body (default 10 MiB; bigger -> 413).
	MaxBodyBytes int64
	// Ready reports readiness for /readyz (nil: always ready).
	Ready func(ctx context.Context) error
	// MaxInFlight is the most /XML-RPC calls processed at once after
	// authentication; more wait for a slot (default 0: no limit). See
	// limitInFlight.
	MaxInFlight int
	// WorkGate, when set, bounds the calls using CPU and memory at once
	// without counting their waits for Backlog (default nil: no gate). See
	// gateWork and package workgate.
	WorkGate *workgate.Gate
	// ServerTiming adds a Server-Timing header (upstream time and calls,
	// total time) to every /XML-RPC answer, for the load harness (default
	// off; see ServerTimingHeader).
	ServerTiming bool
}

// NewHandler returns the server's router. It panics on an invalid trusted
// proxy prefix (a configuration bug caught at start-up; cmd validates first).
func NewHandler(cfg Config) http.Handler {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 10 << 20
	}
	r := chi.NewRouter()
	r.Use(recoverer(logger))

	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	r.Get("/readyz", func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if cfg.Ready != nil {
			if err := cfg.Ready(req.Context()); err != nil {
				w.WriteHeader(http.StatusServiceUnavailable)
				w.Write([]byte("not ready: " + err.Error() + "\n"))
				return
			}
		}
		w.Write([]byte("ready\n"))
	})
	if cfg.Metrics != nil {
		r.Method(http.MethodGet, "/metrics", cfg.Metrics.Handler())
	}

	guard := *cfg.Guard
	guard.ClientAddr = ClientAddr
	if len(cfg.TrustedProxies) > 0 {
		guard.ClientAddr = trustedClientAddr
	}
	var xmlrpcH http.Handler = cfg.XMLRPC
	if cfg.WorkGate != nil { // inside limitInFlight: never wait for its slot holding a gate slot
		xmlrpcH = gateWork(cfg.WorkGate, xmlrpcH)
	}
	if cfg.MaxInFlight > 0 {
		xmlrpcH = limitInFlight(cfg.MaxInFlight, xmlrpcH)
	}
	xmlrpcH = bind(cfg.Bind, logger, xmlrpcH)
	xmlrpcH = guard.Middleware(xmlrpcH)
	xmlrpcH = middleware.RequestSize(cfg.MaxBodyBytes)(xmlrpcH)
	if cfg.ServerTiming {
		xmlrpcH = serverTiming(xmlrpcH)
	}
	if len(cfg.TrustedProxies) > 0 {
		// The X-Forwarded-For walk stays chi's (trusted hops skipped from
		// the right); without trusted proxies ClientAddr needs no
		// middleware at all.
		xmlrpcH = middleware.ClientIPFromXFF(cfg.TrustedProxies...)(xmlrpcH)
	}
	xmlrpcH = track(xmlrpcH)
	if cfg.Metrics != nil {
		xmlrpcH = cfg.Metrics.Instrument(xmlrpcH)
	}
	xmlrpcH = recoverer(logger)(xmlrpcH)
	r.Handle("/XML-RPC", xmlrpcH)
	return &front{xmlrpc: xmlrpcH, router: r}
}

// XMLRPCPath is the one path of the legacy API.
const XMLRPCPath = "/XML-RPC"

// front sends /XML-RPC straight to its handler chain and everything else
// through the chi router. Every legacy call would otherwise pay chi's route
// context and one more request copy (r.WithContext) for a path known in
// advance; the router still holds the same chain for /XML-RPC, so routing
// by either gives the same answer.
type front struct {
	xmlrpc http.Handler
	router http.Handler
}

func (f *front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == XMLRPCPath && r.URL.RawPath == "" {
		if cc, ok := r.Context().Value(connKey{}).(*coalescingConn); ok {
			w = &coalescingWriter{ResponseWriter: w, conn: cc}
		}
		f.xmlrpc.ServeHTTP(w, r)
		return
	}
	f.router.ServeHTTP(w, r)
}

// ClientAddr is the client address of r when no proxy is trusted: the TCP
// peer (an IPv4-mapped IPv6 peer as plain IPv4, as chi's
// ClientIPFromRemoteAddr gives it), read from r.RemoteAddr where it is
// needed instead of being put in the context of every request.
func ClientAddr(r *http.Request) string {
	if ip, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ip.Addr().Unmap().String()
	}
	if ip, err := netip.ParseAddr(r.RemoteAddr); err == nil { // a bare address (tests)
		return ip.Unmap().String()
	}
	return auth.RemoteHost(r)
}

// trustedClientAddr is the client address of r behind trusted proxies: the
// one chi's ClientIPFromXFF established (X-Forwarded-For only from trusted
// proxies), else the TCP peer.
func trustedClientAddr(r *http.Request) string {
	if ip := middleware.GetClientIP(r.Context()); ip != "" {
		return ip
	}
	return auth.RemoteHost(r)
}

// bind turns the authenticated identity into the call's context (the
// caller's v2 client) and records the login for the call log.
func bind(f func(context.Context, auth.Identity) (context.Context, error), logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, _ := auth.IdentityFrom(ctx)
		if st := StateFrom(ctx); st != nil {
			st.Login = id.Login
		}
		if f != nil {
			var err error
			ctx, err = f(ctx, id)
			if err != nil {
				logger.ErrorContext(ctx, "cannot prepare the caller's upstream client", "login", id.Login, "error", err.Error())
				http.Error(w, "503 upstream client unavailable", http.StatusServiceUnavailable)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// recoverer turns a panic outside the XML-RPC runtime (which has its own)
// into a 500 and an error log line without the request's content. It
// replaces chi's middleware.Recoverer, which prints a plain-text stack to
// stderr and would break the one-JSON-object-per-line log.
func recoverer(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					logger.ErrorContext(r.Context(), "panic serving HTTP", "path", r.URL.Path, "panic", p)
					w.WriteHeader(http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// State is the per-request accounting shared by the middleware, the v2
// client observer and the call observer: who is calling and how many
// upstream calls the request made. Calls inside one request run one after
// another (system.multicall is sequential), so MarkCall/UpstreamSinceMark
// give each call its own count.
type State struct {
	RequestID string
	Start     time.Time
	Login     string // set once authenticated
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
// a request). Wire it into the v2 client's observer.
func CountUpstream(ctx context.Context) {
	if st := StateFrom(ctx); st != nil {
		st.upstream.Add(1)
	}
}

// Upstream returns the upstream calls the request made so far.
func (s *State) Upstream() int64 { return s.upstream.Load() }

// MarkCall notes the start of one call (wire it into the xmlrpc call guard).
func (s *State) MarkCall() { s.mark.Store(s.upstream.Load()) }

// UpstreamSinceMark returns the upstream calls since the last MarkCall.
func (s *State) UpstreamSinceMark() int64 { return s.upstream.Load() - s.mark.Load() }

// track puts a State in the request context, with the request's id: its
// X-Request-Id header when it has one, else a new one (requestID). This one
// request copy replaces three (chi's RequestID and ClientIPFromRemoteAddr,
// and the State's own).
func track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(middleware.RequestIDHeader)
		if id == "" {
			id = newRequestID()
		}
		ctx, _ := WithState(r.Context(), id)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requestIDPrefix and requestIDSeq make request ids in chi's RequestID
// format, "HOST/RANDOM10-000042": the same ids in the log as before, built
// without fmt.
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
