package httpapi

import (
	"context"
	"log/slog"
	"net/http"
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
	Bind BindFunc
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
	// CallDeadline is the deadline of one /XML-RPC request, CallBudget of
	// the server's write timeout (default 0: none). See callDeadline.
	CallDeadline time.Duration
	// ServerTiming adds a Server-Timing header (upstream time and calls,
	// total time) to every /XML-RPC answer, for the load harness (default
	// off; see ServerTimingHeader).
	ServerTiming bool
	// Version is the version the / page names.
	Version string
	// Links are listed on the / page after /healthz, /readyz and /metrics
	// (e.g. an admin page).
	Links []Link
	// Admin, when set, is served under AdminPrefix (the migration report)
	// to space administrators only: Basic authentication by Guard, the
	// caller bound by Bind, then AdminCheck (required with Admin) must say
	// the caller is one (403 otherwise). See adminOnly.
	Admin      http.Handler
	AdminCheck func(ctx context.Context) (bool, error)
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
	r.Get("/readyz", readyz(cfg.Ready))
	if cfg.Metrics != nil {
		r.Method(http.MethodGet, "/metrics", cfg.Metrics.Handler())
	}
	links := []Link{{"/healthz", "liveness"}, {"/readyz", "readiness (Backlog reachable, credentials loaded)"}}
	if cfg.Metrics != nil {
		links = append(links, Link{"/metrics", "Prometheus metrics"})
	}
	r.Get("/", home(cfg.Version, append(links, cfg.Links...)))
	if cfg.Admin != nil {
		if cfg.AdminCheck == nil {
			panic("httpapi: Config.Admin without AdminCheck")
		}
		r.Handle(AdminPrefix+"*", adminChain(cfg, logger))
	}
	xmlrpcH := xmlrpcChain(cfg, logger)
	r.Handle(XMLRPCPath, xmlrpcH)
	return &front{xmlrpc: xmlrpcH, router: r}
}

// readyz answers /readyz: 200 "ready", or 503 with ready's reason.
func readyz(ready func(context.Context) error) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if ready != nil {
			if err := ready(req.Context()); err != nil {
				w.WriteHeader(http.StatusServiceUnavailable)
				w.Write([]byte("not ready: " + err.Error() + "\n"))
				return
			}
		}
		w.Write([]byte("ready\n"))
	}
}

// xmlrpcChain is the middleware chain of /XML-RPC around cfg.XMLRPC, built
// from the inside out (the package doc lists it outermost first).
func xmlrpcChain(cfg Config, logger *slog.Logger) http.Handler {
	fromXFF, addr := clientAddr(cfg.TrustedProxies)
	guard := *cfg.Guard
	guard.ClientAddr = addr
	h := callDeadline(cfg.XMLRPC, cfg.CallDeadline)
	if cfg.WorkGate != nil { // inside limitInFlight: never wait for its slot holding a gate slot
		h = gateWork(cfg.WorkGate, h)
	}
	if cfg.MaxInFlight > 0 {
		h = limitInFlight(cfg.MaxInFlight, h)
	}
	h = bind(cfg.Bind, logger, h)
	h = guard.Middleware(h)
	h = middleware.RequestSize(cfg.MaxBodyBytes)(h)
	if cfg.ServerTiming {
		h = serverTiming(h)
	}
	if fromXFF != nil {
		h = fromXFF(h)
	}
	h = track(h)
	if cfg.Metrics != nil {
		h = cfg.Metrics.Instrument(h)
	}
	return recoverer(logger)(h)
}
