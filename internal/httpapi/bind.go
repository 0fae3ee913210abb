package httpapi

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
)

// BindFunc turns an authenticated identity into the context its call runs
// in (the caller's own v2 client there); an error means that client cannot
// be made.
type BindFunc func(ctx context.Context, id auth.Identity) (context.Context, error)

// bind runs after authentication: it records the login on the request's
// State for the call log and gives the call the context f returns. When f
// fails the answer is 503 and one error line without the identity's
// secrets.
func bind(f BindFunc, logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, _ := auth.IdentityFrom(ctx)
		if st := StateFrom(ctx); st != nil {
			st.Login = id.Login
		}
		if f != nil {
			var err error
			ctx, err = f(ctx, id)
			if err != nil {
				logger.ErrorContext(ctx, "cannot prepare the caller's upstream client", "login", id.Login, "error", err.Error())
				http.Error(w, "503 upstream client unavailable", http.StatusServiceUnavailable)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
