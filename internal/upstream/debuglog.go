package upstream

import (
	"context"
	"log/slog"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/httpapi"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// LogExchanges returns next (an observer, such as Observer's) that also
// logs every upstream exchange at debug level: "v2 request" with the call's
// request_id, the method, the route template (/api/v2/issues/:issueIdOrKey,
// never the concrete path or query, which may carry the API key), the
// status (0: no answer), the duration, the attempt and the scrubbed error.
// With the logger above debug it returns next unchanged (no cost).
func LogExchanges(logger *slog.Logger, next func(context.Context, v2client.CallEvent)) func(context.Context, v2client.CallEvent) {
	if !logger.Enabled(context.Background(), slog.LevelDebug) {
		return next
	}
	return func(ctx context.Context, e v2client.CallEvent) {
		next(ctx, e)
		attrs := make([]slog.Attr, 0, 7)
		if st := httpapi.StateFrom(ctx); st != nil {
			attrs = append(attrs, slog.String("request_id", st.RequestID))
		}
		attrs = append(attrs,
			slog.String("method", e.Method),
			slog.String("route", e.Route),
			slog.Int("status", e.Status),
			slog.Float64("duration_ms", float64(e.Duration.Microseconds())/1000),
			slog.Int("attempt", e.Attempt))
		if e.Err != nil {
			attrs = append(attrs, slog.String("error", e.Err.Error()))
		}
		logger.LogAttrs(ctx, slog.LevelDebug, "v2 request", attrs...)
	}
}
