package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// Realm is the Basic realm of the legacy server. Perl's LWP registers its
// credentials for exactly this realm and only sends them after a 401 whose
// challenge names it (spec/legacy-api.md §1.2).
const Realm = "Backlog Basic Authenticate"

// Limits on what Guard even looks at: a longer login or password is refused
// as bad credentials without any work.
const (
	maxLoginBytes    = 255
	maxPasswordBytes = 1024
)

// Outcome classifies one authentication attempt, for metrics.
type Outcome string

// The outcomes Guard reports to OnAttempt.
const (
	OutcomeOK          Outcome = "ok"
	OutcomeMissing     Outcome = "missing"     // no or unparsable Authorization header
	OutcomeBad         Outcome = "bad"         // login/password refused
	OutcomeLocked      Outcome = "locked"      // refused by the failed-login limiter
	OutcomeUnavailable Outcome = "unavailable" // could not verify (upstream down)
)

// Guard is the Basic authentication middleware of /XML-RPC.
//
//   - no or unusable credentials, or refused ones: 401 with
//     `WWW-Authenticate: Basic realm="Backlog Basic Authenticate"`;
//   - too many failures for the login or the client address: 429 with
//     Retry-After (seconds), the password is not checked;
//   - the check could not be done (Backlog unreachable in API-key mode): 503;
//   - success: the Identity is put in the request context (IdentityFrom).
type Guard struct {
	Auth    Authenticator
	Limiter *Limiter     // nil = no limiting
	Logger  *slog.Logger // nil = slog.Default(); logs login and address, never secrets
	// ClientAddr returns the client address of r (default: the host of
	// r.RemoteAddr, which a trusted-proxy middleware may have rewritten).
	ClientAddr func(r *http.Request) string
	// OnAttempt, when set, is told the outcome of every attempt (metrics).
	OnAttempt func(Outcome)
	// Pages marks a guard in front of pages people open in a browser
	// (/admin/): refusals are then plain text, not the XML-RPC fault body
	// legacy clients get.
	Pages bool
}

// Middleware wraps next with Basic authentication.
func (g *Guard) Middleware(next http.Handler) http.Handler {
	logger := g.Logger
	if logger == nil {
		logger = slog.Default()
	}
	clientAddr := g.ClientAddr
	if clientAddr == nil {
		clientAddr = RemoteHost
	}
	report := func(o Outcome) {
		if g.OnAttempt != nil {
			g.OnAttempt(o)
		}
	}
	// Identical attempts in flight at once (a client's parallel first
	// calls, before its password is cached) are checked once and share the
	// verdict: one reservation with the limiter and one bcrypt, where each
	// would otherwise reserve its own and the sixth would be refused as if
	// it were a guess. Different passwords are never shared.
	var flight singleflight.Group
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		login, password, ok := r.BasicAuth()
		if !ok || login == "" {
			report(OutcomeMissing)
			g.challenge(w)
			return
		}
		addr := clientAddr(r)
		if len(login) > maxLoginBytes || len(password) > maxPasswordBytes {
			// Refused before any work: nothing is hashed, checked or kept, so
			// this is no oracle and costs no memory. Debug only: it costs the
			// sender nothing, so it must not be able to flood the log.
			report(OutcomeBad)
			logger.DebugContext(r.Context(), "login refused: unusable credentials", g.loginAttr(login), slog.String("client", addr))
			g.challenge(w)
			return
		}
		v, _, _ := flight.Do(attemptKey(login, password, addr), func() (any, error) {
			return g.verify(r.Context(), login, password, addr), nil
		})
		switch vd := v.(verdict); {
		case vd.locked:
			report(OutcomeLocked)
			// Debug only: a locked-out client may send thousands of these;
			// the lock itself was logged once, when it began.
			logger.DebugContext(r.Context(), "login refused: too many failures", g.loginAttr(login), slog.String("client", addr), slog.Int("retry_after_s", ceilSeconds(vd.wait)))
			w.Header().Set("Retry-After", strconv.Itoa(ceilSeconds(vd.wait)))
			g.refuse(w, http.StatusTooManyRequests, "too many failed logins; retry later")
		case vd.err == nil:
			report(OutcomeOK)
			next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), vd.id)))
		case errors.Is(vd.err, ErrBadCredentials):
			report(OutcomeBad)
			logger.WarnContext(r.Context(), "login refused: bad credentials", g.loginAttr(login), slog.String("client", addr))
			if vd.limitedNow {
				logger.WarnContext(r.Context(), "login limited: too many failures", g.loginAttr(login), slog.String("client", addr), slog.Int("retry_after_s", ceilSeconds(vd.wait)))
			}
			g.challenge(w)
		default:
			report(OutcomeUnavailable)
			logger.ErrorContext(r.Context(), "login not verifiable", g.loginAttr(login), slog.String("client", addr), slog.String("error", vd.err.Error()))
			w.Header().Set("Retry-After", "5")
			g.refuse(w, http.StatusServiceUnavailable, "cannot verify credentials now; retry later")
		}
	})
}

// verdict is the outcome of one attempt, shared by the identical attempts
// that arrived while it was being checked.
type verdict struct {
	id         Identity
	err        error         // nil, ErrBadCredentials, or why it could not be checked
	locked     bool          // refused by the limiter before any check
	wait       time.Duration // until the next attempt is allowed (locked, limitedNow)
	limitedNow bool          // this failure is the one that started a limit
}

// verify runs one attempt: the limiter's admission (which reserves the
// attempt before the password is checked, so concurrent guesses cannot pass
// the limit), the check, and the outcome recorded with the limiter.
func (g *Guard) verify(ctx context.Context, login, password, addr string) verdict {
	var (
		att      Attempt
		id       Identity
		cachedOK bool
	)
	if g.Limiter != nil {
		var probe func() bool
		if c, ok := g.Auth.(CachedAuthenticator); ok {
			probe = func() bool { id, cachedOK = c.Cached(login, password); return cachedOK }
		}
		var (
			wait time.Duration
			ok   bool
		)
		if att, wait, ok = g.Limiter.Admit(login, addr, probe); !ok {
			return verdict{locked: true, wait: wait}
		}
	}
	var err error
	switch {
	case att.Cached:
	case password == "": // a failed attempt, without a check
		err = ErrBadCredentials
	default:
		id, err = g.Auth.Authenticate(ctx, login, password)
	}
	switch {
	case err == nil:
		// A checked success clears the login's failures; a cached one
		// proves nothing new and clears nothing (else a user's own calls
		// would refill the budget of a guesser behind the same address).
		att.Succeeded()
		return verdict{id: id}
	case errors.Is(err, ErrBadCredentials):
		v := verdict{err: err}
		if att.Failed() {
			v.limitedNow = true
			v.wait, _ = g.Limiter.Allow(login, addr)
		}
		return v
	default:
		att.Abandoned()
		return verdict{err: err}
	}
}

// attemptKey identifies identical attempts (same login, password and client
// address) by a digest keyed with a per-process random key, so the table of
// attempts in flight holds no password.
func attemptKey(login, password, addr string) string {
	m := hmac.New(sha256.New, attemptKeySecret[:])
	for _, s := range [...]string{login, password, addr} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		m.Write(n[:])
		m.Write([]byte(s))
	}
	return string(m.Sum(nil))
}

// attemptKeySecret keys attemptKey (random per process).
var attemptKeySecret = func() (k [32]byte) {
	if _, err := rand.Read(k[:]); err != nil {
		panic("auth: no randomness: " + err.Error())
	}
	return k
}()

// CachedAuthenticator is an Authenticator that remembers the pairs it
// verified recently. Guard asks it first, under the limiter's lock, so that a
// caller whose verified password is cached passes its address's limit (see
// Limiter.Admit) and costs no token.
type CachedAuthenticator interface {
	Authenticator
	// Cached returns the identity of login when password was verified for
	// it recently, without the slow check. It must be quick.
	Cached(login, password string) (Identity, bool)
}

// KnownLogins is an Authenticator that can tell which login IDs exist.
// Guard logs a known login as is and any other only by its shape.
type KnownLogins interface {
	Known(login string) bool
}

func (g *Guard) challenge(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Basic realm="`+Realm+`"`)
	g.refuse(w, http.StatusUnauthorized, "authentication required: wrong or missing login ID or password")
}

// refuse answers an authentication refusal with the HTTP status the protocol
// calls for and, as its body, an XML-RPC fault whose faultCode is that status
// (Content-Type text/xml). Clients that look only at the status (Python,
// Ruby, Perl's LWP) are unaffected; clients that parse any body (node's
// backlog-api) report "fault 401" instead of "invalid XML-RPC message".
// In front of pages (Guard.Pages) the body is the message as plain text.
func (g *Guard) refuse(w http.ResponseWriter, status int, msg string) {
	body, ctype := xmlrpc.AppendFault(nil, status, msg), "text/xml"
	if g.Pages {
		body, ctype = []byte(msg+"\n"), "text/plain; charset=utf-8"
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func ceilSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// loginAttr is how a log line names the login of an attempt. A login the
// authenticator knows is logged as is. Any other one may well be a password
// typed into the login field, so it is logged only as its length and a short
// digest keyed by a per-process random key: enough to tell repeated attempts
// apart in one process's log, of no use to guess the value offline.
func (g *Guard) loginAttr(login string) slog.Attr {
	if k, ok := g.Auth.(KnownLogins); ok && len(login) <= maxLoginBytes && k.Known(login) {
		return slog.String("login", login)
	}
	return slog.Group("unknown_login", slog.Int("bytes", len(login)), slog.String("digest", loginDigest(login)))
}

var (
	digestKeyOnce sync.Once
	digestKey     []byte
)

// loginDigest is the first 8 hex digits of HMAC-SHA256(per-process key, s).
func loginDigest(s string) string {
	digestKeyOnce.Do(func() {
		digestKey = make([]byte, 32)
		if _, err := rand.Read(digestKey); err != nil {
			panic("auth: no randomness for the log digest key: " + err.Error())
		}
	})
	m := hmac.New(sha256.New, digestKey)
	io.WriteString(m, s)
	return hex.EncodeToString(m.Sum(nil)[:4])
}

// RemoteHost returns the host part of r.RemoteAddr (or all of it when it has
// no port).
func RemoteHost(r *http.Request) string {
	h, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return h
}

type identityKey struct{}

// WithIdentity returns ctx carrying id.
func WithIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// IdentityFrom returns the authenticated identity of the request, if any.
func IdentityFrom(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(Identity)
	return id, ok
}
