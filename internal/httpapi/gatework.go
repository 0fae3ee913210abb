package httpapi

import (
	"io"
	"net/http"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"
)

// gateWork runs next inside the work gate g (package workgate): it reads
// the request body first, then waits for a slot, and leaves the gate as
// soon as the answer starts to be written. Calls queued here hold their
// connection and a body of a few hundred bytes; the slot is given back by
// the v2 client and the catalog while the call waits for Backlog, so the
// gate bounds the calls using CPU and memory, not those in progress.
//
// Why the body is read before entering: a client sending its body slowly
// (or not at all, until the read timeout) would otherwise hold one of the
// few slots, and a handful of such clients would stall every call. Why it
// leaves before the answer's write: a client that reads its answer slowly
// must not hold a slot either. A request whose context ends while it
// queues gets no answer, as with limitInFlight.
func gateWork(g *workgate.Gate, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			body, err := readRequestBody(r.Body, r.ContentLength)
			r.Body = &replayBody{data: body, err: err}
		}
		ctx, leave, err := g.Enter(r.Context())
		if err != nil {
			return
		}
		defer leave()
		next.ServeHTTP(&leavingWriter{ResponseWriter: w, leave: leave}, r.WithContext(ctx))
	})
}

// readRequestBody reads a request body whole (it is already capped by the
// body-size middleware), in one allocation when the length is announced.
// An announced length is trusted up to 1 MiB, so a client that announces a
// large body and then stalls holds no more than that. Past it, the bytes
// are read into chunks as they arrive (each twice the last) and joined once
// at the end: at most three times the body allocated in all (twice, plus
// the unfilled part of the last chunk), where growing one buffer by
// doubling costs up to four times and copies at every step. The error, if any (a body over
// the cap, a cut connection), is kept for the handler to see where it would
// have seen it.
func readRequestBody(rc io.Reader, size int64) ([]byte, error) {
	switch {
	case size < 0:
		size = 512
	case size > 1<<20:
		size = 1 << 20
	}
	var full [][]byte // chunks filled before b
	total := 0
	b := make([]byte, 0, size+1) // +1: room to see the end without a new chunk
	for {
		if len(b) == cap(b) {
			full = append(full, b)
			b = make([]byte, 0, 2*cap(b))
		}
		n, err := rc.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		total += n
		if err == nil {
			continue
		}
		if err == io.EOF {
			err = nil
		}
		if len(full) == 0 {
			return b, err
		}
		out := make([]byte, 0, total)
		for _, c := range full {
			out = append(out, c...)
		}
		return append(out, b...), err
	}
}

// replayBody serves a body read beforehand, then the error that ended the
// read (io.EOF when it ended well).
type replayBody struct {
	data []byte
	err  error
}

// Read implements io.Reader.
func (b *replayBody) Read(p []byte) (int, error) {
	if len(b.data) == 0 {
		if b.err != nil {
			return 0, b.err
		}
		return 0, io.EOF
	}
	n := copy(p, b.data)
	b.data = b.data[n:]
	return n, nil
}

// Len reports the bytes left to read, so a reader sizes its buffer once.
func (b *replayBody) Len() int { return len(b.data) }

// BufferedBody returns the bytes left and the error that ended the read
// (nil when it ended well): the xmlrpc server decodes them in place.
func (b *replayBody) BufferedBody() ([]byte, error) { return b.data, b.err }

// Close implements io.Closer (the original body is closed by net/http).
func (b *replayBody) Close() error { return nil }

// leavingWriter leaves the work gate when the answer starts: the answer is
// fully encoded by then (the xmlrpc server writes one buffer), and writing
// it waits for the client, not the CPU.
type leavingWriter struct {
	http.ResponseWriter
	leave func()
}

// WriteHeader leaves the gate and writes the header.
func (lw *leavingWriter) WriteHeader(code int) {
	lw.leave()
	lw.ResponseWriter.WriteHeader(code)
}

// Write leaves the gate and writes b.
func (lw *leavingWriter) Write(b []byte) (int, error) {
	lw.leave()
	return lw.ResponseWriter.Write(b)
}

// Unwrap returns the wrapped writer (for http.ResponseController).
func (lw *leavingWriter) Unwrap() http.ResponseWriter { return lw.ResponseWriter }
