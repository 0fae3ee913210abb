package httpapi

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"
)

// TestReadRequestBodyAllocation: an announced body is read into one buffer
// of its size (a bytes.Buffer would have doubled it for the final read), an
// unannounced or over-announced one grows, and a read error is kept.
func TestReadRequestBodyAllocation(t *testing.T) {
	body := bytes.Repeat([]byte("x"), 300_000)
	allocs := testing.AllocsPerRun(5, func() {
		got, err := readRequestBody(bytes.NewReader(body), int64(len(body)))
		if err != nil || len(got) != len(body) || cap(got) != len(body)+1 {
			t.Fatalf("len %d cap %d err %v", len(got), cap(got), err)
		}
	})
	if allocs > 2 { // the buffer, and the bytes.Reader
		t.Errorf("%v allocations for an announced body, want the buffer only", allocs)
	}
	for _, size := range []int64{-1, 10, 2 << 20} {
		got, err := readRequestBody(iotest.OneByteReader(bytes.NewReader(body)), size)
		if err != nil || !bytes.Equal(got, body) {
			t.Errorf("announced %d: %d bytes, err %v", size, len(got), err)
		}
	}
	got, err := readRequestBody(io.MultiReader(bytes.NewReader(body[:10]), iotest.ErrReader(io.ErrUnexpectedEOF)), 100)
	if err != io.ErrUnexpectedEOF || len(got) != 10 {
		t.Errorf("got %d bytes, err %v; want 10 and the read error", len(got), err)
	}
}
