package logbuf

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder keeps every Write it receives as one batch and signals each.
type recorder struct {
	mu      sync.Mutex
	batches []string
	err     error
	wrote   chan struct{}
}

func newRecorder() *recorder { return &recorder{wrote: make(chan struct{}, 1024)} }

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	r.batches = append(r.batches, string(p))
	err := r.err
	r.mu.Unlock()
	select {
	case r.wrote <- struct{}{}:
	default:
	}
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

func (r *recorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.batches...)
}

func TestBatching(t *testing.T) {
	tests := []struct {
		name   string
		lines  []string
		size   int
		action func(w *Writer) error
		want   []string // batches seen by out, in order
	}{
		{name: "nothing before the interval, one write on Flush",
			lines: []string{"a\n", "b\n", "c\n"}, size: 1 << 20,
			action: func(w *Writer) error { return w.Flush() }, want: []string{"a\nb\nc\n"}},
		{name: "Close writes the rest in one write",
			lines: []string{"a\n", "b\n"}, size: 1 << 20,
			action: func(w *Writer) error { return w.Close() }, want: []string{"a\nb\n"}},
		{name: "the line that fills the batch writes it before Write returns",
			lines: []string{"aaaa\n", "bbbb\n", "cccc\n"}, size: 10,
			action: func(*Writer) error { return nil }, want: []string{"aaaa\nbbbb\n"}},
		{name: "a line bigger than the bound goes out whole",
			lines: []string{"x\n", strings.Repeat("y", 50) + "\n", "z\n"}, size: 10,
			action: func(w *Writer) error { return w.Flush() }, want: []string{"x\n" + strings.Repeat("y", 50) + "\n", "z\n"}},
		{name: "empty flush writes nothing",
			lines: nil, size: 10,
			action: func(w *Writer) error { return w.Flush() }, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := newRecorder()
			w := New(out, time.Hour, tc.size)
			defer w.Close()
			for _, l := range tc.lines {
				if n, err := w.Write([]byte(l)); n != len(l) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", l, n, err)
				}
			}
			if err := tc.action(w); err != nil {
				t.Fatal(err)
			}
			if got := out.get(); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("batches %q, want %q", got, tc.want)
			}
		})
	}
}

func TestIntervalFlush(t *testing.T) {
	out := newRecorder()
	w := New(out, 5*time.Millisecond, 1<<20)
	defer w.Close()
	for round := range 3 { // each batch is written one interval after its first line
		line := fmt.Sprintf("line %d\n", round)
		w.Write([]byte(line))
		select {
		case <-out.wrote:
		case <-time.After(10 * time.Second):
			t.Fatalf("round %d: no write within 10 s of a 5 ms interval", round)
		}
		if got := out.get(); len(got) != round+1 || got[round] != line {
			t.Fatalf("round %d: batches %q", round, got)
		}
	}
}

func TestWriteAfterCloseGoesStraightThroughInOrder(t *testing.T) {
	out := newRecorder()
	w := New(out, time.Hour, 1<<20)
	w.Write([]byte("before\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	w.Write([]byte("after\n"))
	if got := out.get(); fmt.Sprint(got) != fmt.Sprint([]string{"before\n", "after\n"}) {
		t.Fatalf("batches %q", got)
	}
}

func TestErrorsReachTheCaller(t *testing.T) {
	out := newRecorder()
	out.err = errors.New("disk full")
	w := New(out, time.Hour, 8)
	w.Write([]byte("a\n"))
	if err := w.Flush(); err == nil {
		t.Fatal("Flush hid the write error")
	}
	if n, err := w.Write([]byte("0123456789\n")); n != 11 || err == nil { // fills the batch: written by this caller
		t.Fatalf("Write = %d, %v; want 11 and the error", n, err)
	}
	w.Write([]byte("b\n"))
	if err := w.Close(); err == nil {
		t.Fatal("Close hid the write error")
	}
}

// TestConcurrentWritersKeepEveryLineWholeAndInOrder: several goroutines log
// through a small batch bound (so callers flush while others append) into a
// slow writer; every line arrives exactly once, whole, each goroutine's lines
// in the order written, and every batch ends on a line boundary.
func TestConcurrentWritersKeepEveryLineWholeAndInOrder(t *testing.T) {
	const writers, lines = 8, 2000
	var mu sync.Mutex
	var all bytes.Buffer
	var batches int
	out := writerFunc(func(p []byte) (int, error) {
		if len(p) == 0 || p[len(p)-1] != '\n' {
			t.Errorf("batch not ending on a line boundary: %q", p)
		}
		mu.Lock()
		defer mu.Unlock()
		batches++
		return all.Write(p)
	})
	w := New(out, time.Millisecond, 512)
	var wg sync.WaitGroup
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range lines {
				fmt.Fprintf(w, "{\"g\":%d,\"i\":%d,\"pad\":%q}\n", g, i, strings.Repeat("p", i%40))
			}
		}()
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	next := make([]int, writers)
	got := strings.Split(strings.TrimSuffix(all.String(), "\n"), "\n")
	if len(got) != writers*lines {
		t.Fatalf("%d lines, want %d", len(got), writers*lines)
	}
	for _, l := range got {
		var g, i int
		var pad string
		if _, err := fmt.Sscanf(l, "{\"g\":%d,\"i\":%d,\"pad\":%q}", &g, &i, &pad); err != nil || pad != strings.Repeat("p", i%40) {
			t.Fatalf("torn line %q: %v", l, err)
		}
		if i != next[g] {
			t.Fatalf("writer %d: line %d after %d", g, i, next[g]-1)
		}
		next[g]++
	}
	if batches >= writers*lines/4 {
		t.Fatalf("%d batches for %d lines: not batching", batches, writers*lines)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// BenchmarkLogLine compares one ~200-byte log line written straight to a
// file (one write(2) per line) with the same line through a Writer.
//
//	go test ./logbuf -run '^$' -bench LogLine -benchmem
func BenchmarkLogLine(b *testing.B) {
	line := []byte(`{"time":"2026-11-23T14:40:00.123456789Z","level":"INFO","msg":"call","method":"backlog.getStatuses","login":"demo","request_id":"host/abcdefghij-000001","duration_ms":0.041,"fault_code":0,"upstream_calls":0}` + "\n")
	for _, buffered := range []bool{false, true} {
		b.Run(fmt.Sprintf("buffered=%v", buffered), func(b *testing.B) {
			f, err := os.Create(filepath.Join(b.TempDir(), "log"))
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			var w interface {
				Write([]byte) (int, error)
			} = f
			if buffered {
				bw := New(f, DefaultInterval, DefaultSize)
				defer bw.Close()
				w = bw
			}
			b.SetBytes(int64(len(line)))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					w.Write(line)
				}
			})
		})
	}
}
