package testserver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestParseStartLine: only the JSON line whose msg is the start line and
// that carries an addr gives the address.
func TestParseStartLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		addr string
		ok   bool
	}{
		{`{"level":"INFO","msg":"serving legacy Backlog XML-RPC","addr":"127.0.0.1:4321"}`, "127.0.0.1:4321", true},
		{`{"msg":"pprof listening","addr":"127.0.0.1:6060"}`, "", false},
		{`{"msg":"serving legacy Backlog XML-RPC"}`, "", false},
		{`serving legacy Backlog XML-RPC on 127.0.0.1:1`, "", false},
	} {
		addr, ok := parseStartLine([]byte(tc.line))
		if addr != tc.addr || ok != tc.ok {
			t.Errorf("parseStartLine(%s) = %q, %v; want %q, %v", tc.line, addr, ok, tc.addr, tc.ok)
		}
	}
}

// TestStartLineWriterSplitWrites: the start line is found when it arrives in
// pieces, after other lines, and everything reaches the output.
func TestStartLineWriterSplitWrites(t *testing.T) {
	var out strings.Builder
	addr := make(chan string, 1)
	w := &startLineWriter{out: &out, addr: addr}
	log := `{"msg":"pprof listening","addr":"127.0.0.1:6060"}` + "\n" +
		`{"msg":"serving legacy Backlog XML-RPC","addr":"127.0.0.1:4321"}` + "\n" +
		`{"msg":"call"}` + "\n"
	for i := 0; i < len(log); i += 7 {
		w.Write([]byte(log[i:min(i+7, len(log))]))
	}
	select {
	case a := <-addr:
		if a != "127.0.0.1:4321" {
			t.Errorf("addr = %q, want 127.0.0.1:4321", a)
		}
	default:
		t.Fatal("no start line found")
	}
	if out.String() != log {
		t.Errorf("output = %q, want %q", out.String(), log)
	}
}

// TestDemoServer builds the real server, starts it in demo mode with logs in
// memory and with logs in a file, finds its address from the start line,
// waits for /healthz and stops it with SIGTERM (exit status 0).
func TestDemoServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary; skipped with -short")
	}
	args := []string{"--demo", "--listen", "127.0.0.1:0"}
	t.Run("memory", func(t *testing.T) {
		s := Run(t, Config{Args: args})
		if err := s.WaitHealthy(30 * time.Second); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(s.URL, "http://127.0.0.1:") || !strings.HasSuffix(s.URL, "/XML-RPC") {
			t.Errorf("URL = %q", s.URL)
		}
		if len(s.LogBuffer().Lines(StartLine)) != 1 {
			t.Errorf("logs hold no start line:\n%s", s.Logs())
		}
		if err := s.Stop(30 * time.Second); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	t.Run("file", func(t *testing.T) {
		f, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		s := Run(t, Config{Args: args, Output: f, KillWithParent: true})
		if err := s.WaitHealthy(30 * time.Second); err != nil {
			t.Fatal(err)
		}
		if s.Logs() != "" {
			t.Errorf("Logs() = %q with a file output, want empty", s.Logs())
		}
		if err := s.Stop(30 * time.Second); err != nil {
			t.Errorf("Stop: %v", err)
		}
		b, _ := os.ReadFile(f.Name())
		if !strings.Contains(string(b), StartLine) {
			t.Errorf("the log file lacks the start line:\n%s", b)
		}
	})
	t.Run("exits early", func(t *testing.T) {
		_, err := Start(Config{Args: []string{"--no-such-flag"}})
		if err == nil || !strings.Contains(err.Error(), "exited before its start line") {
			t.Errorf("Start with a bad flag: %v, want an early-exit error", err)
		}
	})
}
