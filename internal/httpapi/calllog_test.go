package httpapi

import (
	"bytes"
	"context"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/metrics"
)

// slogCallLine is the call line as CallObserver's logger writes it (a
// record with the same time, level, message and attributes).
func slogCallLine(t testing.TB, tm time.Time, level slog.Level, method, login, reqID string, ms float64, code int, upstream int64) string {
	var buf bytes.Buffer
	h := slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})
	r := slog.NewRecord(tm, level, "call", 0)
	r.AddAttrs(slog.String("method", method), slog.String("login", login), slog.String("request_id", reqID),
		slog.Float64("duration_ms", ms), slog.Int("fault_code", code), slog.Int64("upstream_calls", upstream))
	if err := h.Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestCallLineIsSlogsLine: the hand-written call line is byte for byte the
// line slog's JSON handler writes, for awkward strings, numbers and times.
func TestCallLineIsSlogsLine(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	for _, tc := range []struct {
		name                 string
		tm                   time.Time
		level                slog.Level
		method, login, reqID string
		ms                   float64
		code                 int
		upstream             int64
	}{
		{"plain", time.Date(2026, 11, 23, 14, 40, 0, 123456789, time.UTC), slog.LevelInfo, "backlog.getStatuses", "demo", "host/AbCdEfGhIj-000001", 0.041, 0, 0},
		{"error level, zone, whole second", time.Date(2026, 1, 2, 3, 4, 5, 0, tokyo), slog.LevelError, "backlog.getIssue", "admin", "id", 1234.5, -32603, 3},
		{"trailing zeros of the fraction", time.Date(2026, 1, 2, 3, 4, 5, 120000000, time.UTC), slog.LevelInfo, "m", "l", "r", 0, 404, 1},
		{"quotes, backslashes, controls", time.Unix(0, 1).UTC(), slog.LevelInfo, `a"b\c`, "tab\there\nnl\rcr\x00\x1f\x7f", "<script>&amp;", 0.001, 1, 2},
		{"unicode, invalid UTF-8, line separators", time.Unix(1e9, 0).UTC(), slog.LevelInfo, "日本語", "bad\xff\xfe utf8 \u2028 \u2029 é", "\xe2\x80", 1e-7, 2, 3},
		{"big and tiny floats", time.Unix(1e9, 5).UTC(), slog.LevelInfo, "", "", "", 1e21, -1, math.MaxInt64},
		{"tiny float", time.Unix(1e9, 5).UTC(), slog.LevelInfo, "", "", "", 1.5e-9, 0, -5},
		{"float just under 1e21", time.Unix(1e9, 5).UTC(), slog.LevelInfo, "", "", "", 999999999999999900000, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := slogCallLine(t, tc.tm, tc.level, tc.method, tc.login, tc.reqID, tc.ms, tc.code, tc.upstream)
			got := string(appendCallLine(nil, tc.tm, tc.level, tc.method, tc.login, tc.reqID, tc.ms, tc.code, tc.upstream))
			if got != want {
				t.Fatalf("\n got %s\nwant %s", got, want)
			}
		})
	}
}

// FuzzCallLine: any strings and numbers give slog's bytes.
//
//	go test ./httpapi -run '^$' -fuzz FuzzCallLine -fuzztime 20s
func FuzzCallLine(f *testing.F) {
	f.Add("backlog.getIssue", "demo", "h/x-000001", int64(41), int64(1700000000123456789), 0, int64(1))
	f.Add("\u2028\xff\"\\", "\x00\t", "é日本", int64(0), int64(0), -32603, int64(-1))
	f.Fuzz(func(t *testing.T, method, login, reqID string, micros, nanos int64, code int, upstream int64) {
		tm := time.Unix(0, nanos).UTC()
		if y := tm.Year(); y < 0 || y >= 10000 {
			return // slog writes an error instead of such a time; ours never occur
		}
		ms := float64(micros) / 1000
		level := callLevel(code)
		want := slogCallLine(t, tm, level, method, login, reqID, ms, code, upstream)
		if got := string(appendCallLine(nil, tm, level, method, login, reqID, ms, code, upstream)); got != want {
			t.Fatalf("\n got %s\nwant %s", got, want)
		}
	})
}

// TestCallLineObserver: the observer writes one whole line per call (the
// level filter applied as slog's handler applies it) and records the call
// in the metrics.
func TestCallLineObserver(t *testing.T) {
	for _, tc := range []struct {
		name  string
		level slog.Level
		code  int
		lines int
	}{{"info call at info", slog.LevelInfo, 0, 1}, {"info call at warn", slog.LevelWarn, 404, 0}, {"internal error at warn", slog.LevelWarn, -32603, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			m := metrics.New(func(s string) bool { return s == "backlog.getIssue" })
			obs := CallLineObserver(&out, tc.level, m)
			ctx, st := WithState(context.Background(), "rid-1")
			st.Login = "alice"
			CountUpstream(ctx)
			obs(ctx, "backlog.getIssue", tc.code, 1500*time.Microsecond)
			if got := strings.Count(out.String(), "\n"); got != tc.lines {
				t.Fatalf("%d lines, want %d: %s", got, tc.lines, out.String())
			}
			if tc.lines == 1 {
				line := out.String()
				for _, want := range []string{`"msg":"call","method":"backlog.getIssue","login":"alice","request_id":"rid-1","duration_ms":1.5,`, `"upstream_calls":1}`} {
					if !strings.Contains(line, want) {
						t.Fatalf("line %s lacks %s", line, want)
					}
				}
			}
			if n := testCounter(t, m, "backlog_xmlrpc_calls_total"); n != 1 {
				t.Fatalf("calls_total = %v", n)
			}
		})
	}
}

// testCounter sums a counter family of m.
func testCounter(t *testing.T, m *metrics.Metrics, name string) float64 {
	t.Helper()
	mfs, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() == name {
			for _, mm := range mf.GetMetric() {
				sum += mm.GetCounter().GetValue()
			}
		}
	}
	return sum
}
