// Package deploy holds the deployment kit (Kubernetes manifests, compose
// file, Grafana dashboard, Prometheus rules); its tests check the kit
// against the real server: the rules pass promtool, and every series the
// dashboard and the rules use is on /metrics.
package deploy

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	kolo "github.com/kolo/xmlrpc"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/metrics"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/testserver"
)

// need returns the path of a program, skipping the test without it
// (failing it under CI=true, where .ci/run installs it).
func need(t *testing.T, prog, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(prog)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (apt-get install %s; .ci/run installs it)", prog, pkg)
	}
	t.Skipf("%s is not installed (apt-get install %s)", prog, pkg)
	return ""
}

func TestPromtoolRules(t *testing.T) {
	promtool := need(t, "promtool", "prometheus")
	for _, args := range [][]string{
		{"check", "rules", "rules.yml"},
		{"test", "rules", "rules_test.yml"},
	} {
		cmd := exec.Command(promtool, args...)
		cmd.Dir = "prometheus"
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

func TestDashboardIsValidJSON(t *testing.T) {
	b, err := os.ReadFile("grafana/dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		UID    string `json:"uid"`
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if d.UID == "" || len(d.Panels) == 0 {
		t.Fatalf("dashboard: uid %q, %d panels", d.UID, len(d.Panels))
	}
	for _, p := range d.Panels {
		if len(p.Targets) == 0 || p.Targets[0].Expr == "" {
			t.Errorf("panel %q has no query", p.Title)
		}
	}
}

var seriesName = regexp.MustCompile(`(?:^|[^:a-zA-Z0-9_])(backlog_xmlrpc_[a-z0-9_]+)`)

// usedSeries returns the backlog_xmlrpc_* names in the dashboard and the
// rules (recording rules' own names, which contain a colon, are not
// matched: they start with their labels).
func usedSeries(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, f := range []string{"grafana/dashboard.json", "prometheus/rules.yml"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, mm := range seriesName.FindAllStringSubmatch(string(b), -1) {
			if n := mm[1]; !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	slices.Sort(names)
	return names
}

// servedNames returns the metric names of a /metrics text.
func servedNames(text string) map[string]bool {
	names := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if i := strings.IndexAny(line, "{ "); i > 0 {
			names[line[:i]] = true
		}
	}
	return names
}

// TestUsedSeriesAreServed starts the server (--demo), makes the calls
// that create the series (legacy calls as demo and admin, a fault, a bad
// password), and checks every series of the dashboard and the rules is on
// its /metrics. upstream_ratelimit_remaining appears only once Backlog has
// sent X-RateLimit-Remaining, which the demo Backlog does not: it is
// checked on the collectors themselves.
func TestUsedSeriesAreServed(t *testing.T) {
	srv := testserver.Run(t, testserver.Config{Args: []string{"--demo", "--listen", "127.0.0.1:0"}})
	if err := srv.WaitHealthy(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	call := func(user, pass, method string, args any) error {
		c, err := kolo.NewClient(fmt.Sprintf("http://%s:%s@%s/XML-RPC", user, pass, srv.Addr), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var out any
		return c.Call(method, args, &out)
	}
	for _, user := range []string{"demo", "admin"} {
		if err := call(user, user, "backlog.getProjects", nil); err != nil {
			t.Fatalf("getProjects as %s: %v", user, err)
		}
	}
	if err := call("demo", "demo", "backlog.admin.getUsers", nil); err == nil {
		t.Fatal("backlog.admin.getUsers as demo: no fault")
	}
	if err := call("demo", "wrong", "backlog.getProjects", nil); err == nil {
		t.Fatal("a wrong password: no error")
	}
	resp, err := http.Get("http://" + srv.Addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	served := servedNames(string(b))

	m := metrics.New(nil)
	m.ObserveUpstream("GET", "/api/v2/issues", 200, time.Millisecond, 5)
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	collectorsOnly := servedNames(w.Body.String())

	used := usedSeries(t)
	if len(used) < 10 {
		t.Fatalf("only %d series found in the dashboard and rules: %v", len(used), used)
	}
	for _, n := range used {
		if served[n] {
			continue
		}
		if n == "backlog_xmlrpc_upstream_ratelimit_remaining" && collectorsOnly[n] {
			continue
		}
		t.Errorf("%s is used by deploy/ but not served on /metrics", n)
	}
}
