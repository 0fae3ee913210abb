package httpapi

import (
	"context"
	"io"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/metrics"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/migration"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// CallObserver returns the function the xmlrpc.Server calls once per
// answered call (direct or inside system.multicall): it records the call in
// m (when set) and writes ONE JSON log line with the method, login, request
// id, duration, fault code (0 = success) and upstream calls made. Only those
// fields are logged: never parameters, results or credentials.
func CallObserver(logger *slog.Logger, m *metrics.Metrics) func(ctx context.Context, method string, faultCode int, d time.Duration) {
	return func(ctx context.Context, method string, faultCode int, d time.Duration) {
		label, login, reqID, upstream := observe(ctx, m, method, faultCode, d)
		logger.LogAttrs(ctx, callLevel(faultCode), "call",
			slog.String("method", label),
			slog.String("login", login),
			slog.String("request_id", reqID),
			slog.Float64("duration_ms", durationMillis(d)),
			slog.Int("fault_code", faultCode),
			slog.Int64("upstream_calls", upstream),
		)
	}
}

// CallLineObserver is CallObserver for a logger built as
// slog.New(slog.NewJSONHandler(out, &slog.HandlerOptions{Level: level}))
// (no other options, no With attributes): it writes the very bytes that
// logger would write for the call line (tested byte for byte, fuzzed), with
// one Write to out, but without slog's generic record and attribute
// handling, which cost ~10% of a trivial call's CPU (BENCHMARKS.md, "HTTP
// layer"). out must be safe for concurrent use when it is shared with that
// logger (logbuf.Writer is); level is read on every call, like the
// handler's.
func CallLineObserver(out io.Writer, level slog.Leveler, m *metrics.Metrics) func(ctx context.Context, method string, faultCode int, d time.Duration) {
	if level == nil {
		level = slog.LevelInfo
	}
	return func(ctx context.Context, method string, faultCode int, d time.Duration) {
		label, login, reqID, upstream := observe(ctx, m, method, faultCode, d)
		lv := callLevel(faultCode)
		if lv < level.Level() {
			return
		}
		bp := lineBufs.Get().(*[]byte)
		b := appendCallLine((*bp)[:0], time.Now(), lv, label, login, reqID, durationMillis(d), faultCode, upstream)
		out.Write(b)
		*bp = b
		lineBufs.Put(bp)
	}
}

// CallObserverFunc is the signature of xmlrpc's call observer.
type CallObserverFunc = func(ctx context.Context, method string, faultCode int, d time.Duration)

// MigrationObserver returns a call observer that feeds who-calls-what: the
// migration report (rec, when set) and legacy_calls_by_login_total (m, when
// set), with the method's metric label (bounded), the request's login and
// its User-Agent. Calls without a login (none reach it after
// authentication) are not counted. m is required: its method labels are
// what bounds rec's rows.
func MigrationObserver(rec *migration.Recorder, m *metrics.Metrics) CallObserverFunc {
	if m == nil {
		panic("httpapi.MigrationObserver: nil metrics")
	}
	return func(ctx context.Context, method string, faultCode int, _ time.Duration) {
		st := StateFrom(ctx)
		if st == nil || st.Login == "" {
			return
		}
		label := m.MethodLabel(method)
		m.ObserveLoginCall(st.Login, label)
		if rec != nil {
			rec.Observe(st.Login, label, faultCode, st.UserAgent)
		}
	}
}

// Observers returns one call observer calling each of obs in order.
func Observers(obs ...CallObserverFunc) CallObserverFunc {
	return func(ctx context.Context, method string, faultCode int, d time.Duration) {
		for _, o := range obs {
			o(ctx, method, faultCode, d)
		}
	}
}

// observe is the part of a call observer before the log line: the metrics
// (when m is set), the method's label, and the request's login, id and
// upstream calls since the call began.
func observe(ctx context.Context, m *metrics.Metrics, method string, faultCode int, d time.Duration) (label, login, reqID string, upstream int64) {
	label = method
	if m != nil {
		label = m.ObserveCallLabel(method, faultCode, d)
	}
	if st := StateFrom(ctx); st != nil {
		login, reqID, upstream = st.Login, st.RequestID, st.UpstreamSinceMark()
		st.MarkCall()
	}
	return label, login, reqID, upstream
}

// callLevel is the level of a call line: error for internal faults.
func callLevel(faultCode int) slog.Level {
	if faultCode == -32603 {
		return slog.LevelError
	}
	return slog.LevelInfo
}

// durationMillis is the duration_ms field: milliseconds, microsecond
// resolution.
func durationMillis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

var lineBufs = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// appendCallLine appends the call line as log/slog's JSON handler writes it:
//
//	{"time":RFC3339Nano,"level":"INFO","msg":"call","method":…,"login":…,"request_id":…,"duration_ms":…,"fault_code":…,"upstream_calls":…}\n
func appendCallLine(b []byte, t time.Time, level slog.Level, method, login, reqID string, durationMs float64, faultCode int, upstream int64) []byte {
	b = append(b, `{"time":"`...)
	b = t.Round(0).AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":"`...)
	b = append(b, level.String()...)
	b = append(b, `","msg":"call","method":"`...)
	b = appendJSONString(b, method)
	b = append(b, `","login":"`...)
	b = appendJSONString(b, login)
	b = append(b, `","request_id":"`...)
	b = appendJSONString(b, reqID)
	b = append(b, `","duration_ms":`...)
	b = appendJSONFloat(b, durationMs)
	b = append(b, `,"fault_code":`...)
	b = strconv.AppendInt(b, int64(faultCode), 10)
	b = append(b, `,"upstream_calls":`...)
	b = strconv.AppendInt(b, upstream, 10)
	return append(b, "}\n"...)
}

// appendJSONFloat formats f as encoding/json does (slog's JSON handler
// calls json.Marshal for floats): shortest representation, exponent form
// below 1e-6 and from 1e21, "e-07" written "e-7". Durations are never NaN
// or infinite.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s escaped as log/slog's JSON handler escapes
// strings (its appendEscapedJSONString): ", \ and control characters
// escaped, <, > and & left alone, invalid UTF-8 as \ufffd, U+2028 and
// U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, '\\')
			switch c {
			case '\\', '"':
				b = append(b, c)
			case '\n':
				b = append(b, 'n')
			case '\r':
				b = append(b, 'r')
			case '\t':
				b = append(b, 't')
			default:
				b = append(b, 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, `\u202`...)
			b = append(b, hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
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

// CallErrorLogger returns the xmlrpc error logger: it logs the cause of a
// failed call, internal errors at error level (the caller only saw
// "internal error"), the others at debug, with the method's metric label
// (when m is set) and the caller's login. faultOf is the server's fault
// funnel (the one its answers come from), so the level follows the fault the
// caller saw.
func CallErrorLogger(logger *slog.Logger, m *metrics.Metrics, faultOf func(error) (int, string)) func(ctx context.Context, method string, err error) {
	return func(ctx context.Context, method string, err error) {
		code, _ := faultOf(err)
		level := slog.LevelDebug
		if code == xmlrpc.FaultInternal {
			level = slog.LevelError
		}
		login := ""
		if st := StateFrom(ctx); st != nil {
			login = st.Login
		}
		if m != nil {
			method = m.MethodLabel(method)
		}
		logger.Log(ctx, level, "call error", "method", method, "login", login, "fault_code", code, "error", err.Error())
	}
}
