package interop

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/testserver"
)

// matrixCommand is the command that regenerates MATRIX.md; it is written into
// the file's header.
const matrixCommand = "go test ./e2e/interop/"

// inCI reports whether a missing client must fail the run instead of
// skipping (CI=true, as .ci/run sets it).
func inCI() bool { return os.Getenv("CI") == "true" }

// missing skips the test outside CI and fails it under CI=true: in CI every
// client must be installed (.ci/install-clients.sh).
func missing(t testing.TB, why string) {
	t.Helper()
	if inCI() {
		t.Fatalf("CI=true and %s (run .ci/install-clients.sh)", why)
	}
	t.Skipf("%s; skipping outside CI (run .ci/install-clients.sh)", why)
}

// server is one running backlog-xmlrpc in demo mode (Addr: host:port on
// loopback, URL: its XML-RPC endpoint).
type server = testserver.Server

// startServer runs a fresh demo-mode server (its own in-memory Backlog, so
// clients never see each other's writes) on a loopback port of its own
// choosing and waits until its /healthz answers. The server is stopped
// (SIGTERM, graceful shutdown) when the test ends, and its log is printed
// if the test failed.
func startServer(t testing.TB) *server {
	t.Helper()
	srv := testserver.Run(t, testserver.Config{Args: []string{"--demo", "--listen", "127.0.0.1:0"}})
	if err := srv.WaitHealthy(60 * time.Second); err != nil {
		t.Fatalf("server not healthy: %v\n%s", err, tail(srv.Logs(), 4000))
	}
	t.Cleanup(func() {
		srv.Stop(10 * time.Second)
		if t.Failed() {
			t.Logf("server log (%s):\n%s", srv.Addr, tail(srv.Logs(), 4000))
		}
	})
	return srv
}

// tail is the end of a long output, for failure messages.
var tail = testserver.Tail

// scriptClient is a client driven by an external script.
type scriptClient struct {
	name    string     // column label in MATRIX.md
	id      string     // subtest name
	require [][]string // commands that must succeed for the client to be "installed"
	argv    []string   // the scenario command, relative to e2e/interop/
	version []string   // a shell command printing the client's versions (for MATRIX.md)
}

var scriptClients = []scriptClient{
	{
		name:    "Node backlog-api 1.0.2",
		id:      "node",
		require: [][]string{{"node", "-e", "require('./node/node_modules/backlog-api')"}},
		argv:    []string{"node", "node/scenario.js"},
		version: []string{"sh", "-c", `echo "node $(node --version), backlog-api $(node -p "require('./node/node_modules/backlog-api/package.json').version"), xmlrpc $(node -p "require('./node/node_modules/xmlrpc/package.json').version")"`},
	},
	{
		name:    "Python xmlrpc.client",
		id:      "python",
		require: [][]string{{"python3", "-c", "import xmlrpc.client"}},
		argv:    []string{"python3", "python/scenario.py"},
		version: []string{"python3", "--version"},
	},
	{
		name:    "Perl RPC::XML::Client",
		id:      "perl",
		require: [][]string{{"perl", "-MRPC::XML::Client", "-MJSON::PP", "-e", "1"}},
		argv:    []string{"perl", "perl/scenario.pl"},
		version: []string{"sh", "-c", `echo "perl $(perl -e 'print $^V'), librpc-xml-perl $(dpkg-query -W -f='${Version}' librpc-xml-perl)"`},
	},
	{
		name:    "Ruby XMLRPC::Client",
		id:      "ruby",
		require: [][]string{{"ruby", "-rxmlrpc/client", "-rjson", "-e", "1"}},
		argv:    []string{"ruby", "ruby/scenario.rb"},
		version: []string{"sh", "-c", `echo "ruby $(ruby -e 'print RUBY_VERSION'), ruby-xmlrpc $(dpkg-query -W -f='${Version}' ruby-xmlrpc)"`},
	},
	{
		name:    "xmlrpc-c CLI + xml-rpc-api2txt",
		id:      "xmlrpc-c",
		require: [][]string{{"sh", "-c", "command -v xmlrpc"}, {"sh", "-c", "command -v xml-rpc-api2txt"}, {"python3", "-c", "1"}},
		argv:    []string{"python3", "xmlrpc-c/scenario.py"},
		version: []string{"sh", "-c", `echo "libxmlrpc-core-c3-dev $(dpkg-query -W -f='${Version}' libxmlrpc-core-c3-dev), xmlrpc-api-utils $(dpkg-query -W -f='${Version}' xmlrpc-api-utils)"`},
	},
}

var (
	runsMu sync.Mutex
	runs   = map[string]ClientRun{}
)

func record(r ClientRun) {
	runsMu.Lock()
	defer runsMu.Unlock()
	runs[r.Client] = r
}

// clientVersion runs argv and returns its output on one line ("" if it fails).
func clientVersion(argv []string) string {
	if len(argv) == 0 {
		return ""
	}
	out, err := exec.Command(argv[0], argv[1:]...).Output()
	if err != nil {
		return ""
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// koloVersion is the Go toolchain and the kolo/xmlrpc version in go.mod.
func koloVersion() string {
	v := runtime.Version()
	mod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		return v
	}
	for _, line := range strings.Split(string(mod), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "github.com/kolo/xmlrpc" {
			return v + ", github.com/kolo/xmlrpc " + f[1]
		}
	}
	return v
}

// clientInstalled runs the client's probe commands.
func clientInstalled(c scriptClient) error {
	for _, probe := range c.require {
		cmd := exec.Command(probe[0], probe[1:]...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("`%s` failed: %v %s", strings.Join(probe, " "), err, strings.TrimSpace(string(out)))
		}
	}
	return nil
}

// TestClients runs every legacy client against its own fresh server, then
// checks (or with -update rewrites) MATRIX.md and the README's matrix
// section when all of them were attempted.
func TestClients(t *testing.T) {
	if testing.Short() {
		t.Skip("interop runs real clients against the built server; skipped with -short")
	}
	attempted := 0
	for _, c := range scriptClients {
		ran := t.Run(c.id, func(t *testing.T) {
			attempted++
			if err := clientInstalled(c); err != nil {
				record(ClientRun{Client: c.name, Skipped: err.Error()})
				missing(t, c.name+" is not installed: "+err.Error())
			}
			srv := startServer(t)
			checks := runScript(t, c, srv)
			record(ClientRun{Client: c.name, Checks: checks, Version: clientVersion(c.version)})
		})
		_ = ran
	}
	t.Run("kolo", func(t *testing.T) {
		attempted++
		_, e := writeExpect(t)
		srv := startServer(t)
		checks := koloScenario(t, srv, e)
		record(ClientRun{Client: "Go kolo/xmlrpc", Checks: checks, Version: koloVersion()})
		for _, c := range checks {
			if !c.OK {
				t.Errorf("%s %s: %s", c.Method, c.Name, c.Detail)
			}
		}
	})
	if attempted == len(scriptClients)+1 && !flagWasSet("run") {
		syncMatrix(t)
	}
}

// flagWasSet reports whether a testing flag was given (a -run filter means a
// partial run, which must not overwrite the matrix).
func flagWasSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "test."+name || f.Name == name {
			set = true
		}
	})
	return set
}

// update rewrites the generated matrix files from the run, as the golden
// tests' -update does: a plain run only checks them, so a run in the shared
// work tree never leaves modified tracked files behind.
var update = flag.Bool("update", false, "rewrite e2e/interop/MATRIX.md and the README's matrix section from this run")

// syncMatrix writes (-update) or checks the generated matrix: MATRIX.md and
// the README section must hold what this run produced. The "what each client
// saw" details (server fault strings) are written but not compared, so a
// reworded fault message does not make the matrix stale.
func syncMatrix(t *testing.T) {
	runsMu.Lock()
	defer runsMu.Unlock()
	var ordered []ClientRun
	for _, c := range scriptClients {
		if r, ok := runs[c.name]; ok {
			ordered = append(ordered, r)
		}
	}
	if r, ok := runs["Go kolo/xmlrpc"]; ok {
		ordered = append(ordered, r)
	}
	if len(ordered) != len(scriptClients)+1 {
		return
	}
	matrix := RenderMatrix(ordered, matrixCommand+" -update")
	readme := filepath.Join("..", "..", "README.md")
	doc, err := os.ReadFile(readme)
	if err != nil {
		t.Fatalf("read README.md: %v", err)
	}
	newDoc, ok := ReplaceSection(doc, ReadmeBegin, ReadmeEnd, GroupTable(ordered))
	if !ok {
		t.Errorf("README.md lacks the interop-matrix markers %q ... %q", ReadmeBegin, ReadmeEnd)
	}
	if *update {
		if err := writeIfChanged("MATRIX.md", matrix); err != nil {
			t.Errorf("write MATRIX.md: %v", err)
		}
		if err := writeIfChanged(readme, newDoc); err != nil {
			t.Errorf("write README.md: %v", err)
		}
		return
	}
	if t.Failed() {
		return // the failures say more than a stale matrix would
	}
	for _, r := range ordered {
		if r.Skipped != "" {
			t.Logf("matrix not checked: %s did not run", r.Client)
			return
		}
	}
	old, _ := os.ReadFile("MATRIX.md")
	if !bytes.Equal(countTables(old), countTables(matrix)) || !bytes.Equal(doc, newDoc) {
		t.Errorf("e2e/interop/MATRIX.md or the README matrix is stale (this run's tables differ); regenerate: go test ./e2e/interop/ -update")
	}
}

// countTables is MATRIX.md without its "what each client saw" section.
func countTables(m []byte) []byte {
	if i := bytes.Index(m, []byte("\n## What each client saw")); i >= 0 {
		return m[:i]
	}
	return m
}

// writeIfChanged replaces path with data through a rename, and only when the
// content differs: other packages' tests read README.md while this one runs
// (go test ./... runs packages in parallel) and must never see it half
// written.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".interop-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// judge turns a scenario's stdout and exit status into its checks and the
// problems that fail the test: every failed check, a malformed result line,
// an exit error not explained by a failed check (a crash, a timeout), or a
// run that checked nothing.
func judge(stdout []byte, runErr error) (checks []Check, problems []string) {
	checks, parseErr := ParseChecks(bytes.NewReader(stdout))
	failed := 0
	for _, ch := range checks {
		if !ch.OK {
			failed++
			problems = append(problems, fmt.Sprintf("%s: %s: %s", ch.Method, ch.Name, ch.Detail))
		}
	}
	var exitErr *exec.ExitError
	switch {
	case parseErr != nil:
		problems = append(problems, fmt.Sprintf("bad result line: %v", parseErr))
	case runErr != nil && !(errors.As(runErr, &exitErr) && failed > 0):
		problems = append(problems, fmt.Sprintf("exited: %v", runErr))
	case len(checks) == 0:
		problems = append(problems, "printed no checks")
	}
	return checks, problems
}

// runScript runs one client scenario against srv and fails the test with the
// script's output when it exits non-zero or any check failed.
func runScript(t *testing.T, c scriptClient, srv *server) []Check {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.argv[0], c.argv[1:]...)
	host, port, _ := net.SplitHostPort(srv.Addr)
	expectPath, _ := writeExpect(t)
	cmd.Env = append(os.Environ(),
		"INTEROP_EXPECT="+expectPath,
		"INTEROP_URL="+srv.URL,
		"INTEROP_HOST="+host,
		"INTEROP_PORT="+port,
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	checks, problems := judge(stdout.Bytes(), runErr)
	for _, p := range problems {
		t.Errorf("%s: %s", c.id, p)
	}
	if t.Failed() {
		t.Logf("stdout:\n%s\nstderr:\n%s", tail(stdout.String(), 8000), tail(stderr.String(), 8000))
	}
	return checks
}
