package metrics

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"
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

// TestWatchGate: the work gate's series carry the values its stats function
// returns at each scrape (one call per scrape: a consistent snapshot), and
// are absent from a server without a gate.
func TestWatchGate(t *testing.T) {
	if out := scrape(t, New(nil)); strings.Contains(out, "backlog_xmlrpc_work_") {
		t.Fatalf("work gate series without a gate:\n%s", out)
	}
	m := New(nil)
	var calls int
	state := workgate.Stats{Slots: 8, InUse: 5, Entering: 3, Resuming: 2, Paused: 41}
	m.WatchGate(func() workgate.Stats { calls++; return state })
	for _, tc := range []struct {
		state workgate.Stats
		want  []string
	}{
		{workgate.Stats{Slots: 8, InUse: 5, Entering: 3, Resuming: 2, Paused: 41}, []string{
			"backlog_xmlrpc_work_slots 8\n",
			"backlog_xmlrpc_work_slots_in_use 5\n",
			`backlog_xmlrpc_work_queued{queue="entering"} 3` + "\n",
			`backlog_xmlrpc_work_queued{queue="resuming"} 2` + "\n",
			"backlog_xmlrpc_work_paused 41\n",
		}},
		{workgate.Stats{Slots: 1}, []string{ // read again at the next scrape
			"backlog_xmlrpc_work_slots 1\n",
			"backlog_xmlrpc_work_slots_in_use 0\n",
			`backlog_xmlrpc_work_queued{queue="entering"} 0` + "\n",
			`backlog_xmlrpc_work_queued{queue="resuming"} 0` + "\n",
			"backlog_xmlrpc_work_paused 0\n",
		}},
	} {
		state, calls = tc.state, 0
		out := scrape(t, m)
		for _, want := range tc.want {
			if !strings.Contains(out, want) {
				t.Errorf("stats %+v: missing %q in\n%s", tc.state, want, out)
			}
		}
		if calls != 1 {
			t.Errorf("stats %+v: %d Stats calls in one scrape, want 1", tc.state, calls)
		}
	}
	if strings.Count(scrape(t, m), "backlog_xmlrpc_work_queued{") != 2 {
		t.Error("work_queued has other queues than entering and resuming")
	}
}

// TestReadmeListsEverySeries: every backlog_xmlrpc_ family this package
// can expose is named in the README's /metrics list (operators build
// dashboards and alerts from it).
func TestReadmeListsEverySeries(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := New(nil)
	m.ObserveCall("a", 404, time.Millisecond)
	m.ObserveUpstream("GET", "/api/v2/projects", 200, time.Millisecond, 1)
	m.AuthAttempt("ok")
	m.RegisterCacheStats(func() (uint64, uint64) { return 0, 0 })
	m.WatchGate(func() workgate.Stats { return workgate.Stats{Slots: 1} })
	m.Instrument(http.NotFoundHandler()).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/XML-RPC", nil))
	fams, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, f := range fams {
		if name := f.GetName(); strings.HasPrefix(name, Namespace+"_") {
			n++
			if !regexp.MustCompile("`" + regexp.QuoteMeta(name) + "[`{]").Match(readme) {
				t.Errorf("README.md does not list %s", name)
			}
		}
	}
	if n < 15 {
		t.Fatalf("only %d backlog_xmlrpc_ families gathered: the test no longer exercises every collector", n)
	}
}

func TestLoginLabelIsBounded(t *testing.T) {
	m := New(nil)
	for i := 0; i < MaxLoginLabels+50; i++ {
		m.ObserveLoginCall(fmt.Sprintf("user%03d", i), "backlog.getProjects")
	}
	m.ObserveLoginCall("user000", "backlog.getIssue")
	out := scrape(t, m)
	if n := strings.Count(out, "backlog_xmlrpc_legacy_calls_by_login_total{"); n != MaxLoginLabels+2 {
		t.Errorf("%d legacy_calls_by_login_total series, want %d (the first %d logins, other, and user000's second method)", n, MaxLoginLabels+2, MaxLoginLabels)
	}
	for _, want := range []string{
		`backlog_xmlrpc_legacy_calls_by_login_total{login="other",method="backlog.getProjects"} 50`,
		`backlog_xmlrpc_legacy_calls_by_login_total{login="user000",method="backlog.getIssue"} 1`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
}
