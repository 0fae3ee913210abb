package upstream

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"sync"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/httpapi"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Options configure Clients.
type Options struct {
	// OAuth is the OAuth client of refresh-token identities; both its
	// ClientID and ClientSecret are needed for them.
	OAuth v2client.OAuthConfig
	// SaveRefreshToken, when set, stores a refresh token Backlog rotated
	// (auth.FileAuthenticator.SaveRefreshToken); nil keeps rotated tokens in
	// memory only.
	SaveRefreshToken func(login, refreshToken string) error
	// CurrentRefreshToken, when set, re-reads the refresh token of login
	// from the credentials file (auth.FileAuthenticator.CurrentRefreshToken);
	// a refresh refused as invalid_grant is retried once with it, so
	// replicas sharing one writable file follow each other's rotations.
	CurrentRefreshToken func(login string) (string, error)
	// Logger receives one line per rotated refresh token (saved or not).
	Logger *slog.Logger
}

// Clients makes the v2 client of each caller from one base client (its
// transport, user agent and observer).
type Clients struct {
	base *v2client.Client
	opts Options

	mu     sync.Mutex
	tokens map[string]*oauthUser // login -> token source (refresh-token identities)
}

// NewClients returns the per-caller clients made from base.
func NewClients(base *v2client.Client, opts Options) *Clients {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Clients{base: base, opts: opts, tokens: map[string]*oauthUser{}}
}

// Binder returns httpapi's Bind: the caller's client, put in the call's
// context by with (methods.WithClient).
func (c *Clients) Binder(with func(context.Context, *v2client.Client) context.Context) httpapi.BindFunc {
	return func(ctx context.Context, id auth.Identity) (context.Context, error) {
		cl, err := c.For(id)
		if err != nil {
			return ctx, err
		}
		return with(ctx, cl), nil
	}
}

// For returns a v2 client acting as id: with its API key, or with a
// refreshing OAuth token source kept per login (so access tokens are reused
// across calls and refreshed once for everyone).
func (c *Clients) For(id auth.Identity) (*v2client.Client, error) {
	if id.APIKey != "" {
		return c.base.WithAPIKey(id.APIKey), nil
	}
	if id.RefreshToken == "" {
		return nil, errors.New("identity has no v2 credential")
	}
	if c.opts.OAuth.ClientID == "" || c.opts.OAuth.ClientSecret == "" {
		return nil, errors.New("a refresh-token entry needs --oauth-client-id and BACKLOG_XMLRPC_OAUTH_CLIENT_SECRET")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	u := c.tokens[id.Login]
	// Keep the source while the file holds the token it started from or the
	// one it rotated to (and saved); a token the operator put in the file
	// since starts a new source.
	if u == nil || !(sameSecret(u.fileToken, id.RefreshToken) || sameSecret(u.ts.Current().RefreshToken, id.RefreshToken)) {
		ts := c.base.NewRefreshingTokenSource(c.opts.OAuth, v2client.Token{RefreshToken: id.RefreshToken})
		login := id.Login
		ts.OnRefresh = func(tok v2client.Token) { c.saveRotated(login, tok.RefreshToken) }
		if c.opts.CurrentRefreshToken != nil {
			ts.Reread = func() string { return c.reread(login) }
		}
		u = &oauthUser{ts: ts, fileToken: id.RefreshToken}
		c.tokens[id.Login] = u
	}
	return c.base.WithTokenSource(u.ts), nil
}

// oauthUser is the token source of one refresh-token login.
type oauthUser struct {
	ts        *v2client.RefreshingTokenSource
	fileToken string // the refresh token the source started from
}

func sameSecret(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// saveRotated stores a refresh token that Backlog rotated, because the old
// one may be invalidated by the rotation (the fake does this; Backlog may).
// When it cannot be saved (a read-only file, such as a Kubernetes Secret)
// that is logged, and the rotated token lives until the process ends.
// Called by the token source under its lock, once per refresh.
func (c *Clients) saveRotated(login, refreshToken string) {
	if c.opts.SaveRefreshToken == nil || refreshToken == "" {
		return
	}
	if err := c.opts.SaveRefreshToken(login, refreshToken); err != nil {
		c.opts.Logger.Warn("rotated OAuth refresh token not saved to the credentials file; it is kept in memory until restart", "login", login, "error", err.Error())
		return
	}
	c.opts.Logger.Info("rotated OAuth refresh token saved to the credentials file", "login", login)
}

// reread returns the refresh token the credentials file holds for login now,
// after Backlog refused the one in memory (invalid_grant).
func (c *Clients) reread(login string) string {
	rt, err := c.opts.CurrentRefreshToken(login)
	if err != nil {
		c.opts.Logger.Warn("OAuth refresh token refused (invalid_grant) and the credentials file could not be re-read", "login", login, "error", err.Error())
		return ""
	}
	c.opts.Logger.Info("OAuth refresh token refused (invalid_grant); retrying once with the one in the credentials file", "login", login)
	return rt
}
