package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/preflight"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/methods"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// checkRun runs the check subcommand with only env set in its environment.
func checkRun(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = runCheck(args, &out, &errOut, func(k string) string { return env[k] })
	return code, out.String(), errOut.String()
}

// spaceWrite reports whether a method makes an administrator's space-wide
// write (users, projects), which check never runs.
func spaceWrite(calls []string) bool {
	for _, c := range calls {
		switch c {
		case "POST /api/v2/users", "PATCH /api/v2/users/:userId", "DELETE /api/v2/users/:userId",
			"POST /api/v2/projects", "DELETE /api/v2/projects/:projectIdOrKey":
			return true
		}
	}
	return false
}

// TestCheckDemo: against the demo Backlog with a scratch project, every
// legacy method is reported, each works except the administrators'
// space-wide writes (users, projects: never run, "not checked"), and the
// exit status is 0.
func TestCheckDemo(t *testing.T) {
	code, out, errOut := checkRun(t, nil, "--demo", "--write-project", "DEMO", "--json")
	if code != checkOK {
		t.Fatalf("exit %d, stderr %s\n%s", code, errOut, out)
	}
	var r preflight.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	calls := methods.V2Calls()
	if len(r.Methods) != len(calls) {
		t.Fatalf("%d methods reported, the registry has %d", len(r.Methods), len(calls))
	}
	for _, m := range r.Methods {
		want := preflight.Works
		if spaceWrite(calls[m.Name]) {
			want = preflight.NotChecked
		}
		if m.Outcome != want {
			t.Errorf("%s: %s %q, want %s", m.Name, m.Outcome, m.Detail, want)
		}
	}
	if len(r.MultiForm) != 3 || r.TimeZone == "" {
		t.Errorf("multi-value forms %+v, time zone %q", r.MultiForm, r.TimeZone)
	}
}

// TestCheckDrift: a Backlog whose issue answers carry a member the types do
// not know makes check name the member and exit 1.
func TestCheckDrift(t *testing.T) {
	f := fake.New(fake.DefaultSeed())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/v2/issues/DEMO-") || strings.Count(r.URL.Path, "/") != 4 {
			f.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, r)
		var issue map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &issue); err != nil {
			t.Errorf("rewrite: %v", err)
		}
		issue["watchCount"] = 3
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(issue)
	}))
	defer srv.Close()
	code, out, errOut := checkRun(t, map[string]string{EnvName("api-key"): "demo-api-key-admin"}, "--backlog-url", srv.URL)
	if code != checkFailed {
		t.Fatalf("exit %d, want %d; stderr %s", code, checkFailed, errOut)
	}
	for _, want := range []string{"$.watchCount: unknown member", "RESULT: FAILED"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out+errOut, "demo-api-key-admin") {
		t.Error("the API key is in the output")
	}
}

// TestCheckCredentialsNoSecret: with a credentials file every entry is
// checked (one dead key: exit 1), an OAuth entry refreshes, and no API key,
// refresh token or client secret appears in the output, table or JSON.
func TestCheckCredentialsNoSecret(t *testing.T) {
	f := fake.New(fake.DefaultSeed())
	srv := httptest.NewServer(f)
	defer srv.Close()
	oauth := v2client.OAuthConfig{ClientID: "demo-client", ClientSecret: "demo-client-secret"}
	code, err := f.IssueAuthorizationCode(oauth.ClientID, "yamada")
	if err != nil {
		t.Fatal(err)
	}
	base, err := v2client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := base.ExchangeCode(context.Background(), oauth, code, "http://127.0.0.1/callback")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "credentials.json")
	if err := auth.WriteFile(path, []auth.Credential{
		{Login: "alice", PasswordHash: "$2a$04$abcdefghijklmnopqrstuuSUkIBB9s1XGjGsNEWsdvYPhEmzXJEa", APIKey: "demo-api-key-normal"},
		{Login: "bob", PasswordHash: "$2a$04$abcdefghijklmnopqrstuuSUkIBB9s1XGjGsNEWsdvYPhEmzXJEa", APIKey: "dead-key-0123456789abcdef"},
		{Login: "carol", PasswordHash: "$2a$04$abcdefghijklmnopqrstuuSUkIBB9s1XGjGsNEWsdvYPhEmzXJEa", RefreshToken: tok.RefreshToken},
	}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{EnvName("oauth-client-secret"): oauth.ClientSecret}
	for _, format := range [][]string{nil, {"--json"}} {
		args := append([]string{"--backlog-url", srv.URL, "--credentials", path, "--oauth-client-id", oauth.ClientID}, format...)
		exit, out, errOut := checkRun(t, env, args...)
		if exit != checkFailed {
			t.Errorf("%v: exit %d with a dead key, want %d; stderr %s", format, exit, checkFailed, errOut)
		}
		rotated, err := auth.LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		secrets := []string{"demo-api-key-normal", "dead-key-0123456789abcdef", tok.RefreshToken, tok.AccessToken, oauth.ClientSecret}
		if c, ok := rotated.Lookup("carol"); ok {
			secrets = append(secrets, c.RefreshToken)
			if c.RefreshToken == tok.RefreshToken {
				t.Error("the rotated refresh token was not saved to the credentials file")
			}
		}
		for _, s := range secrets {
			if strings.Contains(out+errOut, s) {
				t.Errorf("%v: output holds the secret %q", format, s)
			}
		}
		for _, want := range []string{"alice", "bob", "carol", "yamada"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: output does not name %q:\n%s", format, want, out)
			}
		}
	}
}

// TestCheckUsage: usage and configuration errors exit 2 before any
// request; --help exits 0 and documents the exit status.
func TestCheckUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		code int
	}{
		{[]string{"--api-key", "k"}, nil, checkUsage},                                  // no --backlog-url
		{[]string{"--backlog-url", "https://x.backlog.jp"}, nil, checkUsage},           // no credential
		{[]string{"--backlog-url", "ftp://x", "--api-key", "k"}, nil, checkUsage},      // bad URL
		{[]string{"--backlog-url", "https://x.backlog.jp", "--nope"}, nil, checkUsage}, // unknown flag
		{[]string{"--backlog-url", "https://x.backlog.jp", "extra"}, nil, checkUsage},  // argument
		{[]string{"--credentials", "/nonexistent/creds.json", "--backlog-url", "https://x.backlog.jp"}, nil, checkUsage},
		{[]string{"--help"}, nil, checkOK},
	} {
		code, _, errOut := checkRun(t, tc.env, tc.args...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (%s)", tc.args, code, tc.code, errOut)
		}
		if tc.args[0] == "--help" && !strings.Contains(errOut, "Exit status: 0") {
			t.Errorf("--help does not document the exit status:\n%s", errOut)
		}
		// The flags shared with the server are wrapped (flagform.go); the
		// flag package's usage must still print them with their defaults.
		if tc.args[0] == "--help" && (strings.Contains(errOut, "panic") || !strings.Contains(errOut, "--upstream-timeout duration    BACKLOG_XMLRPC_UPSTREAM_TIMEOUT  (default 30s)")) {
			t.Errorf("--help garbles the wrapped flags (want no panic, --upstream-timeout with its default 30s):\n%s", errOut)
		}
		if strings.Contains(errOut, "--listen") {
			t.Errorf("%v: check offers the server's --listen:\n%s", tc.args, errOut)
		}
	}
}
