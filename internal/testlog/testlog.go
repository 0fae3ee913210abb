// Package testlog is a goroutine-safe sink for the JSON log lines of a server
// under test (run in-process or as a child process), shared by the cmd,
// interop and reliability tests so they all read server logs the same way.
package testlog

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
)

// Buffer collects writes from several goroutines (a process's stdout and
// stderr copiers, slog handlers) and reads them back safely while writes go on.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns everything written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Lines returns the JSON log lines (log/slog's JSON handler) whose "msg" is msg.
func (s *Buffer) Lines(msg string) []map[string]any {
	var out []map[string]any
	for _, l := range strings.Split(s.String(), "\n") {
		var e map[string]any
		if json.Unmarshal([]byte(l), &e) == nil && e["msg"] == msg {
			out = append(out, e)
		}
	}
	return out
}
