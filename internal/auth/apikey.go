package auth

import (
	"context"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"time"

	"golang.org/x/sync/singleflight"
)

// ErrBadCredentials means the login/password pair was refused. It is the only
// authentication error that counts as a failed login attempt.
var ErrBadCredentials = errors.New("bad credentials")

// Authenticator checks one Basic login/password pair. It returns
// ErrBadCredentials (possibly wrapped) when the pair is refused, and any other
// error when it could not decide (e.g. Backlog unreachable).
type Authenticator interface {
	Authenticate(ctx context.Context, login, password string) (Identity, error)
}

// Verifier resolves a v2 API key to the login ID (v2 `userId`) of its owner,
// typically with GET /api/v2/users/myself. It returns ErrBadCredentials when
// Backlog refuses the key (401) and another error when it could not tell.
type Verifier func(ctx context.Context, apiKey string) (login string, err error)

// APIKeyAuthenticator is the "API key as password" mode: the Basic password
// is the caller's own v2 API key. The key is verified once with the Verifier
// (whose userId must equal the Basic login, compared in constant time) and the
// positive result is cached for TTL under an HMAC of (login, key), so steady
// traffic costs no extra upstream call. Concurrent first calls with the same
// pair share one verification.
type APIKeyAuthenticator struct {
	verify Verifier
	cache  *hmacCache
	group  singleflight.Group
}

// DefaultAPIKeyTTL is how long a verified API key is trusted before it is
// checked again against GET /users/myself (a revoked key is also refused by
// every v2 call itself, so the TTL only bounds this check).
const DefaultAPIKeyTTL = 5 * time.Minute

// verifyTimeout bounds one GET /users/myself check.
const verifyTimeout = 30 * time.Second

// NewAPIKeyAuthenticator returns the API-key-as-password authenticator.
// ttl <= 0 means DefaultAPIKeyTTL; now nil means time.Now.
func NewAPIKeyAuthenticator(verify Verifier, ttl time.Duration, now func() time.Time) *APIKeyAuthenticator {
	if ttl <= 0 {
		ttl = DefaultAPIKeyTTL
	}
	return &APIKeyAuthenticator{verify: verify, cache: newHMACCache(ttl, defaultCacheEntries, now)}
}

// Cached returns the identity of login when password was verified as its API
// key within the TTL, without asking Backlog.
func (a *APIKeyAuthenticator) Cached(login, password string) (Identity, bool) {
	if login == "" || password == "" || !a.cache.hit(a.cache.key(login, password)) {
		return Identity{}, false
	}
	return Identity{Login: login, APIKey: password}, true
}

// Authenticate checks that password is the API key of login.
func (a *APIKeyAuthenticator) Authenticate(ctx context.Context, login, password string) (Identity, error) {
	if login == "" || password == "" {
		return Identity{}, ErrBadCredentials
	}
	k := a.cache.key(login, password)
	if a.cache.hit(k) {
		return Identity{Login: login, APIKey: password}, nil
	}
	// The singleflight key is the HMAC, never the secret itself.
	_, err, _ := a.group.Do(hex.EncodeToString(k[:]), func() (any, error) {
		// Detached from the first caller's cancellation (others may share this
		// check) but still bounded.
		vctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), verifyTimeout)
		defer cancel()
		owner, err := a.verify(vctx, password)
		if err != nil {
			return nil, err
		}
		if subtle.ConstantTimeCompare([]byte(owner), []byte(login)) != 1 {
			return nil, ErrBadCredentials
		}
		a.cache.put(k)
		return nil, nil
	})
	if err != nil {
		return Identity{}, err
	}
	return Identity{Login: login, APIKey: password}, nil
}
