// Package workgate bounds how many legacy calls use CPU and memory at once,
// without bounding how many may wait for Backlog at once.
//
// Why: with 500 clients saturating the gateway, every call in progress holds
// its decoded request, v2 answers and encoded legacy answer while it waits
// for the CPU, and the resident memory reached 130 MiB (BENCHMARKS.md,
// "Memory under saturation"). A plain limit on calls in progress
// (--max-in-flight) bounds that, but a call keeps its slot while it waits for
// Backlog, so throughput is capped at slots / upstream latency (64 slots and
// 200 ms: 320 calls/s). The gate instead is held only while a call works:
// a call enters after its request body has been read, gives its slot back
// while it waits for something other than the CPU (each Backlog request
// until its answer's headers arrive, back-off sleeps between retries, the
// catalog's shared fetch of a list another call is making), takes one again
// when the wait is over (before reading the answer's body, so that calls
// queued to resume do not each hold a whole answer; a body read that
// outlasts a short threshold gives the slot back for the rest of the read,
// see PauseAfter), and leaves before its answer is written to the client.
//
// Queueing: a call coming back from a wait is served before a call that has
// not started. A call in the middle holds far more (its v2 answer, a
// half-built result) than one that has not entered (its connection and a
// request body of a few hundred bytes), so under saturation the queue forms
// at the entrance, where it is cheap.
//
// Deadlock freedom rests on one rule: a call that holds a slot never waits
// for another call that needs a slot. Every wait on another call (the
// catalog's singleflight) and every wait on the network is wrapped in
// Pause/Resume. Goroutines of one call (fan-out sharing the call's context)
// share its one slot: a Resume while the call already holds its slot costs
// nothing and does not queue, so a parent holding the slot while it waits
// for its children never starves them, and a call never holds two slots.
//
// The Backlog client reports its waits through Hook (v2client.WithWaitHook),
// so that it does not depend on this package.
package workgate

import (
	"container/list"
	"context"
	"runtime"
	"sync"
	"time"
)

// SlotsPerProc is the number of slots per GOMAXPROCS of DefaultSlots: a few
// calls per CPU keep every CPU busy while one call blocks briefly on a
// mutex or a syscall (the log write, the answer's write), and few enough
// that only a handful of half-done calls hold memory at once.
const SlotsPerProc = 4

// DefaultSlots is the number of slots of the default gate: SlotsPerProc x
// GOMAXPROCS (8 on a 2-CPU machine).
func DefaultSlots() int { return SlotsPerProc * runtime.GOMAXPROCS(0) }

// Gate is a counting semaphore with two FIFO queues: calls resuming after a
// wait are served before calls entering. The zero value is not usable; call
// New. It is safe for concurrent use.
type Gate struct {
	mu       sync.Mutex
	slots    int
	used     int
	resumers list.List // of *waiter
	entrants list.List // of *waiter
	paused   int       // tickets paused right now (Stats)
}

// waiter is one call queued for a slot. granted is set (under Gate.mu) when
// a released slot is handed to it, and ready is closed then.
type waiter struct {
	ready   chan struct{}
	granted bool
}

// New returns a gate of n slots (at least 1).
func New(n int) *Gate {
	if n < 1 {
		n = 1
	}
	return &Gate{slots: n}
}

// Stats is a snapshot of a gate.
type Stats struct {
	Slots    int // slots of the gate
	InUse    int // slots held
	Entering int // calls queued to enter
	Resuming int // calls queued to resume after a wait
	Paused   int // calls in a wait (holding no slot)
}

// Stats returns the gate's current state (for /metrics and tests).
func (g *Gate) Stats() Stats {
	g.mu.Lock()
	defer g.mu.Unlock()
	return Stats{Slots: g.slots, InUse: g.used, Entering: g.entrants.Len(), Resuming: g.resumers.Len(), Paused: g.paused}
}

// acquire takes a slot, queueing behind earlier callers of its class
// (resumers before entrants), until done is closed; then it returns false
// and holds nothing.
func (g *Gate) acquire(done <-chan struct{}, resuming bool) bool {
	g.mu.Lock()
	// release hands a slot straight to a queued caller, so a free slot
	// means nobody is queued.
	if g.used < g.slots {
		g.used++
		g.mu.Unlock()
		return true
	}
	q := &g.entrants
	if resuming {
		q = &g.resumers
	}
	w := &waiter{ready: make(chan struct{})}
	e := q.PushBack(w)
	g.mu.Unlock()
	select {
	case <-w.ready:
		return true
	case <-done:
	}
	g.mu.Lock()
	if w.granted {
		// Handed a slot as done closed: pass it on.
		g.mu.Unlock()
		g.release()
		return false
	}
	q.Remove(e)
	g.mu.Unlock()
	return false
}

// release gives a slot back: to the first queued resumer, else the first
// queued entrant, else to the pool.
func (g *Gate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, q := range []*list.List{&g.resumers, &g.entrants} {
		if e := q.Front(); e != nil {
			w := q.Remove(e).(*waiter)
			w.granted = true
			close(w.ready)
			return
		}
	}
	g.used--
}

// ticket is one call's membership of a gate. held is the call's one slot;
// resumeMu makes the goroutines of one call queue for it one at a time, so
// that a second one finds it held instead of taking another.
type ticket struct {
	g        *Gate
	resumeMu sync.Mutex
	mu       sync.Mutex
	held     bool
	left     bool
}

type ticketKey struct{}

// Enter waits for a slot (behind every call resuming after a wait) and
// returns ctx carrying the call's ticket, and leave, which gives the slot
// back for good (idempotent; later Pause/Resume of the call do nothing).
// When ctx ends first it returns ctx's error and holds nothing.
func (g *Gate) Enter(ctx context.Context) (context.Context, func(), error) {
	if !g.acquire(ctx.Done(), false) {
		return ctx, func() {}, ctx.Err()
	}
	t := &ticket{g: g, held: true}
	return context.WithValue(ctx, ticketKey{}, t), t.leave, nil
}

func (t *ticket) leave() {
	t.mu.Lock()
	held := t.held
	t.held, t.left = false, true
	t.mu.Unlock()
	if held {
		t.g.release()
	}
}

// Paused is a call's wait in progress; Resume ends it. The zero value
// (returned outside a gated call, or when the call held no slot) resumes
// as a no-op.
type Paused struct {
	t   *ticket
	ctx context.Context
}

// Pause gives the slot of the call of ctx back while the call waits for
// something other than the CPU; call Resume when the wait is over. Outside
// a gated call, or when the call holds no slot (a nested wait, or a
// sibling goroutine already paused it), it does nothing.
func Pause(ctx context.Context) Paused {
	t, _ := ctx.Value(ticketKey{}).(*ticket)
	if t == nil {
		return Paused{}
	}
	t.mu.Lock()
	if !t.held {
		t.mu.Unlock()
		return Paused{}
	}
	t.held = false
	t.mu.Unlock()
	g := t.g
	g.mu.Lock()
	g.paused++
	g.mu.Unlock()
	g.release()
	return Paused{t: t, ctx: ctx}
}

// Resume takes a slot again for the call (ahead of calls not yet entered),
// unless a goroutine of the same call already holds it, or the call has
// left. When the context given to Pause ends while it queues, Resume
// returns without a slot: the call goes on unbounded, briefly, to fail or
// finish as its context says, rather than turning an answer it already has
// into an error.
func (p Paused) Resume() {
	t := p.t
	if t == nil {
		return
	}
	g := t.g
	g.mu.Lock()
	g.paused--
	g.mu.Unlock()
	t.resumeMu.Lock()
	defer t.resumeMu.Unlock()
	t.mu.Lock()
	if t.held || t.left {
		t.mu.Unlock()
		return
	}
	t.mu.Unlock()
	if !g.acquire(p.ctx.Done(), true) {
		return
	}
	t.mu.Lock()
	if t.left {
		t.mu.Unlock()
		g.release()
		return
	}
	t.held = true
	t.mu.Unlock()
}

// Holding reports whether the call of ctx holds a slot now (false outside
// a gated call).
func Holding(ctx context.Context) bool {
	t, _ := ctx.Value(ticketKey{}).(*ticket)
	if t == nil {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.held
}

// Stall is a wait that is usually too short to give the slot back for but
// may not be: reading the body of a Backlog answer, which normally arrives
// with its headers, but can trickle in over a slow link or stall
// mid-answer. Holding the slot through such a read would let a few stalled
// answers starve every other call of the gateway (8 slots by default) for
// as long as the upstream timeout, and would cap throughput by the
// upstream's bandwidth: the kind of ceiling the gate exists to avoid.
type Stall struct {
	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
	paused  Paused
}

// PauseAfter pauses the call of ctx if Stop has not been called within d
// (a timer; nothing runs on the calling goroutine). Stop, called when the
// wait is over, resumes the call if the timer paused it. Outside a gated
// call it returns nil, whose Stop does nothing.
func PauseAfter(ctx context.Context, d time.Duration) *Stall {
	if t, _ := ctx.Value(ticketKey{}).(*ticket); t == nil {
		return nil
	}
	s := &Stall{}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer = time.AfterFunc(d, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.stopped {
			s.paused = Pause(ctx)
		}
	})
	return s
}

// Stop ends the wait: it stops the timer, or, if the timer already paused
// the call, resumes it (queueing ahead of calls not yet entered).
func (s *Stall) Stop() {
	if s == nil {
		return
	}
	s.timer.Stop()
	s.mu.Lock()
	s.stopped = true
	p := s.paused
	s.mu.Unlock()
	p.Resume()
}
