// Package testserver builds the backlog-xmlrpc binary and runs it as a child
// process the way an operator would: it starts the program with flags and an
// environment, waits for its JSON start line ("serving legacy Backlog
// XML-RPC") to learn the address it bound, keeps its logs, and stops it with
// SIGTERM. The interop and reliability tests and the backlog-load tool share
// it, so every harness that drives the real program starts, observes and
// stops it the same way.
//
// The package imports no testing code: Start and Server report errors, and
// Run is the thin test-side wrapper (it fails the test and kills the process
// at cleanup).
package testserver

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/testlog"
)

// Package is the import path of the server's main package, which Build
// compiles. Building by import path works from any directory of the module.
const Package = "github.com/backlog-xmlrpc/backlog-xmlrpc/cmd/backlog-xmlrpc"

// StartLine is the "msg" of the JSON log line the server writes once it
// listens; its "addr" member is the bound address.
const StartLine = "serving legacy Backlog XML-RPC"

// DefaultStartTimeout bounds the wait for the start line when Config leaves
// StartTimeout zero: generous, because the machine is shared and a cold
// start may queue behind other builds.
const DefaultStartTimeout = 60 * time.Second

// Build compiles the server into the file out. The error carries the go
// tool's output, which is what a reader needs to fix a broken build.
func Build(out string) error {
	cmd := exec.Command("go", "build", "-o", out, Package)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", Package, err, b)
	}
	return nil
}

var (
	buildOnce sync.Once
	buildDir  string
	buildBin  string
	buildErr  error
)

// Binary builds the server once per process into a temporary directory and
// returns its path; later calls return the same binary (or the same error).
// Exit removes it.
func Binary() (string, error) {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "testserver-bin-")
		if err != nil {
			buildErr = err
			return
		}
		buildDir = dir
		bin := filepath.Join(dir, "backlog-xmlrpc")
		if buildErr = Build(bin); buildErr == nil {
			buildBin = bin
		}
	})
	return buildBin, buildErr
}

// Exit removes the binary Binary built and exits with code. It has the shape
// of goleak.Cleanup's function, so a package that runs servers writes
//
//	goleak.VerifyTestMain(m, goleak.Cleanup(testserver.Exit))
//
// and leaves no binary behind in the temporary directory.
func Exit(code int) {
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// Config says how to start one server process.
type Config struct {
	// Bin is the server binary; empty means Binary().
	Bin string
	// Args are the server's flags. They must make it listen on an address
	// it chooses or is given (e.g. --listen 127.0.0.1:0): the address is
	// read from the start line, so no port is probed and then raced for.
	Args []string
	// Env is the whole environment of the process; nil inherits this
	// process's environment.
	Env []string
	// Output receives the process's stdout and stderr. Nil keeps them in
	// memory (Server.Logs). An *os.File is handed to the process as is
	// (no copying goroutine in this process, which matters under load) and
	// the start line is read back from the file by name.
	Output io.Writer
	// StartTimeout bounds the wait for the start line; zero means
	// DefaultStartTimeout.
	StartTimeout time.Duration
	// KillWithParent makes the kernel kill the server when the process
	// that started it dies (PR_SET_PDEATHSIG), so a killed harness never
	// leaves a server running.
	KillWithParent bool
}

// Server is one running server process.
type Server struct {
	// Addr is the host:port the server reported in its start line.
	Addr string
	// URL is the legacy XML-RPC endpoint, http://Addr/XML-RPC.
	URL string

	cmd    *exec.Cmd
	logs   *testlog.Buffer // nil when Config.Output was given
	exited chan struct{}
	err    error // the exit status, set before exited is closed
}

// ErrKilled is Stop's answer when the server did not exit within the grace
// period after SIGTERM and was killed.
var ErrKilled = errors.New("testserver: the server did not stop in time after SIGTERM and was killed")

// Start runs the server as cfg says and returns once it has written its
// start line. On failure the process is gone and the error includes the end
// of its logs when they are kept in memory.
func Start(cfg Config) (*Server, error) {
	bin := cfg.Bin
	if bin == "" {
		var err error
		if bin, err = Binary(); err != nil {
			return nil, err
		}
	}
	within := cfg.StartTimeout
	if within == 0 {
		within = DefaultStartTimeout
	}
	s := &Server{exited: make(chan struct{})}
	cmd := exec.Command(bin, cfg.Args...)
	cmd.Env = cfg.Env
	if cfg.KillWithParent {
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	}
	addr := make(chan string, 1)
	file, direct := cfg.Output.(*os.File)
	switch {
	case direct:
		cmd.Stdout, cmd.Stderr = file, file
	default:
		out := cfg.Output
		if out == nil {
			s.logs = &testlog.Buffer{}
			out = s.logs
		}
		// One comparable writer for both streams: os/exec then copies
		// them through one pipe, so lines never interleave mid-line.
		w := &startLineWriter{out: out, addr: addr}
		cmd.Stdout, cmd.Stderr = w, w
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s.cmd = cmd
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()
	var poll <-chan time.Time
	if direct {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		poll = tick.C
	}
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		select {
		case a := <-addr:
			s.setAddr(a)
			return s, nil
		case <-poll:
			if b, err := os.ReadFile(file.Name()); err == nil {
				if a, ok := findStartLine(b); ok {
					s.setAddr(a)
					return s, nil
				}
			}
		case <-s.exited:
			return nil, fmt.Errorf("the server exited before its start line: %v%s", s.err, s.logTail())
		case <-deadline.C:
			s.Kill()
			return nil, fmt.Errorf("the server wrote no start line within %s%s", within, s.logTail())
		}
	}
}

func (s *Server) setAddr(a string) {
	s.Addr = a
	s.URL = "http://" + a + "/XML-RPC"
}

// logTail is the end of the in-memory logs for an error message ("" when
// the logs go elsewhere).
func (s *Server) logTail() string {
	if s.logs == nil {
		return ""
	}
	return "\n" + Tail(s.logs.String(), 4000)
}

// PID is the server's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Logs returns everything the server wrote so far when Config.Output was
// nil, and "" otherwise.
func (s *Server) Logs() string {
	if s.logs == nil {
		return ""
	}
	return s.logs.String()
}

// LogBuffer is the in-memory log sink (nil when Config.Output was given),
// for callers that look for particular JSON lines (testlog.Buffer.Lines).
func (s *Server) LogBuffer() *testlog.Buffer { return s.logs }

// Exited is closed once the process has exited and been reaped.
func (s *Server) Exited() <-chan struct{} { return s.exited }

// ExitErr is the process's exit status (nil: status 0); meaningful once
// Exited is closed.
func (s *Server) ExitErr() error {
	<-s.exited
	return s.err
}

// Stop sends SIGTERM (a graceful shutdown) and waits up to grace for the
// process to exit, then kills it. It returns the exit status, or ErrKilled
// when the process had to be killed. On a process that has already exited
// it just returns the exit status.
func (s *Server) Stop(grace time.Duration) error {
	select {
	case <-s.exited:
		return s.err
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-s.exited:
		return s.err
	case <-t.C:
		s.Kill()
		return ErrKilled
	}
}

// Kill ends the process at once (SIGKILL) and waits until it is reaped. It
// does nothing to a process that has already exited.
func (s *Server) Kill() {
	select {
	case <-s.exited:
		return
	default:
	}
	s.cmd.Process.Kill()
	<-s.exited
}

// WaitHealthy polls GET /healthz until it answers 200, the process exits, or
// within passes. Each poll is a real request, so the wait ends as soon as
// the server is ready.
func (s *Server) WaitHealthy(within time.Duration) error {
	deadline := time.Now().Add(within)
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		resp, err := client.Get("http://" + s.Addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("/healthz: %s", resp.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not healthy after %s: %v", within, err)
		}
		select {
		case <-s.exited:
			return fmt.Errorf("the server exited before it was healthy: %v", s.err)
		case <-tick.C:
		}
	}
}

// TB is the part of testing.TB that Run uses; the package does not import
// testing, so production tools (backlog-load) can use it too.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// Run is Start for tests: it fails the test when the server does not start
// and kills the process when the test ends, whatever the test did. Tests
// that check a graceful exit call Stop themselves (in a Cleanup registered
// after Run, which therefore runs before the kill).
func Run(t TB, cfg Config) *Server {
	t.Helper()
	s, err := Start(cfg)
	if err != nil {
		t.Fatalf("testserver: %v", err)
	}
	t.Cleanup(s.Kill)
	return s
}

// Tail is the last n bytes of s, marked with "…" when cut, for logs in
// failure messages.
func Tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// startLineWriter passes the process's output to out and reports the
// address of the first start line on addr.
type startLineWriter struct {
	out  io.Writer
	addr chan<- string
	mu   sync.Mutex
	line []byte
	sent bool
}

func (w *startLineWriter) Write(p []byte) (int, error) {
	w.out.Write(p)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.sent {
		return len(p), nil
	}
	w.line = append(w.line, p...)
	for {
		i := bytes.IndexByte(w.line, '\n')
		if i < 0 {
			break
		}
		if a, ok := parseStartLine(w.line[:i]); ok {
			w.addr <- a
			w.sent = true
			w.line = nil
			break
		}
		w.line = w.line[i+1:]
	}
	return len(p), nil
}

// findStartLine looks for the start line in a whole log.
func findStartLine(b []byte) (string, bool) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if a, ok := parseStartLine(sc.Bytes()); ok {
			return a, true
		}
	}
	return "", false
}

// parseStartLine reports the "addr" of line when it is the start line.
func parseStartLine(line []byte) (string, bool) {
	if !bytes.Contains(line, []byte(StartLine)) {
		return "", false
	}
	var entry struct {
		Msg  string `json:"msg"`
		Addr string `json:"addr"`
	}
	if json.Unmarshal(line, &entry) != nil || entry.Msg != StartLine || entry.Addr == "" {
		return "", false
	}
	return entry.Addr, true
}
