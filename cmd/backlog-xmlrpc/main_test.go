package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	kolo "github.com/kolo/xmlrpc"
	"golang.org/x/crypto/bcrypt"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/testlog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// syncBuffer is the shared goroutine-safe log sink.
type syncBuffer = testlog.Buffer

// eventually polls cond (a state check, not a sleep-as-synchronisation)
// until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// eventuallyOK polls cond like eventually but lets the caller report the
// failure with its own details.
func eventuallyOK(cond func() bool) {
	deadline := time.Now().Add(10 * time.Second)
	for !cond() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}

// startFake runs the Backlog fake on 127.0.0.1 for the non-demo modes.
func startFake(t *testing.T) (*fake.Server, string) {
	t.Helper()
	f := fake.New(fake.DefaultSeed())
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	return f, ts.URL
}

// mustRunMain starts a Main on 127.0.0.1:0 with cfg changed by mutate.
func mustRunMain(t *testing.T, mutate func(*Config)) (*Main, *syncBuffer) {
	t.Helper()
	m := NewMain()
	logs := &syncBuffer{}
	m.LogOutput = logs
	m.Config.Listen = "127.0.0.1:0"
	m.Config.ShutdownTimeout = 10 * time.Second
	if mutate != nil {
		mutate(&m.Config)
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return m, logs
}

func writeCreds(t *testing.T, path string, entries ...auth.Credential) {
	t.Helper()
	if err := auth.WriteFile(path, entries); err != nil {
		t.Fatal(err)
	}
}

func cred(t *testing.T, login, password, apiKey string) auth.Credential {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return auth.Credential{Login: login, PasswordHash: string(h), APIKey: apiKey}
}

const getProjectsCall = `<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>backlog.getProjects</methodName><params/></methodCall>`

// post sends a raw XML-RPC request with optional Basic credentials.
func post(t *testing.T, addr, user, pass, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", "http://"+addr+"/XML-RPC", strings.NewReader(body))
	req.Header.Set("Content-Type", "text/xml")
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// koloProjects calls backlog.getProjects through kolo/xmlrpc, a real client.
func koloProjects(t *testing.T, addr, user, pass string) ([]map[string]any, error) {
	t.Helper()
	c, err := kolo.NewClient(fmt.Sprintf("http://%s:%s@%s/XML-RPC", user, pass, addr), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out []map[string]any
	err = c.Call("backlog.getProjects", nil, &out)
	return out, err
}

func projectKeys(ps []map[string]any) []string {
	var keys []string
	for _, p := range ps {
		keys = append(keys, fmt.Sprint(p["key"]))
	}
	return keys
}

func TestDemoMode(t *testing.T) {
	m, logs := mustRunMain(t, func(c *Config) { c.Demo = true })
	addr := m.Addr()

	t.Run("401 challenge with the legacy realm, then the call succeeds", func(t *testing.T) {
		resp, _ := post(t, addr, "", "", getProjectsCall)
		if resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") != `Basic realm="Backlog Basic Authenticate"` {
			t.Fatalf("status %d, challenge %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
		}
		resp, body := post(t, addr, "demo", "demo", getProjectsCall)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/xml" || !strings.Contains(body, "<name>key</name>") || strings.Contains(body, "<fault>") {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
	})
	t.Run("the README's curl command", func(t *testing.T) {
		readme, err := os.ReadFile("../../README.md")
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`curl -u (\w+):(\w+) --data @(\S+) http://127\.0\.0\.1:8080/XML-RPC`).FindSubmatch(readme)
		if m == nil {
			t.Fatal("README.md has no curl example")
		}
		body, err := os.ReadFile(filepath.Join("../..", string(m[3])))
		if err != nil {
			t.Fatalf("the README's request file: %v", err)
		}
		resp, out := post(t, addr, string(m[1]), string(m[2]), string(body))
		if resp.StatusCode != 200 || strings.Contains(out, "<fault>") || !strings.Contains(out, "DEMO") {
			t.Fatalf("%d %s", resp.StatusCode, out)
		}
	})
	t.Run("kolo client as demo and as admin", func(t *testing.T) {
		for _, login := range []string{"demo", "admin"} {
			ps, err := koloProjects(t, addr, login, login)
			if err != nil {
				t.Fatalf("%s: %v", login, err)
			}
			if !strings.Contains(strings.Join(projectKeys(ps), ","), "DEMO") {
				t.Fatalf("%s: projects %v", login, projectKeys(ps))
			}
		}
		if _, err := koloProjects(t, addr, "demo", "wrong"); err == nil || !strings.Contains(err.Error(), "401") {
			t.Fatalf("wrong password: %v", err)
		}
	})
	t.Run("healthz and readyz", func(t *testing.T) {
		if code, body := get(t, "http://"+addr+"/healthz"); code != 200 || body != "ok\n" {
			t.Fatalf("healthz %d %q", code, body)
		}
		if code, body := get(t, "http://"+addr+"/readyz"); code != 200 {
			t.Fatalf("readyz %d %q", code, body)
		}
		if code := runHealthcheck([]string{"--listen", addr}, io.Discard, func(string) string { return "" }); code != 0 {
			t.Fatalf("healthcheck subcommand exit %d", code)
		}
	})
	t.Run("one log line per call, no secrets", func(t *testing.T) {
		found := func() bool { // the lines are batched (--log-buffer): they arrive within 50 ms
			for _, c := range logs.Lines("call") {
				if c["method"] == "backlog.getProjects" && c["login"] == "demo" && c["fault_code"] == float64(0) &&
					c["upstream_calls"] != nil && c["duration_ms"] != nil && c["request_id"] != "" {
					return true
				}
			}
			return false
		}
		if eventuallyOK(found); !found() {
			t.Fatalf("no call line for backlog.getProjects by demo:\n%s", logs.String())
		}
		for _, secret := range []string{"demo-api-key-normal", "demo-api-key-admin", `"demo:demo"`, "wrong"} {
			if strings.Contains(logs.String(), secret) {
				t.Fatalf("log holds %q:\n%s", secret, logs.String())
			}
		}
	})
	t.Run("metrics", func(t *testing.T) {
		post(t, addr, "demo", "demo", `<methodCall><methodName>no.such.method</methodName></methodCall>`)
		code, body := get(t, "http://"+addr+"/metrics")
		if code != 200 {
			t.Fatal(code)
		}
		for _, re := range []string{
			`backlog_xmlrpc_calls_total\{code="0",method="backlog.getProjects"\} [1-9]`,
			`backlog_xmlrpc_calls_total\{code="-32601",method="unknown"\} 1`,
			`backlog_xmlrpc_faults_total\{code="-32601",method="unknown"\} 1`,
			`backlog_xmlrpc_call_duration_seconds_bucket\{method="backlog.getProjects",le="[^"]+"\} [1-9]`,
			`backlog_xmlrpc_upstream_calls_total\{route="/api/v2/projects",status="200",verb="GET"\} [1-9]`,
			`backlog_xmlrpc_upstream_call_duration_seconds_count\{route="/api/v2/projects"\} [1-9]`,
			`backlog_xmlrpc_upstream_ratelimit_remaining\{route="/api/v2/projects"\} \d+`,
			`backlog_xmlrpc_auth_attempts_total\{outcome="ok"\} [1-9]`,
			`backlog_xmlrpc_auth_attempts_total\{outcome="missing"\} [1-9]`,
			`backlog_xmlrpc_auth_attempts_total\{outcome="bad"\} [1-9]`,
			`backlog_xmlrpc_http_responses_total\{code="401"\} [1-9]`,
			`backlog_xmlrpc_cache_(hits|misses)_total \d+`,
			`go_goroutines \d+`,
			`process_resident_memory_bytes \d`,
		} {
			if !regexp.MustCompile(re).MatchString(body) {
				t.Errorf("metrics lack %s", re)
			}
		}
		for _, secret := range []string{"demo-api-key", "no.such.method"} {
			if strings.Contains(body, secret) {
				t.Errorf("metrics hold %q", secret)
			}
		}
	})
}

func TestCredentialsFileModeAndReload(t *testing.T) {
	_, url := startFake(t)
	path := filepath.Join(t.TempDir(), "credentials.json")
	writeCreds(t, path, cred(t, "demo", "first-pw", "demo-api-key-normal"))
	m, logs := mustRunMain(t, func(c *Config) { c.BacklogURL = url; c.CredentialsFile = path })
	if m.Config.Auth != AuthModeFile {
		t.Fatalf("auth mode %q", m.Config.Auth)
	}
	addr := m.Addr()
	if _, err := koloProjects(t, addr, "demo", "first-pw"); err != nil {
		t.Fatal(err)
	}
	if _, err := koloProjects(t, addr, "demo", "second-pw"); err == nil {
		t.Fatal("wrong password accepted")
	}

	// Change the password and add a user; calls keep working across Reload.
	writeCreds(t, path, cred(t, "demo", "second-pw", "demo-api-key-normal"), cred(t, "admin", "admin-pw", "demo-api-key-admin"))
	if _, err := koloProjects(t, addr, "demo", "first-pw"); err != nil {
		t.Fatalf("before reload the old password still works: %v", err)
	}
	if err := m.Reload(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		login, pw string
		ok        bool
	}{{"demo", "first-pw", false}, {"demo", "second-pw", true}, {"admin", "admin-pw", true}} {
		_, err := koloProjects(t, addr, tc.login, tc.pw)
		if (err == nil) != tc.ok {
			t.Errorf("%s/%s after reload: %v", tc.login, tc.pw, err)
		}
	}

	// An insecure file is refused by Reload; the loaded credentials stay.
	os.Chmod(path, 0o644)
	if err := m.Reload(); !errors.Is(err, auth.ErrInsecureFile) {
		t.Fatalf("reload of a world-readable file: %v", err)
	}
	if _, err := koloProjects(t, addr, "admin", "admin-pw"); err != nil {
		t.Fatal(err)
	}
	// ... and refused at start.
	m2 := NewMain()
	m2.LogOutput = io.Discard
	m2.Config.Listen, m2.Config.BacklogURL, m2.Config.CredentialsFile = "127.0.0.1:0", url, path
	if err := m2.Run(context.Background()); !errors.Is(err, auth.ErrInsecureFile) {
		m2.Close()
		t.Fatalf("start with a world-readable file: %v", err)
	}
	if regexp.MustCompile(`(first|second|admin)-pw`).MatchString(logs.String()) {
		t.Fatalf("password in logs:\n%s", logs.String())
	}
}

func TestAPIKeyAsPasswordMode(t *testing.T) {
	f, url := startFake(t)
	m, logs := mustRunMain(t, func(c *Config) { c.BacklogURL = url; c.Auth = AuthModeV2Key; c.LoginFailures = 3 })
	addr := m.Addr()
	const myself = "GET /api/v2/users/myself"
	f.ResetCounters()
	for i := 0; i < 3; i++ {
		if _, err := koloProjects(t, addr, "demo", "demo-api-key-normal"); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if n := f.Count(myself); n != 1 {
		t.Fatalf("GET /users/myself called %d times for 3 calls, want 1 (cached)", n)
	}
	// Another user's (valid) key does not authenticate as demo.
	if resp, _ := post(t, addr, "demo", "demo-api-key-admin", getProjectsCall); resp.StatusCode != 401 {
		t.Fatalf("admin's key as demo: %d", resp.StatusCode)
	}
	if resp, _ := post(t, addr, "demo", "not-a-key", getProjectsCall); resp.StatusCode != 401 {
		t.Fatalf("bad key: %d", resp.StatusCode)
	}
	if resp, _ := post(t, addr, "admin", "demo-api-key-admin", getProjectsCall); resp.StatusCode != 200 {
		t.Fatalf("admin's own key: %d", resp.StatusCode)
	}
	if strings.Contains(logs.String(), "demo-api-key") || strings.Contains(logs.String(), "not-a-key") {
		t.Fatalf("API key in logs:\n%s", logs.String())
	}
}

func TestLockout(t *testing.T) {
	m, _ := mustRunMain(t, func(c *Config) { c.Demo = true; c.LoginFailures = 3; c.LoginLockout = time.Hour })
	addr := m.Addr()
	for i := 0; i < 3; i++ {
		if resp, _ := post(t, addr, "demo", "guess", getProjectsCall); resp.StatusCode != 401 {
			t.Fatalf("failure %d: %d", i, resp.StatusCode)
		}
	}
	resp, body := post(t, addr, "demo", "demo", getProjectsCall)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3600" {
		t.Fatalf("locked login with the right password: %d Retry-After=%q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if resp, _ := post(t, addr, "admin", "admin", getProjectsCall); resp.StatusCode != 200 {
		t.Fatalf("other login: %d", resp.StatusCode)
	}
	code, metrics := get(t, "http://"+addr+"/metrics")
	if code != 200 || !strings.Contains(metrics, `backlog_xmlrpc_auth_attempts_total{outcome="locked"} 1`) {
		t.Fatalf("locked attempts not counted")
	}
}

func TestGracefulShutdownFinishesInFlightCall(t *testing.T) {
	m, logs := mustRunMain(t, func(c *Config) { c.Demo = true })
	addr := m.Addr()
	// Warm up (auth cache, connections), then make the upstream slow.
	if resp, _ := post(t, addr, "demo", "demo", getProjectsCall); resp.StatusCode != 200 {
		t.Fatal(resp.StatusCode)
	}
	m.Fake().SetLatency(400 * time.Millisecond)

	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest("POST", "http://"+addr+"/XML-RPC", strings.NewReader(getProjectsCall))
		req.SetBasicAuth("demo", "demo")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- result{status: resp.StatusCode, body: string(b)}
	}()
	// The call is in flight once the server counts it.
	eventually(t, "the call to be in flight", func() bool {
		mf, _ := m.Metrics().Gatherer().Gather()
		for _, f := range mf {
			if f.GetName() == "backlog_xmlrpc_inflight_requests" && f.GetMetric()[0].GetGauge().GetValue() == 1 {
				return true
			}
		}
		return false
	})
	start := time.Now()
	if err := m.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	r := <-done
	if r.err != nil || r.status != 200 || strings.Contains(r.body, "<fault>") || !strings.Contains(r.body, "DEMO") {
		t.Fatalf("in-flight call: %v %d %s", r.err, r.status, r.body)
	}
	if time.Since(start) < 200*time.Millisecond {
		t.Fatalf("Close returned before the in-flight call could finish")
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Fatal("still accepting connections after Close")
	}
	if len(logs.Lines("stopped")) != 1 {
		t.Fatalf("no stop line:\n%s", logs.String())
	}
}

func TestShutdownBoundCutsSlowCalls(t *testing.T) {
	m, _ := mustRunMain(t, func(c *Config) { c.Demo = true; c.ShutdownTimeout = 100 * time.Millisecond })
	m.Fake().SetLatency(5 * time.Second)
	addr := m.Addr()
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest("POST", "http://"+addr+"/XML-RPC", strings.NewReader(getProjectsCall))
		req.SetBasicAuth("demo", "demo")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	eventually(t, "the call to be in flight", func() bool {
		mf, _ := m.Metrics().Gatherer().Gather()
		for _, f := range mf {
			if f.GetName() == "backlog_xmlrpc_inflight_requests" && f.GetMetric()[0].GetGauge().GetValue() == 1 {
				return true
			}
		}
		return false
	})
	start := time.Now()
	if err := m.Close(); err == nil {
		t.Fatal("Close reported a clean shutdown although a call was cut")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("Close took %v with a 100ms bound", d)
	}
	if err := <-done; err == nil {
		t.Fatal("the cut call got an answer")
	}
}

func TestReadyzReportsUnreachableUpstream(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	url := ts.URL
	ts.Close() // nothing listens there any more
	path := filepath.Join(t.TempDir(), "c.json")
	writeCreds(t, path, cred(t, "demo", "pw", "k"))
	m, _ := mustRunMain(t, func(c *Config) { c.BacklogURL = url; c.CredentialsFile = path })
	code, body := get(t, "http://"+m.Addr()+"/readyz")
	if code != 503 || !strings.Contains(body, "Backlog unreachable") {
		t.Fatalf("readyz %d %q", code, body)
	}
	if code, _ := get(t, "http://"+m.Addr()+"/healthz"); code != 200 {
		t.Fatalf("healthz %d: liveness must not depend on Backlog", code)
	}
}

// TestSignals runs the real program loop (run) and drives it with signals:
// SIGHUP reloads the credentials file, SIGTERM stops it gracefully. The test
// registers for both signals itself first, so a signal can never hit the
// default action (which would kill the test binary).
func TestSignals(t *testing.T) {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM)
	defer signal.Stop(sigs)

	_, url := startFake(t)
	path := filepath.Join(t.TempDir(), "credentials.json")
	writeCreds(t, path, cred(t, "demo", "old-pw", "demo-api-key-normal"))
	env := map[string]string{"BACKLOG_XMLRPC_BACKLOG_URL": url, "BACKLOG_XMLRPC_CREDENTIALS": path}
	for k, v := range env {
		t.Setenv(k, v)
	}
	stderr := &syncBuffer{}
	exit := make(chan int, 1)
	go func() { exit <- run([]string{"--listen", "127.0.0.1:0"}, strings.NewReader(""), io.Discard, stderr) }()
	var addr string
	eventually(t, "the server to start", func() bool {
		for _, l := range stderr.Lines("serving legacy Backlog XML-RPC") {
			addr, _ = l["addr"].(string)
		}
		return addr != ""
	})
	if _, err := koloProjects(t, addr, "demo", "old-pw"); err != nil {
		t.Fatal(err)
	}
	writeCreds(t, path, cred(t, "demo", "new-pw", "demo-api-key-normal"))
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	eventually(t, "the reload", func() bool { return len(stderr.Lines("credentials reloaded")) == 1 })
	if _, err := koloProjects(t, addr, "demo", "new-pw"); err != nil {
		t.Fatalf("after SIGHUP: %v", err)
	}
	if _, err := koloProjects(t, addr, "demo", "old-pw"); err == nil {
		t.Fatal("old password still accepted after SIGHUP")
	}
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit code %d:\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("SIGTERM did not stop the server")
	}
	if len(stderr.Lines("stopped")) != 1 {
		t.Fatalf("no graceful stop:\n%s", stderr.String())
	}
}

func TestPprofOnlyWhenAsked(t *testing.T) {
	m, logs := mustRunMain(t, func(c *Config) { c.Demo = true; c.PprofListen = "127.0.0.1:0" })
	var addr string
	for _, l := range logs.Lines("pprof serving") {
		addr, _ = l["addr"].(string)
	}
	if addr == "" {
		t.Fatal("no pprof server")
	}
	if code, _ := get(t, "http://"+addr+"/debug/pprof/cmdline"); code != 200 {
		t.Fatalf("pprof %d", code)
	}
	// Never on the public listener.
	if code, _ := get(t, "http://"+m.Addr()+"/debug/pprof/cmdline"); code != 404 {
		t.Fatalf("pprof on the main listener: %d", code)
	}
}

func TestRunFailuresReleaseEverything(t *testing.T) {
	busy, _ := mustRunMain(t, func(c *Config) { c.Demo = true })
	m := NewMain()
	m.LogOutput = io.Discard
	m.Config.Demo = true
	m.Config.Listen = busy.Addr() // already taken
	if err := m.Run(context.Background()); err == nil {
		m.Close()
		t.Fatal("Run on a busy address succeeded")
	}
	if m.Fake() == nil {
		t.Fatal("demo fake was not started")
	}
	// The demo fake was stopped: its listener does not answer.
	if _, err := http.Get(m.Config.BacklogURL + "/api/v2/space"); err == nil {
		t.Fatal("demo fake still serving after a failed Run")
	}
	var stderr bytes.Buffer
	if code := run([]string{"--no-such-flag"}, strings.NewReader(""), io.Discard, &stderr); code != 2 {
		t.Fatalf("bad flag: exit %d", code)
	}
	if code := run([]string{"--backlog-url", "ftp://x"}, strings.NewReader(""), io.Discard, &stderr); code != 2 {
		t.Fatalf("bad config: exit %d", code)
	}
}

// TestOAuthRefreshTokenEntries runs a refresh-token entry against the fake's
// OAuth endpoint, which rotates refresh tokens and invalidates the old one:
// the rotated token must be saved to the credentials file, or the next start
// would fail.
func TestOAuthRefreshTokenEntries(t *testing.T) {
	f, url := startFake(t)
	code, err := f.IssueAuthorizationCode("demo-client", "demo")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(url+"/api/v2/oauth2/token", map[string][]string{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {"http://127.0.0.1/callback"},
		"client_id": {"demo-client"}, "client_secret": {"demo-client-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		RefreshToken string `json:"refresh_token"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if tok.RefreshToken == "" {
		t.Fatalf("no refresh token (status %d)", resp.StatusCode)
	}
	path := filepath.Join(t.TempDir(), "credentials.json")
	c := cred(t, "demo", "pw", "")
	c.RefreshToken = tok.RefreshToken
	writeCreds(t, path, c)
	start := func() (*Main, *syncBuffer) {
		return mustRunMain(t, func(c *Config) {
			c.BacklogURL, c.CredentialsFile = url, path
			c.OAuthClientID, c.OAuthSecret = "demo-client", "demo-client-secret"
		})
	}
	m, logs := start()
	f.ResetCounters()
	for i := 0; i < 3; i++ {
		ps, err := koloProjects(t, m.Addr(), "demo", "pw")
		if err != nil || !strings.Contains(strings.Join(projectKeys(ps), ","), "DEMO") {
			t.Fatalf("call %d: %v %v\n%s", i, projectKeys(ps), err, logs.String())
		}
	}
	if n := f.Count("POST /api/v2/oauth2/token"); n != 1 {
		t.Fatalf("token endpoint called %d times for 3 calls, want 1", n)
	}
	set, err := auth.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	saved, _ := set.Lookup("demo")
	if saved.RefreshToken == "" || saved.RefreshToken == tok.RefreshToken {
		t.Fatal("the rotated refresh token was not saved")
	}
	m.Close()
	// A restart uses the saved (current) token; the first one is dead.
	m2, logs2 := start()
	if _, err := koloProjects(t, m2.Addr(), "demo", "pw"); err != nil {
		t.Fatalf("after restart: %v\n%s", err, logs2.String())
	}
	for _, secret := range []string{tok.RefreshToken, saved.RefreshToken, "demo-client-secret"} {
		if strings.Contains(logs.String()+logs2.String(), secret) {
			t.Fatal("a token or the client secret is in the logs")
		}
	}
}

// TestReloadDoesNotDropCalls reloads the credentials file repeatedly while
// clients keep calling: every call must succeed.
func TestReloadDoesNotDropCalls(t *testing.T) {
	_, url := startFake(t)
	path := filepath.Join(t.TempDir(), "credentials.json")
	entries := []auth.Credential{cred(t, "demo", "pw", "demo-api-key-normal"), cred(t, "admin", "pw2", "demo-api-key-admin")}
	writeCreds(t, path, entries...)
	m, _ := mustRunMain(t, func(c *Config) { c.BacklogURL = url; c.CredentialsFile = path })
	const clients, calls = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, clients*calls)
	stop := make(chan struct{})
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < calls; j++ {
				req, _ := http.NewRequest("POST", "http://"+m.Addr()+"/XML-RPC", strings.NewReader(getProjectsCall))
				req.SetBasicAuth("demo", "pw")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					errs <- err
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || strings.Contains(string(body), "<fault>") {
					errs <- fmt.Errorf("call %d: %d %.200s", j, resp.StatusCode, body)
				}
			}
		}()
	}
	go func() { wg.Wait(); close(stop) }()
	reloads := 0
	for done := false; !done; {
		select {
		case <-stop:
			done = true
		default:
			// Rewrite the file (new hash for admin) and swap it in.
			entries[1] = cred(t, "admin", fmt.Sprintf("pw-%d", reloads), "demo-api-key-admin")
			writeCreds(t, path, entries...)
			if err := m.Reload(); err != nil {
				t.Fatal(err)
			}
			reloads++
		}
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if reloads == 0 {
		t.Fatal("no reload happened during the calls")
	}
	t.Logf("%d calls across %d reloads", clients*calls, reloads)
}

func TestReadyzNeedsCredentials(t *testing.T) {
	_, url := startFake(t)
	path := filepath.Join(t.TempDir(), "c.json")
	writeCreds(t, path) // a valid file with no users
	m, _ := mustRunMain(t, func(c *Config) { c.BacklogURL = url; c.CredentialsFile = path })
	if code, body := get(t, "http://"+m.Addr()+"/readyz"); code != 503 || !strings.Contains(body, "no credentials") {
		t.Fatalf("readyz %d %q", code, body)
	}
	writeCreds(t, path, cred(t, "demo", "pw", "demo-api-key-normal"))
	if err := m.Reload(); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, "http://"+m.Addr()+"/readyz"); code != 200 {
		t.Fatalf("after reload: readyz %d %q", code, body)
	}
}

// TestCredentialsPollReloadsChangedFile: with --credentials-poll a changed
// file is picked up without a signal (Kubernetes Secret updates), and a
// broken one is refused while the current credentials stay.
func TestCredentialsPollReloadsChangedFile(t *testing.T) {
	_, url := startFake(t)
	path := filepath.Join(t.TempDir(), "credentials.json")
	writeCreds(t, path, cred(t, "demo", "old-pw", "demo-api-key-normal"))
	m, logs := mustRunMain(t, func(c *Config) {
		c.BacklogURL, c.CredentialsFile, c.CredsPoll = url, path, 10*time.Millisecond
	})
	writeCreds(t, path, cred(t, "demo", "new-pw", "demo-api-key-normal"))
	eventually(t, "the changed file to be reloaded", func() bool { return len(logs.Lines("credentials reloaded")) == 1 })
	if _, err := koloProjects(t, m.Addr(), "demo", "new-pw"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".tmp", []byte("{broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Rename(path+".tmp", path)
	eventually(t, "the broken file to be refused", func() bool {
		return len(logs.Lines("credentials file changed but could not be loaded; keeping the current credentials")) >= 1
	})
	if _, err := koloProjects(t, m.Addr(), "demo", "new-pw"); err != nil {
		t.Fatalf("a broken file dropped the credentials: %v", err)
	}
}

// TestLogBuffer: with --log-buffer the call lines wait in memory (here an
// hour, so only Flush-on-start, Close and a failed Run can write them) and
// still all arrive, in order, by the end of Close; with 0 each line is
// written before the call is answered.
func TestLogBuffer(t *testing.T) {
	for _, tc := range []struct {
		name             string
		buffer           time.Duration
		linesBeforeClose int
	}{{"off: every line at once", 0, 1}, {"on: the call line waits for the batch", time.Hour, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			m, logs := mustRunMain(t, func(c *Config) { c.Demo = true; c.LogBuffer = tc.buffer })
			if len(logs.Lines("serving legacy Backlog XML-RPC")) != 1 {
				t.Fatalf("start line not written by the end of Run:\n%s", logs.String())
			}
			if _, err := koloProjects(t, m.Addr(), "demo", "demo"); err != nil {
				t.Fatal(err)
			}
			if got := len(logs.Lines("call")); got != tc.linesBeforeClose {
				t.Fatalf("%d call lines before Close, want %d:\n%s", got, tc.linesBeforeClose, logs.String())
			}
			if err := m.Close(); err != nil {
				t.Fatal(err)
			}
			out := logs.String()
			call, stop := strings.Index(out, `"msg":"call"`), strings.Index(out, `"msg":"stopped"`)
			if call < 0 || stop < call {
				t.Fatalf("after Close: call line at %d, stop line at %d:\n%s", call, stop, out)
			}
		})
	}
	t.Run("a failed Run writes what it logged", func(t *testing.T) {
		busy, _ := mustRunMain(t, func(c *Config) { c.Demo = true })
		m := NewMain()
		logs := &syncBuffer{}
		m.LogOutput = logs
		m.Config.Demo = true
		m.Config.LogBuffer = time.Hour
		m.Config.Listen = busy.Addr() // already taken
		if err := m.Run(context.Background()); err == nil {
			m.Close()
			t.Fatal("Run on a busy address succeeded")
		}
		if len(logs.Lines("demo mode: in-memory Backlog started")) != 1 {
			t.Fatalf("lines logged before the failure were lost:\n%s", logs.String())
		}
	})
}

// TestRefreshTokenEntryNeedsOAuthClient: a credentials file with a
// refresh-token entry cannot serve that login without the OAuth client, so
// the start fails at once naming the fix (not each of that user's calls).
func TestRefreshTokenEntryNeedsOAuthClient(t *testing.T) {
	_, url := startFake(t)
	path := filepath.Join(t.TempDir(), "credentials.json")
	c := cred(t, "oauthuser", "pw", "")
	c.RefreshToken = "REFRESH-TOKEN-SECRET"
	writeCreds(t, path, cred(t, "demo", "pw", "demo-api-key-normal"), c)
	m := NewMain()
	m.LogOutput = io.Discard
	m.Config.BacklogURL, m.Config.CredentialsFile = url, path
	m.Config.Listen = "127.0.0.1:0"
	err := m.Run(context.Background())
	if err == nil {
		m.Close()
		t.Fatal("Run started with a refresh-token entry and no OAuth client")
	}
	for _, want := range []string{"1 entry holds", "oauthuser", "--oauth-client-id", "BACKLOG_XMLRPC_OAUTH_CLIENT_SECRET"} {
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("err = %v, want it to name %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "REFRESH-TOKEN-SECRET") {
		t.Fatal("the error quotes the refresh token")
	}

	// The same file arriving by reload is refused; the loaded set stays.
	writeCreds(t, path, cred(t, "demo", "pw", "demo-api-key-normal"))
	m2, _ := mustRunMain(t, func(c *Config) { c.BacklogURL, c.CredentialsFile = url, path })
	writeCreds(t, path, cred(t, "demo", "pw", "demo-api-key-normal"), c)
	if err := m2.Reload(); err == nil || !strings.Contains(err.Error(), "--oauth-client-id") {
		t.Fatalf("reload with a refresh-token entry and no OAuth client: %v", err)
	}
	if _, err := koloProjects(t, m2.Addr(), "demo", "pw"); err != nil {
		t.Fatalf("after the refused reload: %v", err)
	}
}

// TestReadyzRefusesANonBacklogURL: a --backlog-url that answers, but not as
// Backlog v2 (a web server's HTML 404), is not ready.
func TestReadyzRefusesANonBacklogURL(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "<html><body>Not Found</body></html>")
	}))
	defer ts.Close()
	path := filepath.Join(t.TempDir(), "c.json")
	writeCreds(t, path, cred(t, "demo", "pw", "k"))
	m, _ := mustRunMain(t, func(c *Config) { c.BacklogURL = ts.URL; c.CredentialsFile = path })
	code, body := get(t, "http://"+m.Addr()+"/readyz")
	if code != 503 || !strings.Contains(body, "not a Backlog v2 API") {
		t.Fatalf("readyz %d %q", code, body)
	}
}

// TestListenErrorNamesTheFlag: an address the server cannot listen on is
// refused naming --listen, as --admin-listen and --pprof-listen are.
func TestListenErrorNamesTheFlag(t *testing.T) {
	m := NewMain()
	m.LogOutput = &syncBuffer{}
	m.Config.Demo = true
	m.Config.Listen = "nope"
	if err := m.Config.finish(); err != nil {
		t.Fatal(err)
	}
	err := m.Run(context.Background())
	m.Close()
	if err == nil || !strings.HasPrefix(err.Error(), "--listen: ") || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("Run with --listen nope: %v, want an error naming --listen and the address", err)
	}
}

// TestBadFlagReportedOnce: a flag the program does not know, or a value
// that does not parse, is reported once (the flag package prints it; run
// does not print it again), with the pointer to --help.
func TestBadFlagReportedOnce(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--nope"}, "flag provided but not defined: -nope"},
		{[]string{"--demo", "--max-multicall", "lots"}, `invalid value "lots" for flag -max-multicall: want an integer`},
	} {
		var stderr bytes.Buffer
		if code := run(tc.args, strings.NewReader(""), io.Discard, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2", tc.args, code)
		}
		if n := strings.Count(stderr.String(), tc.msg); n != 1 || !strings.Contains(stderr.String(), "--help") {
			t.Errorf("%q: the error %d times, want once, with the pointer to --help:\n%s", tc.args, n, stderr.String())
		}
	}
}
