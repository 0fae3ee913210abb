package v2client

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// TokenSource hands out OAuth 2 access tokens for the Bearer header.
type TokenSource interface {
	// Token returns an access token that is valid now.
	Token(ctx context.Context) (string, error)
}

// Refresher is a TokenSource that can replace a token Backlog refused (401).
type Refresher interface {
	// Refresh returns a new token unless the source already moved past
	// rejected (another request refreshed it meanwhile).
	Refresh(ctx context.Context, rejected string) (string, error)
}

// StaticToken is a TokenSource that always returns the same access token
// (no refresh).
type StaticToken string

// Token returns the token.
func (t StaticToken) Token(context.Context) (string, error) { return string(t), nil }

func (t StaticToken) secrets() []string { return []string{string(t)} }

// Token is an OAuth 2 token pair.
type Token struct {
	AccessToken  string
	RefreshToken string
	Expiry       time.Time // zero: unknown (treated as expired only after a 401)
}

// OAuthConfig holds the registered application's credentials.
type OAuthConfig struct {
	ClientID     string
	ClientSecret string
}

// refreshSkew is how long before Expiry a token is refreshed.
const refreshSkew = time.Minute

// RefreshingTokenSource hands out the current access token and refreshes it
// through POST /api/v2/oauth2/token (grant_type=refresh_token) shortly
// before it expires and after a 401. It is safe for concurrent use; one
// refresh runs at a time and concurrent callers wait for it.
type RefreshingTokenSource struct {
	client *Client // credential-free client of the same space
	cfg    OAuthConfig
	// OnRefresh, when set, is called (under the source's lock) with each new
	// token pair, e.g. to persist the rotated refresh token.
	OnRefresh func(Token)
	// Reread, when set, is asked once for a refresh token to retry with
	// after the token endpoint answered invalid_grant: the one the
	// credentials store holds now (another process sharing it may have
	// rotated and saved it). "" or the refused token: no retry.
	Reread func() string

	mu  sync.Mutex
	tok Token
}

// NewRefreshingTokenSource returns a source starting from tok, refreshing
// through c's space with the application credentials cfg.
func (c *Client) NewRefreshingTokenSource(cfg OAuthConfig, tok Token) *RefreshingTokenSource {
	base := c.clone()
	base.apiKey, base.tokens = "", nil
	return &RefreshingTokenSource{client: base, cfg: cfg, tok: tok}
}

// Token returns the current access token, refreshing it first when it
// expires within a minute.
func (s *RefreshingTokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok.AccessToken != "" && (s.tok.Expiry.IsZero() || s.client.now().Add(refreshSkew).Before(s.tok.Expiry)) {
		return s.tok.AccessToken, nil
	}
	if err := s.refreshLocked(ctx); err != nil {
		return "", err
	}
	return s.tok.AccessToken, nil
}

// Refresh replaces the token after Backlog refused rejected, unless it was
// already replaced.
func (s *RefreshingTokenSource) Refresh(ctx context.Context, rejected string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok.AccessToken != rejected && s.tok.AccessToken != "" {
		return s.tok.AccessToken, nil
	}
	if err := s.refreshLocked(ctx); err != nil {
		return "", err
	}
	return s.tok.AccessToken, nil
}

// Current returns the token pair held now (e.g. to persist it).
func (s *RefreshingTokenSource) Current() Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok
}

func (s *RefreshingTokenSource) secrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return []string{s.tok.AccessToken, s.tok.RefreshToken, s.cfg.ClientSecret}
}

func (s *RefreshingTokenSource) refreshLocked(ctx context.Context) error {
	if s.tok.RefreshToken == "" {
		return errors.New("v2client: oauth2: no refresh token")
	}
	f := url.Values{}
	f.Set("grant_type", "refresh_token")
	f.Set("client_id", s.cfg.ClientID)
	f.Set("client_secret", s.cfg.ClientSecret)
	f.Set("refresh_token", s.tok.RefreshToken)
	tok, err := s.client.tokenRequest(ctx, f, s.tok.RefreshToken, s.cfg.ClientSecret)
	var oe *OAuthError
	if err != nil && errors.As(err, &oe) && oe.Code == "invalid_grant" && s.Reread != nil {
		if rt := s.Reread(); rt != "" && subtle.ConstantTimeCompare([]byte(rt), []byte(s.tok.RefreshToken)) != 1 {
			s.tok = Token{RefreshToken: rt}
			f.Set("refresh_token", rt)
			tok, err = s.client.tokenRequest(ctx, f, rt, s.cfg.ClientSecret)
		}
	}
	if err != nil {
		return err
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = s.tok.RefreshToken
	}
	s.tok = tok
	if s.OnRefresh != nil {
		s.OnRefresh(s.tok)
	}
	return nil
}

// ExchangeCode trades an authorization code (from the user's visit to
// /OAuth2AccessRequest.action) for a token pair, e.g. when an operator
// links a legacy login to a Backlog user through OAuth.
//
// v2: POST /api/v2/oauth2/token (grant_type=authorization_code)
func (c *Client) ExchangeCode(ctx context.Context, cfg OAuthConfig, code, redirectURI string) (Token, error) {
	f := url.Values{}
	f.Set("grant_type", "authorization_code")
	f.Set("code", code)
	f.Set("redirect_uri", redirectURI)
	f.Set("client_id", cfg.ClientID)
	f.Set("client_secret", cfg.ClientSecret)
	base := c.clone()
	base.apiKey, base.tokens = "", nil
	return base.tokenRequest(ctx, f, code, cfg.ClientSecret)
}

// tokenRequest posts to the token endpoint without credentials and reads
// the token pair; secrets are scrubbed from any error.
func (c *Client) tokenRequest(ctx context.Context, f url.Values, secrets ...string) (Token, error) {
	r := newRequest(http.MethodPost, at("/api/v2/oauth2/token"))
	r.form, r.noAuth = f, true
	start := c.now()
	_, body, err := c.do(ctx, r)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.oauth != nil {
			return Token{}, &OAuthError{StatusCode: apiErr.StatusCode, Code: apiErr.oauth.Error, Description: apiErr.oauth.ErrorDescription}
		}
		return Token{}, redactTokenErr(err, secrets...)
	}
	var at AccessToken
	if err := json.Unmarshal(body, &at); err != nil || at.AccessToken == "" {
		return Token{}, &DecodeError{Method: r.method, Route: r.route, StatusCode: http.StatusOK, Err: errors.New("no access_token in token answer")}
	}
	tok := Token{AccessToken: at.AccessToken, RefreshToken: at.RefreshToken}
	if at.ExpiresIn > 0 {
		tok.Expiry = start.Add(time.Duration(at.ExpiresIn) * time.Second)
	}
	return tok, nil
}

func redactTokenErr(err error, secrets ...string) error {
	msg := err.Error()
	for _, s := range secrets {
		if len(s) >= 4 && strings.Contains(msg, s) {
			return &redactedError{msg: redactAll(msg, secrets), err: unwrapSafe(err, secrets)}
		}
	}
	return err
}

// AccessToken is the token endpoint's answer (POST /api/v2/oauth2/token).
type AccessToken struct {
	TokenType    string `json:"token_type"`
	AccessToken  string `json:"access_token"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
}
