package v2client

import (
	"context"
	"time"
)

// WaitHook is told when a call starts and stops waiting for something other
// than the CPU, so that the program can let other work run meanwhile. The
// gateway passes its work gate (internal/workgate), which gives the call's
// work slot back while it waits for Backlog and takes one again when the
// wait is over. The client declares the interface so that it depends on no
// admission control of its own.
//
// The client calls the hook around four waits: for an OAuth token source
// (which may wait for another call's refresh), for a refresh after a 401,
// for a back-off sleep between retries, and for a request until its answer's
// headers arrive. Reading the answer's body is a wait that is usually too
// short to pause for, and goes through PauseAfter.
//
// Implementations must be safe for concurrent use.
type WaitHook interface {
	// Pause is called as a wait begins; the client calls resume, once, on
	// the same goroutine, when the wait is over.
	Pause(ctx context.Context) (resume func())
	// PauseAfter is called as a wait begins that normally ends within d:
	// the hook pauses the call only if stop has not been called by then.
	// The client calls stop, once, when the wait is over; it resumes the
	// call if the hook paused it.
	PauseAfter(ctx context.Context, d time.Duration) (stop func())
}

// WithWaitHook sets the hook told about the client's waits (default: none,
// and the client pauses nothing). A nil h means none.
func WithWaitHook(h WaitHook) Option {
	return func(c *Client) error { c.wait = h; return nil }
}

// noWait is the resume and stop of a client without a hook.
func noWait() {}

// pause tells the wait hook, if any, that the call of ctx begins a wait;
// the result ends it.
func (c *Client) pause(ctx context.Context) (resume func()) {
	if c.wait == nil {
		return noWait
	}
	return c.wait.Pause(ctx)
}

// pauseAfter tells the wait hook, if any, that the call of ctx begins a wait
// that normally ends within d; the result ends it.
func (c *Client) pauseAfter(ctx context.Context, d time.Duration) (stop func()) {
	if c.wait == nil {
		return noWait
	}
	return c.wait.PauseAfter(ctx, d)
}

// bodyStall is how long reading an answer's body may go on before the call
// counts as waiting (WaitHook.PauseAfter): an answer's body normally arrives
// with its headers or within a round trip, so reads longer than this wait
// on the network.
const bodyStall = 10 * time.Millisecond
