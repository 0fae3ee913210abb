// Package httpapi is the HTTP face of the gateway: a chi router with
// POST /XML-RPC behind Basic authentication, /healthz, /readyz and /metrics,
// and the middleware around them (request id, client address from trusted
// proxies only, panic recovery, body limit, per-request accounting used by
// the one-line-per-call log).
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/metrics"
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
	r.Use(middleware.RequestID)
	if len(cfg.TrustedProxies) > 0 {
		r.Use(middleware.ClientIPFromXFF(cfg.TrustedProxies...))
	} else {
		r.Use(middleware.ClientIPFromRemoteAddr)
	}
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
	var xmlrpcH http.Handler = cfg.XMLRPC
	if cfg.MaxInFlight > 0 {
		xmlrpcH = limitInFlight(cfg.MaxInFlight, xmlrpcH)
	}
	xmlrpcH = bind(cfg.Bind, logger, xmlrpcH)
	xmlrpcH = guard.Middleware(xmlrpcH)
	xmlrpcH = middleware.RequestSize(cfg.MaxBodyBytes)(xmlrpcH)
	if cfg.ServerTiming {
		xmlrpcH = serverTiming(xmlrpcH)
	}
	xmlrpcH = track(xmlrpcH)
	if cfg.Metrics != nil {
		xmlrpcH = cfg.Metrics.Instrument(xmlrpcH)
	}
	r.Handle("/XML-RPC", xmlrpcH)
	return r
}

// ClientAddr is the client address of r: the one chi's ClientIPFrom*
// middleware established (X-Forwarded-For only from trusted proxies), else
// the TCP peer.
func ClientAddr(r *http.Request) string {
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

// track puts a State in the request context.
func track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, _ := WithState(r.Context(), middleware.GetReqID(r.Context()))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
