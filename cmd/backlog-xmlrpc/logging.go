package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/logbuf"
)

// startLog makes the logger: JSON lines to LogOutput at --log-level,
// batched by --log-buffer. It returns the writer and level the call lines
// (httpapi.CallLineObserver) must use: they are written beside slog's, to
// the same writer, which therefore takes concurrent whole-line writes.
func (m *Main) startLog() (io.Writer, slog.Level) {
	if m.LogOutput == nil {
		m.LogOutput = os.Stderr
	}
	level, _ := parseLevel(m.Config.LogLevel)
	var out io.Writer = &lockedWriter{w: m.LogOutput}
	if m.Config.LogBuffer > 0 {
		m.logBuf = logbuf.New(m.LogOutput, m.Config.LogBuffer, logbuf.DefaultSize)
		out = m.logBuf
	}
	m.logger = slog.New(slog.NewJSONHandler(out, &slog.HandlerOptions{Level: level}))
	return out, level
}

// logStarted logs that the server is serving (and warns about a plain-http
// Backlog), then writes the batched lines at once: whoever waits for the
// start line (a supervisor, a test) sees it now.
func (m *Main) logStarted(cfg Config, methods int) {
	if !cfg.Demo && strings.HasPrefix(strings.ToLower(cfg.BacklogURL), "http://") {
		m.logger.Warn("--backlog-url is plain http: API keys and tokens travel unencrypted; use https outside tests")
	}
	m.logger.Info("serving legacy Backlog XML-RPC",
		"addr", m.Addr(), "version", Version(), "demo", cfg.Demo, "auth", cfg.Auth,
		"backlog_url", cfg.BacklogURL, "legacy_url", cfg.LegacyURL, "methods", methods)
	if m.logBuf != nil {
		m.logBuf.Flush()
	}
}

// closeLog writes the log lines still batched in memory and stops the
// batching (later lines are written at once). It is the last thing Close
// does, and Run does it when it fails.
func (m *Main) closeLog() {
	if m.logBuf != nil {
		m.logBuf.Close()
	}
}

// lockedWriter serialises the writes to w (the log output without
// --log-buffer), each of which is one whole line.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// Write writes p, one whole line, under the lock.
func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("--log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}
