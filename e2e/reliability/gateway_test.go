package reliability

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/testlog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// The gateway under test is the real program: cmd/backlog-xmlrpc built once
// per test binary and run as a child process (its own heap, RSS, goroutines
// and logs), pointed at an in-process Backlog fake whose fault knobs and
// counters the tests drive. It authenticates with a credentials file.

var (
	buildOnce sync.Once
	buildBin  string
	buildErr  error
)

// gatewayBinary builds cmd/backlog-xmlrpc into a temporary directory.
func gatewayBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "reliability-bin-")
		if err != nil {
			buildErr = err
			return
		}
		buildBin = filepath.Join(dir, "backlog-xmlrpc")
		cmd := exec.Command("go", "build", "-o", buildBin, "github.com/backlog-xmlrpc/backlog-xmlrpc/cmd/backlog-xmlrpc")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildBin
}

// gatewayConfig varies the wiring of one gateway.
type gatewayConfig struct {
	Login      string   // default "demo" (a normal user in the fake's seed)
	Password   string   // legacy password; default "hostile-corpus-password"
	APIKey     string   // the login's v2 API key; default the seed's; a new value replaces it in the fake too
	Args       []string // extra flags for the server
	BcryptCost int      // cost of the password hash in the credentials file; default 4 (bcrypt's minimum: fast tests)
	// APIKeyAuth runs the "API key as password" mode: the legacy password
	// is the v2 API key (Password is ignored).
	APIKeyAuth bool
	// OAuthClientSecret, when set, makes the caller's v2 credential an OAuth
	// refresh token (obtained from the fake with the authorization-code
	// grant) and the fake's registered client use this secret; the server
	// gets --oauth-client-id and the secret in its environment.
	OAuthClientSecret string
	FakeOpts          []fake.Option // options of the fake
}

// gateway is a running server process and its upstream fake.
type gateway struct {
	*target
	Base    string // http://host:port of the server
	Fake    *fake.Server
	FakeURL string
	fakeSrv *httptest.Server
	apiKey  string // the caller's v2 API key (in the credentials file and the fake)
	logs    *syncBuffer
	cmd     *exec.Cmd
	exited  chan struct{}
	exitErr error
}

// syncBuffer is the shared goroutine-safe log sink.
type syncBuffer = testlog.Buffer

// startGateway starts a fake and the server process in front of it; both
// stop at the end of the test, and the server must then exit cleanly
// (status 0 on SIGTERM) with no panic in its logs.
func startGateway(t testing.TB, cfg gatewayConfig) *gateway {
	t.Helper()
	bin := gatewayBinary(t)
	if cfg.Login == "" {
		cfg.Login = "demo"
	}
	if cfg.Password == "" {
		cfg.Password = "hostile-corpus-password"
	}
	seed := fake.DefaultSeed()
	found := false
	for i := range seed.Users {
		if seed.Users[i].UserID == cfg.Login {
			found = true
			if cfg.APIKey == "" {
				cfg.APIKey = seed.Users[i].APIKey
			}
			seed.Users[i].APIKey = cfg.APIKey
		}
	}
	if !found {
		t.Fatalf("login %q is not in the fake's seed", cfg.Login)
	}
	if cfg.OAuthClientSecret != "" {
		seed.OAuthClients[0].ClientSecret = cfg.OAuthClientSecret
	}
	fk := fake.New(seed, cfg.FakeOpts...)
	fsrv := httptest.NewServer(fk)
	t.Cleanup(fsrv.Close)
	cred := auth.Credential{Login: cfg.Login, APIKey: cfg.APIKey}
	env := []string{"PATH=" + os.Getenv("PATH"), "TZ=UTC"}
	if cfg.OAuthClientSecret != "" {
		oc := seed.OAuthClients[0]
		code, err := fk.IssueAuthorizationCode(oc.ClientID, cfg.Login)
		if err != nil {
			t.Fatal(err)
		}
		c, err := v2client.New(fsrv.URL)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := c.ExchangeCode(ctxTimeout(t, 10*time.Second), v2client.OAuthConfig{ClientID: oc.ClientID, ClientSecret: oc.ClientSecret}, code, oc.RedirectURI)
		if err != nil {
			t.Fatalf("authorization-code grant against the fake: %v", err)
		}
		cred = auth.Credential{Login: cfg.Login, RefreshToken: tok.RefreshToken}
		cfg.Args = append([]string{"--oauth-client-id", oc.ClientID}, cfg.Args...)
		env = append(env, "BACKLOG_XMLRPC_OAUTH_CLIENT_SECRET="+cfg.OAuthClientSecret)
	}

	dir := t.TempDir()
	if cfg.BcryptCost == 0 {
		cfg.BcryptCost = 4
	}
	hash, err := auth.HashPassword(cfg.Password, cfg.BcryptCost)
	if err != nil {
		t.Fatal(err)
	}
	creds := filepath.Join(dir, "credentials.json")
	cred.PasswordHash = hash
	if err := auth.WriteFile(creds, []auth.Credential{cred}); err != nil {
		t.Fatal(err)
	}
	if cfg.APIKeyAuth {
		cfg.Password = cfg.APIKey
		cfg.Args = append([]string{"--auth", "api-key"}, cfg.Args...)
	}
	args := append([]string{
		"--listen", "127.0.0.1:0",
		"--backlog-url", fsrv.URL,
		"--legacy-url", "https://demo.backlog.jp",
		"--credentials", creds,
		"--log-level", "debug",
		"--shutdown-timeout", "5s",
	}, cfg.Args...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(env, "HOME="+dir)
	logs := &syncBuffer{}
	pr, pw := io.Pipe()
	cmd.Stdout = logs
	cmd.Stderr = io.MultiWriter(logs, pw)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	g := &gateway{Fake: fk, FakeURL: fsrv.URL, fakeSrv: fsrv, apiKey: cfg.APIKey, logs: logs, cmd: cmd, exited: make(chan struct{})}
	go func() {
		g.exitErr = cmd.Wait()
		pw.Close()
		close(g.exited)
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		sent := false
		for sc.Scan() {
			var line struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if !sent && json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving legacy Backlog XML-RPC" {
				addr <- line.Addr
				sent = true
			}
		}
		io.Copy(io.Discard, pr)
	}()
	select {
	case a := <-addr:
		g.Base = "http://" + a
	case <-g.exited:
		t.Fatalf("the server exited at start-up: %v\n%s", g.exitErr, logs.String())
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the server did not start within 60s\n%s", logs.String())
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	g.target = &target{URL: g.Base + "/XML-RPC", Login: cfg.Login, Password: cfg.Password,
		Client: &http.Client{Transport: tr, Timeout: 2 * time.Minute}}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		g.stop(t)
	})
	return g
}

// stop sends SIGTERM and checks the server exits cleanly and never panicked.
func (g *gateway) stop(t testing.TB) {
	t.Helper()
	select {
	case <-g.exited:
		t.Errorf("the server had already exited: %v", g.exitErr)
	default:
		g.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-g.exited:
			if g.exitErr != nil {
				t.Errorf("the server exited with %v after SIGTERM", g.exitErr)
			}
		case <-time.After(30 * time.Second):
			g.cmd.Process.Kill()
			<-g.exited
			t.Errorf("the server did not stop within 30s of SIGTERM")
		}
	}
	if logs := g.logs.String(); strings.Contains(logs, "panic") || strings.Contains(logs, "fatal error") {
		t.Errorf("the server's logs mention a panic:\n%s", tail(logs, 4000))
	}
}

// DropUpstreamConnections closes every connection the server holds to the
// fake (as an upstream restart would), so its idle keep-alive connections
// (two goroutines each) do not count as leaked goroutines.
func (g *gateway) DropUpstreamConnections() { g.fakeSrv.CloseClientConnections() }

// Logs returns everything the server wrote so far.
func (g *gateway) Logs() string { return g.logs.String() }

// PID is the server's process id.
func (g *gateway) PID() int { return g.cmd.Process.Pid }

// metrics scrapes /metrics and returns the unlabelled samples plus every
// labelled line verbatim (for secret checks).
func (g *gateway) metrics(t testing.TB) (map[string]float64, string) {
	t.Helper()
	resp, err := http.Get(g.Base + "/metrics")
	if err != nil {
		t.Fatalf("/metrics: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: HTTP %d %v", resp.StatusCode, err)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || line[0] == '#' || strings.Contains(line, "{") {
			continue
		}
		name, val, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
			out[name] = f
		}
	}
	return out, string(b)
}

// rssBytes reads the server's resident set from /proc.
func (g *gateway) rssBytes(t testing.TB) int64 {
	t.Helper()
	n, err := g.readRSS()
	if err != nil {
		t.Fatalf("reading the server's RSS: %v", err)
	}
	return n
}

// readRSS is rssBytes for goroutines other than the test's.
func (g *gateway) readRSS() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", g.PID()))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			kb, _ := strconv.ParseInt(f[0], 10, 64)
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", g.PID())
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// ctxTimeout is a context for one test step.
func ctxTimeout(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
