package upstream

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/httpapi"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/metrics"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Observer returns the v2 client's observer (v2client.WithObserver): every
// upstream exchange is counted, with its time, on the request's
// httpapi.State (the call log's upstream_calls, Server-Timing) and recorded
// in m (when set).
func Observer(m *metrics.Metrics) func(context.Context, v2client.CallEvent) {
	return func(ctx context.Context, e v2client.CallEvent) {
		httpapi.CountUpstream(ctx)
		httpapi.AddUpstreamTime(ctx, e.Duration)
		if m != nil {
			m.ObserveUpstream(e.Method, e.Route, e.Status, e.Duration, rateRemaining(e))
		}
	}
}

// rateRemaining is the X-RateLimit-Remaining an upstream answer carried, or
// -1 when it had none.
func rateRemaining(e v2client.CallEvent) int {
	if e.Status == 0 || e.Rate.Limit == 0 {
		return -1
	}
	return e.Rate.Remaining
}
