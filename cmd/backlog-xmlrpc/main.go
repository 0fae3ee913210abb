// Command backlog-xmlrpc is the deployable gateway: it serves the legacy
// Backlog API v1 (XML-RPC, POST /XML-RPC, HTTP Basic) and answers each call
// through Backlog API v2 with the caller's own v2 credentials.
//
// Usage:
//
//	backlog-xmlrpc [flags]                 serve (see --help, README.md)
//	backlog-xmlrpc passwd [flags] LOGIN    add or update a credentials-file entry
//	backlog-xmlrpc healthcheck [flags]     GET /healthz on the local server; exit 0 or 1
//
// This file only wires: Main builds the packages (auth, httpapi, metrics,
// xmlrpc, methods, v2client) from Config, runs them and shuts them down.
package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	_ "time/tzdata" // zone data inside the binary: the image is FROM scratch

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/httpapi"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/logbuf"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/metrics"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches the subcommands and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "passwd":
			return runPasswd(args[1:], stdin, stdout, stderr, os.Getenv)
		case "healthcheck":
			return runHealthcheck(args[1:], stderr, os.Getenv)
		case "version":
			fmt.Fprintln(stdout, version)
			return 0
		}
	}
	m := NewMain()
	m.LogOutput = stderr
	if err := m.Config.Parse(args, nil, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "backlog-xmlrpc:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(stderr, "backlog-xmlrpc:", err)
		return 1
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
wait:
	for {
		select {
		case <-hup:
			if m.reloader == nil {
				m.logger.Info("SIGHUP ignored: no credentials file to reload")
			} else if err := m.Reload(); err != nil {
				m.logger.Error("reload failed; keeping the current credentials", "error", err.Error())
			} else {
				m.logger.Info("credentials reloaded")
			}
		case <-ctx.Done():
			break wait
		case <-m.serveDone:
			break wait
		}
	}
	stop()
	if err := m.Close(); err != nil {
		fmt.Fprintln(stderr, "backlog-xmlrpc:", err)
		return 1
	}
	return 0
}

// Main is the program: Run starts it, Close stops it gracefully. Tests run it
// on 127.0.0.1:0 with Config.Demo or against their own fake.
type Main struct {
	Config Config
	// LogOutput receives the JSON log lines (default os.Stderr).
	LogOutput io.Writer

	logger    *slog.Logger
	logBuf    *logbuf.Writer // batches the log lines (nil with --log-buffer 0)
	metrics   *metrics.Metrics
	ln        net.Listener
	http      *http.Server
	pprof     *http.Server
	serveErr  error
	serveDone chan struct{}
	draining  atomic.Bool
	reloader  interface{ Reload() error }
	pollStop  chan struct{} // stops the credentials poll (nil when off)
	pollDone  chan struct{}
	authN     auth.Authenticator

	fakeSrv  *fake.Server
	fakeHTTP *http.Server

	base         *v2client.Client
	upstreamHTTP *http.Client
	tokensMu     sync.Mutex
	tokens       map[string]*oauthUser // login -> token source (refresh-token entries)
	saveMu       sync.Mutex            // serialises rewrites of the credentials file
	readyMu      sync.Mutex
	readyAt      time.Time
	readyErr     error
	closeOnce    sync.Once
}

// NewMain returns a Main with DefaultConfig.
func NewMain() *Main {
	return &Main{Config: DefaultConfig(), LogOutput: os.Stderr, serveDone: make(chan struct{})}
}

// Addr returns the address the server listens on (after Run).
func (m *Main) Addr() string { return m.ln.Addr().String() }

// Fake returns the in-process Backlog fake in demo mode (nil otherwise).
func (m *Main) Fake() *fake.Server { return m.fakeSrv }

// Metrics returns the server's collectors.
func (m *Main) Metrics() *metrics.Metrics { return m.metrics }

// Reload re-reads the credentials file (SIGHUP). Calls in flight keep the
// credentials they started with; a bad file is refused and the current
// credentials stay in force.
func (m *Main) Reload() error {
	if m.reloader == nil {
		return nil
	}
	return m.reloader.Reload()
}

// Run validates the configuration, starts the demo fake (in demo mode), builds
// the server and starts serving. It returns once the listener is open; the
// server runs until Close.
func (m *Main) Run(ctx context.Context) (err error) {
	cfg := m.Config
	if err := cfg.finish(); err != nil {
		return err
	}
	m.Config = cfg
	if m.LogOutput == nil {
		m.LogOutput = os.Stderr
	}
	level, _ := parseLevel(cfg.LogLevel)
	// The call lines are written by httpapi.CallLineObserver, the others by
	// slog, to the same writer: it must take concurrent whole-line writes.
	var logOut io.Writer = &lockedWriter{w: m.LogOutput}
	if cfg.LogBuffer > 0 {
		m.logBuf = logbuf.New(m.LogOutput, cfg.LogBuffer, logbuf.DefaultSize)
		logOut = m.logBuf
	}
	m.logger = slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: level}))
	startGCHeapFloor(cfg.GCHeapFloor)
	defer func() {
		if err != nil {
			m.shutdownAux()
			m.closeLog() // the process is about to exit: nothing logged may stay in memory
		}
	}()

	var demoCreds *auth.CredentialSet
	if cfg.Demo {
		if demoCreds, err = m.startDemo(); err != nil {
			return err
		}
		cfg.BacklogURL = m.Config.BacklogURL
	}

	// Metric labels: only registered method names (the set is filled once
	// the methods are registered, below).
	var known atomic.Pointer[map[string]bool]
	m.metrics = metrics.New(func(name string) bool {
		set := known.Load()
		return set != nil && (*set)[name]
	})
	srv := xmlrpc.NewServer(
		xmlrpc.WithLimits(xmlrpc.Limits{MaxBodyBytes: cfg.MaxBodyBytes, MaxMulticallCalls: cfg.MaxMulticall}),
		xmlrpc.WithCallObserver(httpapi.CallLineObserver(logOut, level, m.metrics)),
		xmlrpc.WithCallGuard(httpapi.CallGuard()),
		xmlrpc.WithErrorLogger(m.logCallError),
	)

	m.upstreamHTTP = &http.Client{Transport: v2client.NewTransport(), Timeout: cfg.UpstreamTimeout}
	m.base, err = v2client.New(cfg.BacklogURL,
		v2client.WithHTTPClient(m.upstreamHTTP),
		v2client.WithUserAgent("backlog-xmlrpc/"+version),
		v2client.WithObserver(m.observeUpstream),
		v2client.WithWaitHook(workgate.Hook{}),
	)
	if err != nil {
		return err
	}
	svc, err := registerMethods(srv, cfg)
	if err != nil {
		return err
	}
	m.metrics.RegisterCacheStats(svc.Catalog().Stats)
	names := map[string]bool{}
	for _, n := range srv.Methods() {
		names[n] = true
	}
	known.Store(&names)

	limiter := auth.NewLimiter(auth.LimiterConfig{
		LoginBurst: cfg.LoginFailures, LoginEvery: cfg.LoginLockout,
		AddrBurst: cfg.AddrFailures, AddrEvery: cfg.AddrLockout,
	})
	switch {
	case cfg.Auth == AuthModeV2Key:
		m.authN = auth.NewAPIKeyAuthenticator(m.verifyAPIKey, cfg.AuthCacheTTL, nil)
	case cfg.Demo && cfg.CredentialsFile == "":
		m.authN = auth.NewStaticAuthenticator(demoCreds, cfg.AuthCacheTTL, nil)
	default:
		fa, err := auth.NewFileAuthenticator(cfg.CredentialsFile, auth.FileOptions{VerifiedTTL: cfg.AuthCacheTTL, AllowGroupRead: cfg.CredsGroupRead})
		if err != nil {
			return err
		}
		m.authN, m.reloader = fa, fa
		if cfg.CredsPoll > 0 {
			m.startCredentialsPoll(cfg.CredentialsFile, cfg.CredsPoll)
		}
	}
	proxies, _ := cfg.trustedProxies()
	gate := newWorkGate(cfg.WorkSlots)
	if gate != nil { // no gate (--work-slots -1): no work_* series
		m.metrics.WatchGate(gate.Stats)
	}
	handler := httpapi.NewHandler(httpapi.Config{
		XMLRPC: callDeadline(srv, callBudget(cfg.WriteTimeout)),
		Guard: &auth.Guard{Auth: m.authN, Limiter: limiter, Logger: m.logger,
			OnAttempt: func(o auth.Outcome) { m.metrics.AuthAttempt(string(o)) }},
		Bind:           m.bind,
		Metrics:        m.metrics,
		Logger:         m.logger,
		TrustedProxies: proxies,
		MaxBodyBytes:   cfg.MaxBodyBytes,
		Ready:          m.ready,
		ServerTiming:   cfg.ServerTiming,
		MaxInFlight:    cfg.MaxInFlight,
		WorkGate:       gate,
	})

	if cfg.PprofListen != "" {
		if err := m.startPprof(cfg.PprofListen); err != nil {
			return err
		}
	}
	m.ln, err = net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	// Answers of 3-64 KiB (getIssue's) leave in one write(2), not two.
	m.ln = httpapi.CoalescingListener(m.ln)
	m.http = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: min(cfg.ReadTimeout, 10*time.Second),
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(m.logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ConnContext:       httpapi.ConnContext,
	}
	go func() {
		defer close(m.serveDone)
		if err := m.http.Serve(m.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.serveErr = err
			m.logger.Error("HTTP server stopped", "error", err.Error())
		}
	}()
	if !cfg.Demo && strings.HasPrefix(strings.ToLower(cfg.BacklogURL), "http://") {
		m.logger.Warn("--backlog-url is plain http: API keys and tokens travel unencrypted; use https outside tests")
	}
	m.logger.Info("serving legacy Backlog XML-RPC",
		"addr", m.Addr(), "version", version, "demo", cfg.Demo, "auth", cfg.Auth,
		"backlog_url", cfg.BacklogURL, "legacy_url", cfg.LegacyURL, "methods", len(srv.Methods()))
	if m.logBuf != nil {
		m.logBuf.Flush() // whoever waits for the start line (a supervisor, a test) sees it now
	}
	return nil
}

// lockedWriter serialises the writes to w (the log output without
// --log-buffer), each of which is one whole line.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// closeLog writes the log lines still batched in memory and stops the
// batching (later lines are written at once). It is the last thing Close
// does, and Run does it when it fails.
func (m *Main) closeLog() {
	if m.logBuf != nil {
		m.logBuf.Close()
	}
}

// Close stops accepting connections, lets in-flight calls finish within
// ShutdownTimeout (then cuts the rest), and stops the demo fake. /readyz
// answers 503 from the start of Close so load balancers stop sending.
func (m *Main) Close() error {
	var err error
	m.closeOnce.Do(func() {
		m.draining.Store(true)
		if m.http != nil {
			ctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
			defer cancel()
			m.logger.Info("shutting down: finishing in-flight calls", "bound", m.Config.ShutdownTimeout.String())
			if serr := m.http.Shutdown(ctx); serr != nil {
				m.logger.Warn("shutdown bound reached; closing remaining connections", "error", serr.Error())
				m.http.Close()
				err = fmt.Errorf("graceful shutdown: %w", serr)
			}
			<-m.serveDone
			if m.serveErr != nil && err == nil {
				err = m.serveErr
			}
		}
		m.shutdownAux()
		if m.logger != nil {
			m.logger.Info("stopped")
		}
		m.closeLog()
	})
	return err
}

// startCredentialsPoll re-reads the credentials file whenever its
// modification time, size or identity changes (a Kubernetes Secret update
// swaps a symlink, which os.Stat follows), checked every interval: a FROM
// scratch container has no `kill` to send SIGHUP with. A file that fails to
// load keeps the current credentials, as with SIGHUP.
func (m *Main) startCredentialsPoll(path string, interval time.Duration) {
	stop := make(chan struct{})
	done := make(chan struct{})
	m.pollStop, m.pollDone = stop, done
	last, _ := os.Stat(path)
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			st, err := os.Stat(path)
			if err != nil || (last != nil && os.SameFile(st, last) && st.ModTime().Equal(last.ModTime()) && st.Size() == last.Size()) {
				continue
			}
			last = st
			if err := m.Reload(); err != nil {
				m.logger.Error("credentials file changed but could not be loaded; keeping the current credentials", "error", err.Error())
				continue
			}
			m.logger.Info("credentials reloaded", "trigger", "file changed")
		}
	}()
}

// shutdownAux stops the credentials poll and the pprof and demo servers.
func (m *Main) shutdownAux() {
	if m.pollStop != nil {
		close(m.pollStop)
		<-m.pollDone
		m.pollStop = nil
	}
	if m.pprof != nil {
		m.pprof.Close()
	}
	if m.fakeHTTP != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		m.fakeHTTP.Shutdown(ctx)
	}
	if m.upstreamHTTP != nil {
		m.upstreamHTTP.CloseIdleConnections()
	}
}

// startDemo runs the Backlog fake with its seed on a loopback listener and
// returns the demo credentials: every seed user with a password (demo/demo,
// admin/admin, ...) mapped to that user's API key.
func (m *Main) startDemo() (*auth.CredentialSet, error) {
	seed := fake.DefaultSeed()
	var creds []auth.Credential
	for _, u := range seed.Users {
		if u.Password == "" || u.APIKey == "" {
			continue
		}
		// Minimum bcrypt cost: these passwords are published demo values.
		h, err := auth.HashPassword(u.Password, 4)
		if err != nil {
			return nil, fmt.Errorf("demo credentials for %s: %w", u.UserID, err)
		}
		creds = append(creds, auth.Credential{Login: u.UserID, PasswordHash: h, APIKey: u.APIKey})
	}
	set, err := auth.NewCredentialSet(creds)
	if err != nil {
		return nil, err
	}
	m.fakeSrv = fake.New(seed)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	m.fakeHTTP = &http.Server{Handler: m.fakeSrv, ReadHeaderTimeout: 10 * time.Second}
	go m.fakeHTTP.Serve(ln)
	m.Config.BacklogURL = "http://" + ln.Addr().String()
	logins := make([]string, 0, len(creds))
	for _, c := range creds {
		logins = append(logins, c.Login)
	}
	m.logger.Info("demo mode: in-memory Backlog started", "url", m.Config.BacklogURL, "logins", strings.Join(logins, ","))
	return set, nil
}

func (m *Main) startPprof(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--pprof-listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	m.pprof = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go m.pprof.Serve(ln)
	m.logger.Info("pprof serving", "addr", ln.Addr().String())
	return nil
}

// bind gives the call the caller's own v2 client.
func (m *Main) bind(ctx context.Context, id auth.Identity) (context.Context, error) {
	c, err := m.clientFor(id)
	if err != nil {
		return ctx, err
	}
	return withClient(ctx, c), nil
}

// clientFor returns a v2 client acting as id: with its API key, or with a
// refreshing OAuth token source kept per login (so access tokens are reused
// across calls and refreshed once for everyone).
func (m *Main) clientFor(id auth.Identity) (*v2client.Client, error) {
	if id.APIKey != "" {
		return m.base.WithAPIKey(id.APIKey), nil
	}
	if id.RefreshToken == "" {
		return nil, errors.New("identity has no v2 credential")
	}
	if m.Config.OAuthClientID == "" || m.Config.OAuthSecret == "" {
		return nil, errors.New("a refresh-token entry needs --oauth-client-id and BACKLOG_XMLRPC_OAUTH_CLIENT_SECRET")
	}
	m.tokensMu.Lock()
	defer m.tokensMu.Unlock()
	if m.tokens == nil {
		m.tokens = map[string]*oauthUser{}
	}
	u := m.tokens[id.Login]
	// Keep the source while the file holds the token it started from or the
	// one it rotated to (and saved); a token the operator put in the file
	// since starts a new source.
	if u == nil || !(sameSecret(u.fileToken, id.RefreshToken) || sameSecret(u.ts.Current().RefreshToken, id.RefreshToken)) {
		ts := m.base.NewRefreshingTokenSource(
			v2client.OAuthConfig{ClientID: m.Config.OAuthClientID, ClientSecret: m.Config.OAuthSecret},
			v2client.Token{RefreshToken: id.RefreshToken})
		login := id.Login
		ts.OnRefresh = func(tok v2client.Token) { m.saveRotatedToken(login, tok.RefreshToken) }
		u = &oauthUser{ts: ts, fileToken: id.RefreshToken}
		m.tokens[id.Login] = u
	}
	return m.base.WithTokenSource(u.ts), nil
}

// oauthUser is the token source of one refresh-token login.
type oauthUser struct {
	ts        *v2client.RefreshingTokenSource
	fileToken string // the refresh token the source started from
}

func sameSecret(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// saveRotatedToken writes a refresh token that Backlog rotated back into the
// credentials file (atomically, mode 0600) and reloads it, because the old
// refresh token may be invalidated by the rotation (the fake does this; we
// assume Backlog may): without this, the file's token could be dead after a
// restart. A read-only file (a Kubernetes Secret) cannot be
// updated: that is logged, and the rotated token lives until the process
// ends. Called by the token source under its lock, once per refresh.
func (m *Main) saveRotatedToken(login, refreshToken string) {
	path := m.Config.CredentialsFile
	if path == "" || refreshToken == "" {
		return
	}
	m.saveMu.Lock()
	defer m.saveMu.Unlock()
	err := func() error {
		load := auth.LoadFile
		if m.Config.CredsGroupRead {
			load = auth.LoadFileGroupReadable
		}
		set, err := load(path)
		if err != nil {
			return err
		}
		entries := set.Credentials()
		found := false
		for i := range entries {
			if entries[i].Login == login && entries[i].RefreshToken != "" {
				entries[i].RefreshToken, found = refreshToken, true
			}
		}
		if !found {
			return errors.New("the login has no refresh-token entry any more")
		}
		if err := auth.WriteFile(path, entries); err != nil {
			return err
		}
		return m.Reload()
	}()
	if err != nil {
		m.logger.Warn("rotated OAuth refresh token not saved to the credentials file; it is kept in memory until restart", "login", login, "error", err.Error())
		return
	}
	m.logger.Info("rotated OAuth refresh token saved to the credentials file", "login", login)
}

// verifyAPIKey is the API-key-as-password check: GET /users/myself with the
// key; 401 means the key is refused.
func (m *Main) verifyAPIKey(ctx context.Context, key string) (string, error) {
	u, _, err := m.base.WithAPIKey(key).Users.Myself(ctx)
	if err != nil {
		var apiErr *v2client.APIError
		if errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden) {
			return "", auth.ErrBadCredentials
		}
		return "", err
	}
	return u.UserID, nil
}

// observeUpstream is the v2 client's observer: metrics, and the request's
// upstream call count for the call log.
func (m *Main) observeUpstream(ctx context.Context, e v2client.CallEvent) {
	httpapi.CountUpstream(ctx)
	httpapi.AddUpstreamTime(ctx, e.Duration)
	m.metrics.ObserveUpstream(e.Method, e.Route, e.Status, e.Duration, rateRemaining(e))
}

// logCallError logs the cause of a failed call: internal errors at error
// level (the caller only saw "internal error"), the rest at debug.
func (m *Main) logCallError(ctx context.Context, method string, err error) {
	code, _ := xmlrpc.FaultOf(err)
	level := slog.LevelDebug
	if code == xmlrpc.FaultInternal {
		level = slog.LevelError
	}
	login := ""
	if st := httpapi.StateFrom(ctx); st != nil {
		login = st.Login
	}
	m.logger.Log(ctx, level, "call error", "method", m.metrics.MethodLabel(method), "login", login, "fault_code", code, "error", err.Error())
}

// readyCacheFor is how long a readiness answer is reused, so frequent
// probes from several load balancers do not each hit Backlog.
const readyCacheFor = 5 * time.Second

// ready is /readyz: not draining, credentials loaded, Backlog reachable (any
// HTTP answer from GET /api/v2/space without credentials counts: 401 is the
// expected one).
func (m *Main) ready(ctx context.Context) error {
	if m.draining.Load() {
		return errors.New("shutting down")
	}
	if fa, ok := m.authN.(*auth.FileAuthenticator); ok && fa.Len() == 0 {
		return errors.New("no credentials loaded")
	}
	m.readyMu.Lock()
	defer m.readyMu.Unlock()
	if !m.readyAt.IsZero() && time.Since(m.readyAt) < readyCacheFor {
		return m.readyErr
	}
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(cctx, http.MethodGet, strings.TrimSuffix(m.Config.BacklogURL, "/")+"/api/v2/space", nil)
	if err == nil {
		var resp *http.Response
		resp, err = http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				//lint:ignore ST1005 Backlog is a proper noun, and /readyz shows this text
				err = fmt.Errorf("Backlog answered %d", resp.StatusCode)
			}
		}
	}
	if err != nil {
		//lint:ignore ST1005 Backlog is a proper noun, and /readyz shows this text
		err = errors.New("Backlog unreachable")
	}
	m.readyAt, m.readyErr = time.Now(), err
	return err
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("--log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

// rateRemaining is the X-RateLimit-Remaining an upstream answer carried, or
// -1 when it had none.
func rateRemaining(e v2client.CallEvent) int {
	if e.Status == 0 || e.Rate.Limit == 0 {
		return -1
	}
	return e.Rate.Remaining
}
