package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/migration"
)

// getAs GETs url with Basic credentials (none when user is empty).
func getAs(t *testing.T, url, user, pass string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestMigrationReport: after calls as demo and admin, /admin/migration
// shows both logins and their methods to the administrator and refuses the
// normal user; legacy_calls_by_login_total is on /metrics; the report
// survives a restart with --state-dir; --admin-listen serves it without
// authentication.
func TestMigrationReport(t *testing.T) {
	dir := t.TempDir()
	m, _ := mustRunMain(t, func(c *Config) {
		c.Demo = true
		c.StateDir = dir
		c.AdminListen = "127.0.0.1:0"
	})
	multicall := `<?xml version="1.0"?><methodCall><methodName>system.multicall</methodName><params><param><value><array><data>` +
		`<value><struct><member><name>methodName</name><value>backlog.getProject</value></member><member><name>params</name><value><array><data><value><string>DEMO</string></value></data></array></value></member></struct></value>` +
		`</data></array></value></param></params></methodCall>`
	for _, c := range []struct{ user, body string }{
		{"demo", getProjectsCall}, {"demo", getProjectsCall}, {"admin", getProjectsCall}, {"admin", multicall},
		{"demo", `<?xml version="1.0"?><methodCall><methodName>backlog.admin.getUsers</methodName><params/></methodCall>`},
	} {
		if resp, body := post(t, m.Addr(), c.user, c.user, c.body); resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", c.user, resp.StatusCode, body)
		}
	}
	base := "http://" + m.Addr()
	code, page := getAs(t, base+migration.PagePath, "admin", "admin")
	if code != 200 {
		t.Fatalf("admin: %d %s", code, page)
	}
	for _, want := range []string{
		`data-login="demo" data-method="backlog.getProjects"`,
		`data-login="admin" data-method="backlog.getProjects"`,
		`data-login="admin" data-method="backlog.getProject"`, // inside system.multicall
		`data-login="demo" data-method="backlog.admin.getUsers"`,
		"403×1", // demo's admin call was refused
		"GET /api/v2/projects", "docs/methods/backlog.getProjects.md",
		`<svg id="chart"`, `class="bar"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if code, _ := getAs(t, base+migration.PagePath, "demo", "demo"); code != http.StatusForbidden {
		t.Errorf("normal user: %d, want 403", code)
	}
	if code, _ := getAs(t, base+migration.JSONPath, "", ""); code != http.StatusUnauthorized {
		t.Errorf("anonymous: %d, want 401", code)
	}
	if code, body := get(t, "http://"+m.AdminAddr()+migration.JSONPath); code != 200 || !strings.Contains(body, `"login":"demo"`) {
		t.Errorf("--admin-listen: %d %s", code, body)
	}
	_, metricsText := get(t, base+"/metrics")
	for _, want := range []string{
		`backlog_xmlrpc_legacy_calls_by_login_total{login="demo",method="backlog.getProjects"} 2`,
		`backlog_xmlrpc_legacy_calls_by_login_total{login="admin",method="backlog.getProject"} 1`,
	} {
		if !strings.Contains(metricsText, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, migration.SnapshotFile)); err != nil {
		t.Fatalf("no snapshot after Close: %v", err)
	}
	m2, _ := mustRunMain(t, func(c *Config) { c.Demo = true; c.StateDir = dir })
	var demoCalls int64
	for _, r := range m2.Migration().Rows() {
		if r.Login == "demo" && r.Method == "backlog.getProjects" {
			demoCalls = r.Calls
		}
	}
	if demoCalls != 2 {
		t.Errorf("after a restart with --state-dir: demo's getProjects calls = %d, want 2", demoCalls)
	}
}

func TestStateDirMustExist(t *testing.T) {
	c := DefaultConfig()
	c.Demo = true
	c.StateDir = filepath.Join(t.TempDir(), "missing")
	if err := c.finish(); err == nil || !strings.Contains(err.Error(), "--state-dir") {
		t.Fatalf("finish: %v, want a --state-dir error", err)
	}
}

func TestStateDirMustBeWritable(t *testing.T) {
	// A directory nobody may create files in, root included (a chmod 0500
	// directory would not stop root, as CI runs).
	dir := "/proc/self"
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Skip("no /proc")
	}
	m := NewMain()
	m.LogOutput = io.Discard
	m.Config.Listen = "127.0.0.1:0"
	m.Config.Demo = true
	m.Config.StateDir = dir
	err := m.Run(t.Context())
	if err == nil {
		m.Close()
		t.Fatal("Run with a read-only --state-dir: no error")
	}
	if !strings.Contains(err.Error(), "not writable") {
		t.Fatalf("Run: %v, want a not-writable --state-dir error", err)
	}
}
