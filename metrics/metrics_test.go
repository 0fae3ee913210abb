package metrics

import (
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(w.Body)
	return string(b)
}

func TestLabelsAreBounded(t *testing.T) {
	known := map[string]bool{"backlog.getProjects": true}
	m := New(func(s string) bool { return known[s] })
	m.ObserveCall("backlog.getProjects", 0, 3*time.Millisecond)
	m.ObserveCall("backlog.getProjects", 404, time.Millisecond)
	for i := 0; i < 50; i++ { // random names all land in one series
		m.ObserveCall("backlog.nope"+strings.Repeat("x", i), -32601, time.Millisecond)
	}
	m.ObserveCall("(unknown)", -32601, time.Millisecond)
	m.ObserveCall("(invalid)", -32700, time.Millisecond)
	m.ObserveUpstream("GET", "/api/v2/projects", 200, 2*time.Millisecond, 149)
	m.ObserveUpstream("POST", "/api/v2/issues", 0, time.Millisecond, -1)
	m.AuthAttempt("bad")
	m.RegisterCacheStats(func() (uint64, uint64) { return 7, 2 })

	out := scrape(t, m)
	for _, want := range []string{
		`backlog_xmlrpc_calls_total{code="0",method="backlog.getProjects"} 1`,
		`backlog_xmlrpc_calls_total{code="404",method="backlog.getProjects"} 1`,
		`backlog_xmlrpc_faults_total{code="404",method="backlog.getProjects"} 1`,
		`backlog_xmlrpc_calls_total{code="-32601",method="unknown"} 51`,
		`backlog_xmlrpc_calls_total{code="-32700",method="invalid"} 1`,
		`backlog_xmlrpc_call_duration_seconds_count{method="backlog.getProjects"} 2`,
		`backlog_xmlrpc_upstream_calls_total{route="/api/v2/projects",status="200",verb="GET"} 1`,
		`backlog_xmlrpc_upstream_calls_total{route="/api/v2/issues",status="error",verb="POST"} 1`,
		`backlog_xmlrpc_upstream_ratelimit_remaining{route="/api/v2/projects"} 149`,
		`backlog_xmlrpc_auth_attempts_total{outcome="bad"} 1`,
		`backlog_xmlrpc_cache_hits_total 7`,
		`backlog_xmlrpc_cache_misses_total 2`,
		`go_goroutines `,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(out, "backlog.nope") {
		t.Error("an unregistered method name became a label")
	}
	if strings.Contains(out, `faults_total{code="0"`) {
		t.Error("a success counted as a fault")
	}
}

// TestObserveCallConcurrent: the cached series count every call exactly,
// whichever goroutine created them (run with -race).
func TestObserveCallConcurrent(t *testing.T) {
	known := map[string]bool{"a": true, "b": true}
	m := New(func(s string) bool { return known[s] })
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				method := []string{"a", "b", "zzz"}[(g+i)%3]
				if got := m.ObserveCallLabel(method, []int{0, 404, -32601}[i%3], time.Millisecond); got != map[string]string{"a": "a", "b": "b", "zzz": MethodUnknown}[method] {
					t.Errorf("label of %q = %q", method, got)
				}
			}
		}()
	}
	wg.Wait()
	out := scrape(t, m)
	var total int
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "backlog_xmlrpc_calls_total{") {
			var n int
			fmt.Sscan(l[strings.LastIndexByte(l, ' ')+1:], &n)
			total += n
		}
	}
	if total != 8*300 {
		t.Fatalf("calls_total sums to %d, want %d:\n%s", total, 8*300, out)
	}
	if !strings.Contains(out, `backlog_xmlrpc_faults_total{code="404",method="a"}`) || strings.Contains(out, `faults_total{code="0"`) {
		t.Fatalf("faults series:\n%s", out)
	}
}

// BenchmarkObserveCall: recording one call (cached series).
//
//	go test ./metrics -run '^$' -bench ObserveCall -benchmem
func BenchmarkObserveCall(b *testing.B) {
	m := New(func(s string) bool { return s == "backlog.getStatuses" })
	b.ReportAllocs()
	for b.Loop() {
		m.ObserveCall("backlog.getStatuses", 0, time.Millisecond)
	}
}
