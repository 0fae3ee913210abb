package httpapi

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// The coalescing write. Answers longer than net/http's 4 KiB connection
// buffer leave in two write(2)s: the buffer (the header and the first part
// of the body), then the rest. On loopback and LAN each write is a TCP
// segment the kernel sends, delivers and wakes the reader for; getIssue's
// ~8 KB answer spent 17% of its CPU in those two writes (BENCHMARKS.md,
// "HTTP layer"). CoalescingListener and ConnContext (wired by Server) let
// the /XML-RPC handler (front, through coalescing) send such an answer with
// one write: while the answer's single Write runs, the connection keeps
// what net/http writes to it, then writes it all at once.
const (
	// coalesceMin is the smallest body that may not fit net/http's 4 KiB
	// connection buffer with the header.
	coalesceMin = 3 << 10
	// coalesceMax bounds the copy: bigger bodies mostly go out in one
	// direct write already, and copying them would cost more than the
	// write it saves.
	coalesceMax = 64 << 10
)

// coalescing returns the ResponseWriter of an /XML-RPC answer to r: a
// coalescingWriter when r came through a coalescing connection, else w.
func coalescing(w http.ResponseWriter, r *http.Request) http.ResponseWriter {
	if cc, ok := r.Context().Value(connKey{}).(*coalescingConn); ok {
		return &coalescingWriter{ResponseWriter: w, conn: cc}
	}
	return w
}

// CoalescingListener returns ln whose connections can hold their writes
// for the /XML-RPC handler (see ConnContext). Serve it with an
// http.Server whose ConnContext is ConnContext.
func CoalescingListener(ln net.Listener) net.Listener { return &coalescingListener{ln} }

type coalescingListener struct{ net.Listener }

func (l *coalescingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &coalescingConn{Conn: c}, nil
}

// ConnContext is the http.Server ConnContext that makes a connection from
// CoalescingListener reachable by the handler of its requests.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*coalescingConn); ok {
		return context.WithValue(ctx, connKey{}, cc)
	}
	return ctx
}

type connKey struct{}

// coalescingConn is a connection that can hold its writes. Only the
// goroutine serving the connection writes to it (HTTP/1.x), so hold,
// Write and release need no lock.
type coalescingConn struct {
	net.Conn
	held *[]byte // non-nil while holding
}

var heldBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// Write keeps p while the connection holds, else writes it.
func (c *coalescingConn) Write(p []byte) (int, error) {
	if c.held != nil {
		*c.held = append(*c.held, p...)
		return len(p), nil
	}
	return c.Conn.Write(p)
}

func (c *coalescingConn) hold() {
	c.held = heldBufs.Get().(*[]byte)
	*c.held = (*c.held)[:0]
}

// release writes what was held, in one write.
func (c *coalescingConn) release() error {
	bp := c.held
	c.held = nil
	var err error
	if len(*bp) > 0 {
		_, err = c.Conn.Write(*bp)
	}
	if cap(*bp) <= 2*coalesceMax {
		heldBufs.Put(bp)
	}
	return err
}

// CloseWrite keeps net/http's half-close of TCP connections (it looks for
// this method on the connection).
func (c *coalescingConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// coalescingWriter is the /XML-RPC ResponseWriter on a coalescing
// connection: a body Write of coalesceMin..coalesceMax bytes is written
// and flushed through net/http while the connection holds, then sent in
// one write. It must wrap net/http's own ResponseWriter directly (its
// Flush is what moves net/http's buffers to the connection).
type coalescingWriter struct {
	http.ResponseWriter
	conn *coalescingConn
}

// Write sends a body of coalesceMin..coalesceMax bytes, with what net/http
// still buffers, in one write to the connection.
func (w *coalescingWriter) Write(p []byte) (n int, err error) {
	f, ok := w.ResponseWriter.(http.Flusher)
	if !ok || len(p) < coalesceMin || len(p) > coalesceMax {
		return w.ResponseWriter.Write(p)
	}
	w.conn.hold()
	defer func() { // also on a panic: a connection left holding would swallow every later answer
		if rerr := w.conn.release(); err == nil {
			err = rerr
		}
	}()
	n, err = w.ResponseWriter.Write(p)
	f.Flush()
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *coalescingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
