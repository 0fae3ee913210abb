package httpapi

import (
	"net/http"
	"net/netip"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
)

// clientAddr returns the middleware that establishes the client address of
// /XML-RPC requests and the function that reads it, for the failed-login
// limiter. Without trusted proxies the client is the TCP peer (ClientAddr)
// and no middleware is needed; behind trusted proxies chi's ClientIPFromXFF
// walks X-Forwarded-For (trusted hops skipped from the right) and
// trustedClientAddr reads its result.
func clientAddr(trusted []string) (mw func(http.Handler) http.Handler, addr func(*http.Request) string) {
	if len(trusted) == 0 {
		return nil, ClientAddr
	}
	return middleware.ClientIPFromXFF(trusted...), trustedClientAddr
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
