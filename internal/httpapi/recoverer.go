package httpapi

import (
	"log/slog"
	"net/http"
)

// recoverer turns a panic outside the XML-RPC runtime (which has its own)
// into a 500 and an error log line without the request's content. chi's
// middleware.Recoverer is not used: it prints a plain-text stack to stderr,
// which would break the one-JSON-object-per-line log.
func recoverer(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					logger.ErrorContext(r.Context(), "panic serving HTTP", "path", r.URL.Path, "panic", p)
					w.WriteHeader(http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}
