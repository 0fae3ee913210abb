package workgate

import (
	"context"
	"time"
)

// Hook gives a call's slot back through the waits another package reports
// with funcs: Pause and PauseAfter of this package, in the shape of
// v2client.WaitHook, so that the Backlog client can give the slot back while
// it waits for Backlog without depending on the gate. It holds no state: the
// call's ticket travels in ctx, so one Hook serves every gate, and outside
// a gated call it does nothing.
type Hook struct{}

// nothing is the resume and stop of a wait that paused nothing.
func nothing() {}

// Pause is Pause(ctx); resume is its Resume.
func (Hook) Pause(ctx context.Context) (resume func()) {
	p := Pause(ctx)
	if p.t == nil {
		return nothing
	}
	return p.Resume
}

// PauseAfter is PauseAfter(ctx, d); stop is its Stop.
func (Hook) PauseAfter(ctx context.Context, d time.Duration) (stop func()) {
	s := PauseAfter(ctx, d)
	if s == nil {
		return nothing
	}
	return s.Stop
}
