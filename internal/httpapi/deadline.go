package httpapi

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// callDeadline gives every /XML-RPC request a deadline of d, so the
// upstream work it causes (Backlog calls, the read retries of the v2
// client, the waits after a 429, every inner call of a system.multicall)
// stops while its answer can still be written. Without it a request's work
// is bounded only by attempts x --upstream-timeout per call, and an answer
// finished after --write-timeout is lost: the legacy client sees a dropped
// connection instead of fault 503 (e2e/reliability/deadline_test.go).
// d <= 0 means no deadline.
//
// The deadline is a lazyDeadline: a call that never waits on its context
// (a trivial call answered from the cache) does not pay for the timer that
// context.WithTimeout starts and stops on every request (~4% of such a
// call's CPU; BENCHMARKS.md, "HTTP layer").
func callDeadline(next http.Handler, d time.Duration) http.Handler {
	if d <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := newLazyDeadline(r.Context(), time.Now().Add(d))
		defer ctx.release()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// CallBudget is the deadline of one request under a write timeout: the
// write timeout less a tenth of it (at most 5 s) to encode and send the
// answer. It is what Config.CallDeadline should be.
func CallBudget(writeTimeout time.Duration) time.Duration {
	return writeTimeout - min(writeTimeout/10, 5*time.Second)
}

// lazyDeadline is a context with a deadline whose timer is started only
// when somebody needs its Done channel (a select, an HTTP request, a child
// context with cancellation): then it becomes, for good, a
// context.WithDeadline of its parent, and every method answers from that.
// Until then, Deadline reports the deadline and Err compares it with the clock,
// which is all a caller that never waits can observe.
type lazyDeadline struct {
	parent   context.Context
	deadline time.Time

	armed  atomic.Pointer[armedDeadline] // set once, under mu
	closed atomic.Bool                   // release ran (set under mu)
	mu     sync.Mutex
}

type armedDeadline struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newLazyDeadline(parent context.Context, deadline time.Time) *lazyDeadline {
	if pd, ok := parent.Deadline(); ok && pd.Before(deadline) {
		deadline = pd
	}
	return &lazyDeadline{parent: parent, deadline: deadline}
}

// arm returns the real deadline context, creating it on first use (already
// cancelled when the request is over).
func (c *lazyDeadline) arm() context.Context {
	if a := c.armed.Load(); a != nil {
		return a.ctx
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if a := c.armed.Load(); a != nil {
		return a.ctx
	}
	ctx, cancel := context.WithDeadline(c.parent, c.deadline)
	if c.closed.Load() {
		cancel()
	}
	c.armed.Store(&armedDeadline{ctx, cancel})
	return ctx
}

// release ends the context when the request is over, like the cancel
// function of context.WithTimeout: it stops the timer if one was started.
func (c *lazyDeadline) release() {
	c.mu.Lock()
	c.closed.Store(true)
	a := c.armed.Load()
	c.mu.Unlock()
	if a != nil {
		a.cancel()
	}
}

// Deadline implements context.Context.
func (c *lazyDeadline) Deadline() (time.Time, bool) { return c.deadline, true }

// Done implements context.Context; it starts the timer.
func (c *lazyDeadline) Done() <-chan struct{} { return c.arm().Done() }

// Err implements context.Context without starting the timer.
func (c *lazyDeadline) Err() error {
	if a := c.armed.Load(); a != nil {
		return a.ctx.Err()
	}
	if c.closed.Load() {
		return context.Canceled
	}
	if err := c.parent.Err(); err != nil {
		return err
	}
	if !time.Now().Before(c.deadline) {
		return context.DeadlineExceeded
	}
	return nil
}

// Value implements context.Context. Once armed it asks the real deadline
// context, so that the context package recognises it as a parent whose
// children it can cancel directly (without a goroutine per child).
func (c *lazyDeadline) Value(key any) any {
	if a := c.armed.Load(); a != nil {
		return a.ctx.Value(key)
	}
	return c.parent.Value(key)
}
