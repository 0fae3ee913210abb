package main

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/httpapi"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/metrics"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/upstream"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/methods"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// newXMLRPCServer builds the metrics and the XML-RPC server with every
// legacy method registered; its call lines go to logOut at level.
func (m *Main) newXMLRPCServer(cfg Config, logOut io.Writer, level slog.Level) (*xmlrpc.Server, error) {
	// Metric labels: only registered method names (the set is filled once
	// the methods are registered, below).
	var known atomic.Pointer[map[string]bool]
	m.metrics = metrics.New(func(name string) bool {
		set := known.Load()
		return set != nil && (*set)[name]
	})
	srv := xmlrpc.NewServer(
		xmlrpc.WithLimits(xmlrpc.Limits{MaxBodyBytes: cfg.MaxBodyBytes, MaxMulticallCalls: cfg.MaxMulticall}),
		xmlrpc.WithCallObserver(httpapi.Observers(
			httpapi.CallLineObserver(logOut, level, m.metrics),
			httpapi.MigrationObserver(m.migration, m.metrics))),
		xmlrpc.WithCallGuard(httpapi.CallGuard()),
		xmlrpc.WithErrorLogger(httpapi.CallErrorLogger(m.logger, m.metrics, methods.FaultOf)),
		xmlrpc.WithFaultFunc(methods.Fault),
	)
	svc, err := registerMethods(srv, cfg)
	if err != nil {
		return nil, err
	}
	m.metrics.RegisterCacheStats(svc.Catalog().Stats)
	names := map[string]bool{}
	for _, n := range srv.Methods() {
		names[n] = true
	}
	known.Store(&names)
	return srv, nil
}

// registerMethods registers every legacy method of package methods on srv,
// configured from cfg (the legacy host of `url` fields, the time-zone
// override, the lookup-cache TTL), and returns the service so its cache
// counters can be exported. The v2 client of each call comes from the
// request context (methods.WithClient, put there by the binder), never
// from here.
func registerMethods(srv *xmlrpc.Server, cfg Config) (*methods.Service, error) {
	var loc *time.Location
	if cfg.TimeZone != "" {
		var err error
		if loc, err = time.LoadLocation(cfg.TimeZone); err != nil {
			return nil, err
		}
	}
	svc := methods.New(methods.Options{
		LegacyBaseURL: cfg.LegacyURL,
		Location:      loc,
		CacheTTL:      cfg.CacheTTL,
	})
	svc.Register(srv)
	return svc, nil
}

// newAuthenticator returns the legacy authentication of cfg.Auth: the API
// key as password (checked through base), the demo logins, or the
// credentials file (kept for Reload, and watched with --credentials-poll).
func (m *Main) newAuthenticator(cfg Config, base *v2client.Client) (auth.Authenticator, error) {
	switch {
	case cfg.Auth == AuthModeV2Key:
		return auth.NewAPIKeyAuthenticator(upstream.APIKeyVerifier(base), cfg.AuthCacheTTL, nil), nil
	case cfg.Demo && cfg.CredentialsFile == "":
		return auth.NewStaticAuthenticator(m.demo.Credentials, cfg.AuthCacheTTL, nil), nil
	}
	fa, err := auth.NewFileAuthenticator(cfg.CredentialsFile, auth.FileOptions{VerifiedTTL: cfg.AuthCacheTTL,
		AllowGroupRead: cfg.CredsGroupRead, Check: oauthCheck(cfg)})
	if err != nil {
		return nil, err
	}
	m.creds = fa
	if cfg.CredsPoll > 0 {
		m.stops = append(m.stops, fa.Watch(cfg.CredsPoll, m.logger))
	}
	return fa, nil
}

// newHandler builds the HTTP handler: authentication by authN with the
// failed-login limiter, each caller bound to its own client made from base
// (rotated refresh tokens saved to the credentials file), the readiness
// probe, the work gate and the call deadline.
func (m *Main) newHandler(cfg Config, srv *xmlrpc.Server, base *v2client.Client, authN auth.Authenticator) http.Handler {
	limiter := auth.NewLimiter(auth.LimiterConfig{
		LoginBurst: cfg.LoginFailures, LoginEvery: cfg.LoginLockout,
		AddrBurst: cfg.AddrFailures, AddrEvery: cfg.AddrLockout,
	})
	opts := upstream.Options{
		OAuth:  v2client.OAuthConfig{ClientID: cfg.OAuthClientID, ClientSecret: cfg.OAuthSecret},
		Logger: m.logger,
	}
	if m.creds != nil {
		opts.SaveRefreshToken = m.creds.SaveRefreshToken
		opts.CurrentRefreshToken = m.creds.CurrentRefreshToken
	}
	m.ready = upstream.NewReadiness(cfg.BacklogURL, authN)
	proxies, _ := cfg.trustedProxies()
	gate := newWorkGate(cfg.WorkSlots)
	if gate != nil { // no gate (--work-slots -1): no work_* series
		m.metrics.WatchGate(gate.Stats)
	}
	return httpapi.NewHandler(httpapi.Config{
		XMLRPC: srv,
		Guard: &auth.Guard{Auth: authN, Limiter: limiter, Logger: m.logger,
			OnAttempt: func(o auth.Outcome) { m.metrics.AuthAttempt(string(o)) }},
		Bind:           upstream.NewClients(base, opts).Binder(methods.WithClient),
		Metrics:        m.metrics,
		Logger:         m.logger,
		TrustedProxies: proxies,
		MaxBodyBytes:   cfg.MaxBodyBytes,
		Ready:          m.ready.Check,
		ServerTiming:   cfg.ServerTiming,
		MaxInFlight:    cfg.MaxInFlight,
		WorkGate:       gate,
		CallDeadline:   httpapi.CallBudget(cfg.WriteTimeout),
		Version:        Version(),
		Links:          []httpapi.Link{{Path: "/admin/migration", Text: "migration report: who still calls what (space administrators)"}},
		Admin:          m.migration.Handler(),
		AdminCheck:     methods.IsSpaceAdministrator,
	})
}

// oauthCheck refuses a credentials set with refresh-token entries when the
// OAuth client is not configured: those logins could only fail, call by
// call. It names the logins (not secrets) and the fix.
func oauthCheck(cfg Config) func(*auth.CredentialSet) error {
	return func(set *auth.CredentialSet) error {
		logins := set.RefreshTokenLogins()
		if len(logins) == 0 || (cfg.OAuthClientID != "" && cfg.OAuthSecret != "") {
			return nil
		}
		which := fmt.Sprintf("%d entries hold an OAuth refresh token", len(logins))
		if len(logins) == 1 {
			which = "1 entry holds an OAuth refresh token"
		}
		return fmt.Errorf("credentials file %s: %s (%s), which needs --oauth-client-id and BACKLOG_XMLRPC_OAUTH_CLIENT_SECRET", cfg.CredentialsFile, which, strings.Join(logins, ", "))
	}
}
