package testlog

import (
	"fmt"
	"sync"
	"testing"
)

func TestBufferConcurrentWritesAndLines(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Fprintf(&b, "{\"msg\":\"call\",\"n\":%d}\n", i)
			_ = b.String() // reads while others write (run with -race)
		}()
	}
	wg.Wait()
	fmt.Fprintln(&b, `{"msg":"other"}`)
	fmt.Fprintln(&b, `not json`)
	if got := len(b.Lines("call")); got != 8 {
		t.Fatalf("Lines(call) = %d lines, want 8", got)
	}
	if got := len(b.Lines("other")); got != 1 {
		t.Fatalf("Lines(other) = %d lines, want 1", got)
	}
}
