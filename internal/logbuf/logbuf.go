// Package logbuf batches log lines in memory and hands them to the
// underlying writer in one Write per batch (one write(2) on a file or pipe),
// so a busy server does not pay a system call for every JSON log line it
// emits.
//
// A batch is written when it has been waiting for the flush interval, when it
// reaches the size bound (by the goroutine whose line filled it: the writer
// that falls behind is paid for by its callers, never by dropping lines), on
// Flush, and on Close. Each Write is kept whole and batches leave in the
// order their lines were written, so lines are never reordered, dropped or
// interleaved. The price is durability: a process killed without Close
// (SIGKILL, a runtime crash) loses the lines of at most one interval.
package logbuf

import (
	"io"
	"sync"
	"time"
)

// Defaults of New for a non-positive interval or size.
const (
	DefaultInterval = 50 * time.Millisecond
	DefaultSize     = 64 << 10
)

// Writer is a goroutine-safe io.Writer that batches whole writes (one log
// line each, as log/slog's handlers write them) into out. Create it with New
// and stop it with Close, which writes what is left and stops its goroutine.
type Writer struct {
	out      io.Writer
	interval time.Duration
	size     int

	// outMu is held while a batch is taken and written to out, so batches
	// leave in the order they were taken; it is always taken before mu.
	outMu sync.Mutex
	spare []byte // the previous batch's memory, reused (guarded by outMu)

	mu     sync.Mutex
	buf    []byte // lines not yet written
	closed bool   // after Close every Write goes straight to out

	kick   chan struct{} // the buffer went from empty to non-empty
	done   chan struct{} // closed by Close
	exited chan struct{} // closed when the flush goroutine returns
	once   sync.Once
}

// New returns a Writer batching into out, flushed interval after the first
// line of a batch (DefaultInterval when interval <= 0) or as soon as size
// bytes wait (DefaultSize when size <= 0). It starts one goroutine, stopped
// by Close.
func New(out io.Writer, interval time.Duration, size int) *Writer {
	if interval <= 0 {
		interval = DefaultInterval
	}
	if size <= 0 {
		size = DefaultSize
	}
	w := &Writer{
		out: out, interval: interval, size: size,
		buf:  make([]byte, 0, size),
		kick: make(chan struct{}, 1), done: make(chan struct{}), exited: make(chan struct{}),
	}
	go w.loop()
	return w
}

// Write adds p (kept whole) to the current batch. When the batch reaches the
// size bound the caller writes it out before returning (back-pressure); an
// error of that write is returned with n = len(p), since p was accepted.
// After Close, p is written to out directly.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		w.outMu.Lock()
		defer w.outMu.Unlock()
		return w.out.Write(p)
	}
	wasEmpty := len(w.buf) == 0
	w.buf = append(w.buf, p...)
	full := len(w.buf) >= w.size
	w.mu.Unlock()
	if full {
		return len(p), w.Flush()
	}
	if wasEmpty {
		select {
		case w.kick <- struct{}{}:
		default: // a flush is already pending
		}
	}
	return len(p), nil
}

// Flush writes the current batch to out now (nothing when it is empty) and
// returns the error of that write.
func (w *Writer) Flush() error {
	w.outMu.Lock()
	defer w.outMu.Unlock()
	return w.flushLocked(false)
}

// flushLocked takes the batch (marking the Writer closed when closing) and
// writes it; outMu is held.
func (w *Writer) flushLocked(closing bool) error {
	w.mu.Lock()
	b := w.buf
	if len(b) == 0 && !closing {
		w.mu.Unlock()
		return nil
	}
	w.buf = w.spare[:0]
	if closing {
		w.closed, w.buf = true, nil
	}
	w.mu.Unlock()
	var err error
	if len(b) > 0 {
		_, err = w.out.Write(b)
	}
	if cap(b) <= 4*w.size { // a batch swollen by a huge line is not kept
		w.spare = b[:0]
	} else {
		w.spare = nil
	}
	return err
}

// Close writes the last batch, stops the flush goroutine and returns the
// error of that last write. Writes after Close go straight to out, in order
// after the last batch. Close is idempotent (later calls return nil).
func (w *Writer) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		<-w.exited
		w.outMu.Lock()
		defer w.outMu.Unlock()
		err = w.flushLocked(true)
	})
	return err
}

// loop writes each batch one interval after its first line.
func (w *Writer) loop() {
	defer close(w.exited)
	t := time.NewTimer(time.Hour)
	t.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-w.kick:
		}
		t.Reset(w.interval)
		select {
		case <-w.done:
			t.Stop()
			return // Close writes the rest
		case <-t.C:
		}
		w.Flush() // an error here has no caller to go to; the next write will meet it again
	}
}
