package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/testserver"
)

// proc is a child process the harness started other than the gateway
// (fake, proxy, floor, Python); stop ends exactly that process.
type proc struct {
	name string
	cmd  *exec.Cmd
	addr string // host:port it serves on
	log  string // file receiving its stderr
	done chan struct{}
}

// freeAddr returns a loopback address with a port that was free a moment
// ago (the child binds it right after).
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// start runs argv with its output in dir/name.log and waits until GET
// readyPath on its address answers (any HTTP status: Python answers GET
// with 501).
func start(dir, name, addr, readyPath string, argv ...string) (*proc, error) {
	logPath := filepath.Join(dir, name+".log")
	f, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlive the harness
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, addr: addr, log: logPath, done: make(chan struct{})}
	go func() { cmd.Wait(); f.Close(); close(p.done) }()
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + readyPath)
		if err == nil {
			resp.Body.Close()
			return p, nil
		}
		select {
		case <-p.done:
			return nil, fmt.Errorf("%s exited before it was ready (log: %s)", name, tail(logPath))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, fmt.Errorf("%s not ready on %s after 15s (log: %s)", name, addr, tail(logPath))
		}
	}
}

// startServer runs the gateway binary with args (which make it listen on
// 127.0.0.1:0) and env added to the harness's environment, its output in
// dir/server.log. It returns once the server has logged its address and
// GET /healthz answers; the kernel kills it if the harness dies.
func startServer(dir, bin string, args, env []string) (*testserver.Server, error) {
	logPath := filepath.Join(dir, "server.log")
	f, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	// The child holds its own copy of the descriptor.
	defer f.Close()
	cfg := testserver.Config{Bin: bin, Args: args, Output: f, StartTimeout: 15 * time.Second, KillWithParent: true}
	if len(env) > 0 {
		cfg.Env = append(os.Environ(), env...)
	}
	s, err := testserver.Start(cfg)
	if err != nil {
		return nil, fmt.Errorf("server: %w (log: %s)", err, tail(logPath))
	}
	if err := s.WaitHealthy(15 * time.Second); err != nil {
		s.Stop(5 * time.Second)
		return nil, fmt.Errorf("server: %w (log: %s)", err, tail(logPath))
	}
	return s, nil
}

// stop sends SIGTERM, then SIGKILL after 5 s, and waits.
func (p *proc) stop() {
	if p == nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// tail returns the last lines of a log file, for error messages.
func tail(path string) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return strings.Join(lines, " | ")
}

// memory reads VmRSS and VmHWM (KiB) of a process from /proc.
func memory(pid int) (rss, hwm int64) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			rss = n
		case "VmHWM":
			hwm = n
		}
	}
	return rss, hwm
}

// clockTick is the unit of utime/stime in /proc/PID/stat (USER_HZ, 100 on
// Linux for every architecture Go supports here).
const clockTick = 10 * time.Millisecond

// cpuTime reads the user+system CPU time a process has used so far.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // f[0] is field 3 (state)
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * clockTick
}

// runtimeStats reads from the server's /metrics: go_goroutines and the
// heap and stack bytes in use (-1 each when unavailable).
func runtimeStats(addr string) (goroutines int, heapInuse, stackInuse int64) {
	goroutines, heapInuse, stackInuse = -1, -1, -1
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			continue
		}
		switch name {
		case "go_goroutines":
			goroutines = int(f)
		case "go_memstats_heap_inuse_bytes":
			heapInuse = int64(f)
		case "go_memstats_stack_inuse_bytes":
			stackInuse = int64(f)
		}
	}
	return
}

// fakeCounters reads the fake's per-endpoint counters.
func fakeCounters(addr string) (map[string]int, error) {
	resp, err := http.Get("http://" + addr + "/_fake/counters")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var c struct {
		Calls map[string]int `json:"calls"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		return nil, err
	}
	return c.Calls, nil
}

// resetFakeCounters zeroes the fake's counters.
func resetFakeCounters(addr string) error {
	resp, err := http.Post("http://"+addr+"/_fake/counters/reset", "", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("reset counters: %s", resp.Status)
	}
	return nil
}

// v2Do makes one v2 call to the fake as the load user and decodes the JSON
// answer into out (nil: discard).
func v2Do(ctx context.Context, addr, method, path string, form url.Values, out any) error {
	u := "http://" + addr + "/api/v2" + path
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	u += sep + "apiKey=" + loadAPIKey
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}
