package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/gcfloor"
)

func TestConfigParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{name: "demo defaults", args: []string{"--demo"}, check: func(t *testing.T, c Config) {
			if c.Listen != ":8080" || c.Auth != AuthModeFile || c.LegacyURL != DemoLegacyURL || c.UpstreamTimeout != 30*time.Second {
				t.Fatalf("%+v", c)
			}
		}},
		{name: "backlog url required", args: nil, wantErr: "--backlog-url"},
		{name: "api-key mode by default without a credentials file", args: []string{"--backlog-url", "https://example.backlog.com"}, check: func(t *testing.T, c Config) {
			if c.Auth != AuthModeV2Key || c.LegacyURL != "https://example.backlog.com" {
				t.Fatalf("%+v", c)
			}
		}},
		{name: "env sets, flag wins", args: []string{"--listen", "127.0.0.1:9"},
			env: map[string]string{"BACKLOG_XMLRPC_LISTEN": ":7000", "BACKLOG_XMLRPC_BACKLOG_URL": "https://x.backlog.jp",
				"BACKLOG_XMLRPC_UPSTREAM_TIMEOUT": "5s", "BACKLOG_XMLRPC_CREDENTIALS": "/c.json", "BACKLOG_XMLRPC_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1"},
			check: func(t *testing.T, c Config) {
				p, _ := c.trustedProxies()
				if c.Listen != "127.0.0.1:9" || c.BacklogURL != "https://x.backlog.jp" || c.UpstreamTimeout != 5*time.Second ||
					c.Auth != AuthModeFile || strings.Join(p, ",") != "10.0.0.0/8,192.0.2.1/32" {
					t.Fatalf("%+v %v", c, p)
				}
			}},
		{name: "bad env value", env: map[string]string{"BACKLOG_XMLRPC_UPSTREAM_TIMEOUT": "soon"}, wantErr: "BACKLOG_XMLRPC_UPSTREAM_TIMEOUT"},
		{name: "bad auth mode", args: []string{"--demo", "--auth", "ldap"}, wantErr: "--auth"},
		{name: "credentials-file without a file", args: []string{"--backlog-url", "https://x.backlog.jp", "--auth", "credentials-file"}, wantErr: "--credentials"},
		{name: "bad time zone", args: []string{"--demo", "--timezone", "Mars/Olympus"}, wantErr: "--timezone"},
		{name: "bad proxy", args: []string{"--demo", "--trusted-proxies", "nope"}, wantErr: "--trusted-proxies"},
		{name: "bad url", args: []string{"--backlog-url", "example.backlog.jp"}, wantErr: "absolute https URL"},
		{name: "url with the legacy endpoint", args: []string{"--backlog-url", "https://x.backlog.jp/XML-RPC"}, wantErr: "without a path"},
		{name: "url with the v2 prefix", args: []string{"--backlog-url", "https://x.backlog.jp/api/v2"}, wantErr: "without a path"},
		{name: "url with a query", args: []string{"--backlog-url", "https://x.backlog.jp/?apiKey=k"}, wantErr: "without a path"},
		{name: "url with credentials", args: []string{"--backlog-url", "https://u:p@x.backlog.jp"}, wantErr: "without a path"},
		{name: "url error hides the query", args: []string{"--backlog-url", "https://x.backlog.jp/?apiKey=SECRETKEY"}, check: nil, wantErr: "https://x.backlog.jp"},
		{name: "url with a trailing slash", args: []string{"--backlog-url", "https://x.backlog.jp/"}, check: func(t *testing.T, c Config) {
			if c.LegacyURL != "https://x.backlog.jp" {
				t.Fatalf("%+v", c)
			}
		}},
		{name: "oauth client id without secret", args: []string{"--backlog-url", "https://x.backlog.jp", "--oauth-client-id", "cid"}, wantErr: "BACKLOG_XMLRPC_OAUTH_CLIENT_SECRET"},
		{name: "oauth secret without client id", args: []string{"--backlog-url", "https://x.backlog.jp"},
			env: map[string]string{"BACKLOG_XMLRPC_OAUTH_CLIENT_SECRET": "s"}, wantErr: "--oauth-client-id"},
		{name: "demo with a backlog url", args: []string{"--demo", "--backlog-url", "https://x.backlog.jp"}, wantErr: "--demo"},
		{name: "bad log level", args: []string{"--demo", "--log-level", "loud"}, wantErr: "--log-level"},
		{name: "zero timeout", args: []string{"--demo", "--shutdown-timeout", "0s"}, wantErr: "--shutdown-timeout"},
		{name: "stray argument", args: []string{"--demo", "serve"}, wantErr: "unexpected argument"},
		{name: "unknown subcommand", args: []string{"frobnicate"}, wantErr: `unknown subcommand "frobnicate"`},
		{name: "bad bool variable: value, form and flag", env: map[string]string{"BACKLOG_XMLRPC_DEMO": "maybe"},
			wantErr: `BACKLOG_XMLRPC_DEMO="maybe" (flag --demo): want true or false`},
		{name: "bad duration variable: value, form and flag", env: map[string]string{"BACKLOG_XMLRPC_UPSTREAM_TIMEOUT": "30"},
			wantErr: `BACKLOG_XMLRPC_UPSTREAM_TIMEOUT="30" (flag --upstream-timeout): want a duration such as 30s, 5m or 1h30m`},
		{name: "bad int flag: value and form", args: []string{"--demo", "--max-multicall", "lots"},
			wantErr: `invalid value "lots" for flag -max-multicall: want an integer`},
		{name: "bad duration range quotes the value", args: []string{"--demo", "--upstream-timeout", "-1s"},
			wantErr: `--upstream-timeout -1s: must be positive`},
		{name: "bad work slots quotes the value", args: []string{"--demo", "--work-slots", "-5"},
			wantErr: `--work-slots -5: must be`},
		{name: "bad variable found by validation names the variable", args: []string{"--demo"},
			env: map[string]string{"BACKLOG_XMLRPC_LOG_LEVEL": "verbose"}, wantErr: `--log-level "verbose": want debug, info, warn or error (set by BACKLOG_XMLRPC_LOG_LEVEL)`},
		{name: "a path in the variable's URL names the variable", env: map[string]string{"BACKLOG_XMLRPC_BACKLOG_URL": "https://x.backlog.jp/XML-RPC"},
			wantErr: `(not .../XML-RPC or .../api/v2) (set by BACKLOG_XMLRPC_BACKLOG_URL)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			err := c.Parse(tc.args, func(k string) string { return tc.env[k] }, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "SECRETKEY") || strings.Contains(err.Error(), "u:p@") {
					t.Fatalf("err = %v: quotes a secret of the URL", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
}

// TestConfigErrorBlamesTheCommandLine: a bad value given as a flag is
// reported as the flag's, even when its variable is set too (the flag wins).
func TestConfigErrorBlamesTheCommandLine(t *testing.T) {
	for _, args := range [][]string{{"--demo", "--log-level", "loud"}, {"--demo", "--log-level=loud"}, {"--demo", "-log-level", "loud"}} {
		c := DefaultConfig()
		err := c.Parse(args, func(k string) string { return map[string]string{"BACKLOG_XMLRPC_LOG_LEVEL": "debug"}[k] }, io.Discard)
		if err == nil || !strings.Contains(err.Error(), `--log-level "loud"`) || strings.Contains(err.Error(), "set by") {
			t.Errorf("%q: err = %v, want the flag's value blamed, not the variable", args, err)
		}
	}
}

// TestREADMEDocumentsEveryFlag keeps the configuration reference honest.
func TestREADMEDocumentsEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	fs := c.flagSet("x", io.Discard)
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		n++
		if !bytes.Contains(readme, []byte("`--"+f.Name+"`")) || !bytes.Contains(readme, []byte("`"+EnvName(f.Name)+"`")) {
			t.Errorf("README.md does not document --%s / %s", f.Name, EnvName(f.Name))
		}
	})
	if n < 20 {
		t.Fatalf("only %d flags seen", n)
	}
}

func TestPasswdSubcommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "creds.json")
	env := func(k string) string {
		if k == "BACKLOG_XMLRPC_CREDENTIALS" {
			return path
		}
		return ""
	}
	runP := func(stdin string, args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := runPasswd(append([]string{"--cost", "4"}, args...), strings.NewReader(stdin), &out, &errb, env)
		return code, out.String() + errb.String()
	}
	tests := []struct {
		name, stdin string
		args        []string
		wantCode    int
	}{
		{"new entry", "pw-one\nKEY-ALICE\n", []string{"alice"}, 0},
		{"new entry needs a key", "pw\n", []string{"bob"}, 1},
		{"no password", "", []string{"alice"}, 1},
		{"password too long for bcrypt", strings.Repeat("x", 73) + "\nK\n", []string{"carol"}, 1},
		{"bad login", "pw\nK\n", []string{"a b"}, 1},
		{"password change keeps the key", "pw-two\n\n", []string{"alice"}, 0},
		{"refresh-token entry", "pw-d\nREFRESH-D\n", []string{"--refresh-token", "dave"}, 0},
		{"no login", "pw\nK\n", nil, 2},
	}
	for _, tc := range tests {
		code, out := runP(tc.stdin, tc.args...)
		if code != tc.wantCode {
			t.Fatalf("%s: exit %d, want %d: %s", tc.name, code, tc.wantCode, out)
		}
		if strings.Contains(out, "pw-") || strings.Contains(out, "KEY-ALICE") {
			t.Fatalf("%s: output shows a secret: %s", tc.name, out)
		}
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("file mode: %v %v", st, err)
	}
	a, err := auth.NewFileAuthenticator(path, auth.FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.Authenticate(t.Context(), "alice", "pw-two")
	if err != nil || id.APIKey != "KEY-ALICE" {
		t.Fatalf("alice: %+v %v", id, err)
	}
	if _, err := a.Authenticate(t.Context(), "alice", "pw-one"); err == nil {
		t.Fatal("old password still valid")
	}
	id, err = a.Authenticate(t.Context(), "dave", "pw-d")
	if err != nil || id.RefreshToken != "REFRESH-D" || id.APIKey != "" {
		t.Fatalf("dave: %+v %v", id, err)
	}
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("pw-two")) {
		t.Fatal("password stored in clear")
	}
}

func TestHealthcheckFailsWithoutServer(t *testing.T) {
	if code := runHealthcheck([]string{"--listen", "127.0.0.1:1", "--timeout", "1s"}, io.Discard, func(string) string { return "" }); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
}

// TestHealthcheckHelp: --help exits 0 like the other subcommands' and says
// what the exit status means; an unknown flag is a usage error (2).
func TestHealthcheckHelp(t *testing.T) {
	var out bytes.Buffer
	if code := runHealthcheck([]string{"--help"}, &out, func(string) string { return "" }); code != 0 || !strings.Contains(out.String(), "exit 0") || !strings.Contains(out.String(), "BACKLOG_XMLRPC_LISTEN") {
		t.Errorf("--help: exit %d, want 0, with the exit status and the variable:\n%s", code, out.String())
	}
	if code := runHealthcheck([]string{"--nope"}, io.Discard, func(string) string { return "" }); code != 2 {
		t.Errorf("--nope: exit %d, want 2", code)
	}
}

// TestDeploymentFilesUseRealSettings checks that the Dockerfile and the
// Kubernetes example only set variables the program reads, probe the real
// endpoints, and that the example runs several replicas.
func TestDeploymentFilesUseRealSettings(t *testing.T) {
	known := map[string]bool{}
	c := DefaultConfig()
	c.flagSet("x", io.Discard).VisitAll(func(f *flag.Flag) { known[EnvName(f.Name)] = true })
	envRe := regexp.MustCompile(`BACKLOG_XMLRPC_[A-Z_]+`)
	for _, file := range []string{"../../Dockerfile", "../../deploy/k8s/deployment.yaml"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range envRe.FindAllString(string(b), -1) {
			if !known[v] {
				t.Errorf("%s sets %s, which no flag reads", file, v)
			}
		}
	}
	k8s, _ := os.ReadFile("../../deploy/k8s/deployment.yaml")
	for _, want := range []string{"path: /healthz", "path: /readyz", "replicas: 3", "runAsNonRoot: true"} {
		if !bytes.Contains(k8s, []byte(want)) {
			t.Errorf("k8s/deployment.yaml lacks %q", want)
		}
	}
	docker, _ := os.ReadFile("../../Dockerfile")
	for _, want := range []string{"ARG GO_IMAGE=golang:1.26", `RUN ["go", "build"`, "FROM scratch", "USER 65532", `HEALTHCHECK`, `"healthcheck"]`} {
		if !bytes.Contains(docker, []byte(want)) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
}

func TestGCHeapFloorFlag(t *testing.T) {
	tests := []struct {
		args []string
		want int64
		err  bool
	}{
		{nil, gcfloor.DefaultFloor, false},
		{[]string{"--gc-heap-floor", "0"}, 0, false},
		{[]string{"--gc-heap-floor", "33554432"}, 32 << 20, false},
		{[]string{"--gc-heap-floor", "-1"}, 0, true},
	}
	for _, tc := range tests {
		c := DefaultConfig()
		err := c.Parse(append([]string{"--demo"}, tc.args...), func(string) string { return "" }, io.Discard)
		if (err != nil) != tc.err || (!tc.err && c.GCHeapFloor != tc.want) {
			t.Errorf("%v: got %d, %v; want %d (error %v)", tc.args, c.GCHeapFloor, err, tc.want, tc.err)
		}
	}
}
