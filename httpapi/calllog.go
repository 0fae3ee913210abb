package httpapi

import (
	"context"
	"log/slog"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/metrics"
)

// CallObserver returns the function the xmlrpc.Server calls once per
// answered call (direct or inside system.multicall): it records the call in
// m (when set) and writes ONE JSON log line with the method, login, request
// id, duration, fault code (0 = success) and upstream calls made. Only those
// fields are logged: never parameters, results or credentials.
func CallObserver(logger *slog.Logger, m *metrics.Metrics) func(ctx context.Context, method string, faultCode int, d time.Duration) {
	return func(ctx context.Context, method string, faultCode int, d time.Duration) {
		label := method
		if m != nil {
			m.ObserveCall(method, faultCode, d)
			label = m.MethodLabel(method)
		}
		login, reqID, upstream := "", "", int64(0)
		if st := StateFrom(ctx); st != nil {
			login, reqID, upstream = st.Login, st.RequestID, st.UpstreamSinceMark()
			st.MarkCall()
		}
		level := slog.LevelInfo
		if faultCode == -32603 {
			level = slog.LevelError
		}
		logger.LogAttrs(ctx, level, "call",
			slog.String("method", label),
			slog.String("login", login),
			slog.String("request_id", reqID),
			slog.Float64("duration_ms", float64(d.Microseconds())/1000),
			slog.Int("fault_code", faultCode),
			slog.Int64("upstream_calls", upstream),
		)
	}
}

// CallGuard returns the xmlrpc call guard: it marks the start of each call
// so the call log counts only that call's upstream requests.
func CallGuard() func(ctx context.Context, method string) error {
	return func(ctx context.Context, _ string) error {
		if st := StateFrom(ctx); st != nil {
			st.MarkCall()
		}
		return nil
	}
}
