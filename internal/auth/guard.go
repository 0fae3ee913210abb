package auth

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

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
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		login, password, ok := r.BasicAuth()
		if !ok || login == "" {
			report(OutcomeMissing)
			challenge(w)
			return
		}
		addr := clientAddr(r)
		if g.Limiter != nil {
			if wait, allowed := g.Limiter.Allow(login, addr); !allowed {
				report(OutcomeLocked)
				// Debug only: a locked-out client may send thousands of these;
				// the lock itself was logged once, when it began.
				logger.DebugContext(r.Context(), "login refused: too many failures", "login", safeLogin(login), "client", addr, "retry_after_s", ceilSeconds(wait))
				w.Header().Set("Retry-After", strconv.Itoa(ceilSeconds(wait)))
				refuse(w, http.StatusTooManyRequests, "too many failed logins; retry later")
				return
			}
		}
		var id Identity
		var err error
		if len(login) > maxLoginBytes || len(password) > maxPasswordBytes || password == "" {
			err = ErrBadCredentials
		} else {
			id, err = g.Auth.Authenticate(r.Context(), login, password)
		}
		switch {
		case err == nil:
			if g.Limiter != nil {
				g.Limiter.Success(login)
			}
			report(OutcomeOK)
			next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), id)))
		case errors.Is(err, ErrBadCredentials):
			report(OutcomeBad)
			logger.WarnContext(r.Context(), "login refused: bad credentials", "login", safeLogin(login), "client", addr)
			if g.Limiter != nil {
				g.Limiter.Failure(login, addr)
				if wait, allowed := g.Limiter.Allow(login, addr); !allowed {
					logger.WarnContext(r.Context(), "login limited: too many failures", "login", safeLogin(login), "client", addr, "retry_after_s", ceilSeconds(wait))
				}
			}
			challenge(w)
		default:
			report(OutcomeUnavailable)
			logger.ErrorContext(r.Context(), "login not verifiable", "login", safeLogin(login), "client", addr, "error", err.Error())
			w.Header().Set("Retry-After", "5")
			refuse(w, http.StatusServiceUnavailable, "cannot verify credentials now; retry later")
		}
	})
}

func challenge(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Basic realm="`+Realm+`"`)
	refuse(w, http.StatusUnauthorized, "authentication required: wrong or missing login ID or password")
}

// refuse answers an authentication refusal with the HTTP status the protocol
// calls for and, as its body, an XML-RPC fault whose faultCode is that status
// (Content-Type text/xml). Clients that look only at the status (Python,
// Ruby, Perl's LWP) are unaffected; clients that parse any body (node's
// backlog-api) report "fault 401" instead of "invalid XML-RPC message".
func refuse(w http.ResponseWriter, status int, msg string) {
	body := xmlrpc.AppendFault(nil, status, msg)
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func ceilSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// safeLogin bounds what a log line carries from an unauthenticated header.
func safeLogin(login string) string {
	if len(login) > 64 {
		return login[:64] + "…"
	}
	return login
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
