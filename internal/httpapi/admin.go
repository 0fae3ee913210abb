package httpapi

import (
	"context"
	"log/slog"
	"net/http"
)

// AdminPrefix is the path prefix of the administrators' pages (the
// migration report).
const AdminPrefix = "/admin/"

// adminOnly serves next only to callers isAdmin accepts; it runs after
// authentication and binding, so isAdmin sees the caller's own v2 client in
// the context. A caller who is not an administrator gets 403; when the role
// cannot be learned (Backlog unreachable, a refused key) the answer is 502
// and the cause goes to the log only.
func adminOnly(isAdmin func(ctx context.Context) (bool, error), logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, err := isAdmin(r.Context())
		if err != nil {
			login := ""
			if st := StateFrom(r.Context()); st != nil {
				login = st.Login
			}
			logger.Warn("admin page: could not check the caller's role", "login", login, "path", r.URL.Path, "error", err.Error())
			http.Error(w, "could not check with Backlog that you are a space administrator; try again later", http.StatusBadGateway)
			return
		}
		if !ok {
			http.Error(w, "this page is for Backlog space administrators only", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// adminChain is the chain of AdminPrefix: the request's State, the client
// address, Basic authentication, binding, then adminOnly.
func adminChain(cfg Config, logger *slog.Logger) http.Handler {
	fromXFF, addr := clientAddr(cfg.TrustedProxies)
	guard := *cfg.Guard
	guard.ClientAddr = addr
	guard.Pages = true
	h := adminOnly(cfg.AdminCheck, logger, cfg.Admin)
	h = bind(cfg.Bind, logger, h)
	h = guard.Middleware(h)
	if fromXFF != nil {
		h = fromXFF(h)
	}
	return track(h)
}
