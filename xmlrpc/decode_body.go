package xmlrpc

import (
	"errors"
	"io"
	"net/http"
	"sync"
)

// trimBOM drops a leading UTF-8 byte order mark (.NET clients send one;
// encoding/xml would read it as text before the root element).
func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

// maxPooledBody keeps one huge request from pinning its buffer forever.
const maxPooledBody = 1 << 20

// lener is a reader that knows how many bytes it holds (*bytes.Reader, a
// body the HTTP layer has already read): readBody sizes its buffer from it
// once instead of growing it.
type lener interface{ Len() int }

// lenHint is r's remaining length when r knows it, else -1.
func lenHint(r any) int {
	if l, ok := r.(lener); ok {
		return l.Len()
	}
	return -1
}

// bufferedBody is a request body the HTTP layer has already read whole:
// BufferedBody returns its bytes and the error that ended the read (nil at
// a clean end). The server decodes those bytes in place instead of copying
// them. The decoder never writes into them, and decoded values never point
// into them.
type bufferedBody interface {
	BufferedBody() ([]byte, error)
}

// buffered returns the bytes of a bufferedBody, with readBody's errors for
// a body over limit or a read that failed.
func buffered(bb bufferedBody, limit int64) ([]byte, error) {
	b, err := bb.BufferedBody()
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, err
	case int64(len(b)) > limit:
		return nil, &http.MaxBytesError{Limit: limit}
	case err != nil:
		return nil, &ProtocolError{Code: FaultNotWellFormed, Message: "parse error: could not read the request", Err: err}
	}
	return b, nil
}

// readBody reads all of r, failing with *http.MaxBytesError past limit.
// A hint (the length r is known to hold, -1 if unknown) sizes the buffer in
// one allocation; a wrong hint only costs growth.
// Decoded values never point into the buffer, so it goes back to the pool
// once decoding is done.
func readBody(r io.Reader, limit int64, hint int) (*[]byte, error) {
	bp := bodyPool.Get().(*[]byte)
	b := (*bp)[:0]
	if want := min(int64(hint), limit) + 1; hint >= 0 && want > int64(cap(b)) {
		b = make([]byte, 0, want) // +1: room to see EOF without growing
	}
	for {
		if len(b) == cap(b) {
			// Double (append grows large slices by only 1.25x, which
			// allocates about five times the body in all); at most one
			// byte past the limit.
			n := min(int64(2*cap(b)), limit+1)
			if n <= int64(cap(b)) {
				n = int64(cap(b)) + 1
			}
			nb := make([]byte, len(b), n)
			copy(nb, b)
			b = nb
		}
		room := cap(b) - len(b)
		if over := int64(len(b)) + int64(room) - (limit + 1); over > 0 {
			room -= int(over) // read at most one byte past the limit
		}
		n, err := r.Read(b[len(b) : len(b)+room])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			*bp = b
			return bp, &http.MaxBytesError{Limit: limit}
		}
		if err == io.EOF {
			*bp = b
			return bp, nil
		}
		if err != nil {
			*bp = b
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return bp, err
			}
			return bp, &ProtocolError{Code: FaultNotWellFormed, Message: "parse error: could not read the request", Err: err}
		}
	}
}

func putBody(bp *[]byte) {
	if cap(*bp) <= maxPooledBody {
		*bp = (*bp)[:0]
		bodyPool.Put(bp)
	}
}
