package reliability

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/testserver"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// The gateway under test is the real program: cmd/backlog-xmlrpc built once
// per test binary (internal/testserver) and run as a child process (its own
// heap, RSS, goroutines and logs), pointed at an in-process Backlog fake
// whose fault knobs and counters the tests drive. It authenticates with a
// credentials file.

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
	proc    *testserver.Server
}

// startGateway starts a fake and the server process in front of it; both
// stop at the end of the test, and the server must then exit cleanly
// (status 0 on SIGTERM) with no panic in its logs.
func startGateway(t testing.TB, cfg gatewayConfig) *gateway {
	t.Helper()
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
	proc := testserver.Run(t, testserver.Config{Args: args, Env: append(env, "HOME="+dir)})
	g := &gateway{Fake: fk, FakeURL: fsrv.URL, fakeSrv: fsrv, apiKey: cfg.APIKey, proc: proc, Base: "http://" + proc.Addr}
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
	case <-g.proc.Exited():
		t.Errorf("the server had already exited: %v", g.proc.ExitErr())
	default:
		switch err := g.proc.Stop(30 * time.Second); {
		case errors.Is(err, testserver.ErrKilled):
			t.Errorf("the server did not stop within 30s of SIGTERM")
		case err != nil:
			t.Errorf("the server exited with %v after SIGTERM", err)
		}
	}
	if logs := g.Logs(); strings.Contains(logs, "panic") || strings.Contains(logs, "fatal error") {
		t.Errorf("the server's logs mention a panic:\n%s", tail(logs, 4000))
	}
}

// DropUpstreamConnections closes every connection the server holds to the
// fake (as an upstream restart would), so its idle keep-alive connections
// (two goroutines each) do not count as leaked goroutines.
func (g *gateway) DropUpstreamConnections() { g.fakeSrv.CloseClientConnections() }

// Logs returns everything the server wrote so far.
func (g *gateway) Logs() string { return g.proc.Logs() }

// PID is the server's process id.
func (g *gateway) PID() int { return g.proc.PID() }

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

// tail is the end of a long output, for failure messages.
var tail = testserver.Tail

// ctxTimeout is a context for one test step.
func ctxTimeout(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
