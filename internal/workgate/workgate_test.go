package workgate

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestSlotsBounded: with 2 slots, 10 calls that each work, pause (a
// Backlog exchange), and work again never have more than 2 at work at
// once, and all finish.
func TestSlotsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(2)
		var working, peak atomic.Int32
		work := func() {
			n := working.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(time.Millisecond) // CPU time, in the bubble's clock
			working.Add(-1)
		}
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				ctx, leave, err := g.Enter(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				defer leave()
				work()
				p := Pause(ctx)
				time.Sleep(20 * time.Millisecond) // the upstream wait: no slot
				p.Resume()
				work()
			})
		}
		wg.Wait()
		if got := peak.Load(); got != 2 {
			t.Fatalf("peak %d calls at work, want 2", got)
		}
		if s := g.Stats(); s.InUse != 0 || s.Entering != 0 || s.Resuming != 0 || s.Paused != 0 {
			t.Fatalf("gate not empty after every call left: %+v", s)
		}
	})
}

// TestNoLatencyCeiling: with 1 slot, 50 calls that each wait 100 ms for
// Backlog all wait at the same time: they finish in about one upstream
// latency, not 50 (the ceiling of a limit held during the wait).
func TestNoLatencyCeiling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(1)
		start := time.Now()
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				ctx, leave, _ := g.Enter(context.Background())
				defer leave()
				p := Pause(ctx)
				time.Sleep(100 * time.Millisecond)
				p.Resume()
			})
		}
		wg.Wait()
		if d := time.Since(start); d != 100*time.Millisecond {
			t.Fatalf("50 calls with 1 slot took %v, want 100ms (the waits overlap)", d)
		}
	})
}

// TestResumersFirst: when a slot frees, a call coming back from a wait gets
// it before a call that has not entered, even one that queued earlier.
func TestResumersFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(1)
		ctxA, leaveA, _ := g.Enter(context.Background())
		pA := Pause(ctxA) // A waits for Backlog; its slot is free
		_, leaveB, _ := g.Enter(context.Background())
		var order []string
		var mu sync.Mutex
		note := func(s string) { mu.Lock(); order = append(order, s); mu.Unlock() }
		go func() { // C queues to enter first
			_, leave, _ := g.Enter(context.Background())
			note("C")
			leave()
		}()
		synctest.Wait()
		go func() { // then A's wait ends
			pA.Resume()
			note("A")
			leaveA()
		}()
		synctest.Wait()
		if s := g.Stats(); s.Entering != 1 || s.Resuming != 1 {
			t.Fatalf("stats %+v, want one entering and one resuming", s)
		}
		leaveB()
		synctest.Wait()
		if len(order) != 2 || order[0] != "A" || order[1] != "C" {
			t.Fatalf("order %v, want [A C]", order)
		}
	})
}

// TestEnterCancelled: a call whose context ends while it queues gets an
// error, holds nothing, and does not take the next free slot.
func TestEnterCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(1)
		_, leave, _ := g.Enter(context.Background())
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, l, err := g.Enter(ctx)
			l() // a no-op
			errc <- err
		}()
		synctest.Wait()
		cancel()
		if err := <-errc; err != context.Canceled {
			t.Fatalf("Enter = %v, want context.Canceled", err)
		}
		if s := g.Stats(); s.Entering != 0 || s.InUse != 1 {
			t.Fatalf("stats %+v after the cancelled Enter, want 1 in use, none queued", s)
		}
		leave()
		if s := g.Stats(); s.InUse != 0 {
			t.Fatalf("stats %+v, want the slot back in the pool", s)
		}
	})
}

// TestResumeCancelled: a call whose context ends while it queues to resume
// goes on without a slot; its later Pause, Resume and leave do nothing,
// and the gate's count stays right.
func TestResumeCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(1)
		ctx, cancel := context.WithCancel(context.Background())
		ctx, leave, _ := g.Enter(ctx)
		p := Pause(ctx)
		_, leaveB, _ := g.Enter(context.Background()) // takes the slot
		done := make(chan struct{})
		go func() { p.Resume(); close(done) }()
		synctest.Wait()
		cancel()
		<-done
		if Holding(ctx) {
			t.Fatal("holding a slot after a cancelled Resume")
		}
		Pause(ctx).Resume()
		leave()
		if s := g.Stats(); s.InUse != 1 || s.Resuming != 0 || s.Paused != 0 {
			t.Fatalf("stats %+v, want only B's slot in use", s)
		}
		leaveB()
		if s := g.Stats(); s.InUse != 0 {
			t.Fatalf("stats %+v, want 0 in use", s)
		}
	})
}

// TestOutsideGate: Pause and Resume outside a gated call do nothing.
func TestOutsideGate(t *testing.T) {
	ctx := context.Background()
	Pause(ctx).Resume()
	if Holding(ctx) {
		t.Fatal("Holding outside a gated call")
	}
}

// TestLeaveIdempotent: leave twice, and Resume after leave, give back one
// slot only once.
func TestLeaveIdempotent(t *testing.T) {
	g := New(2)
	ctx, leave, _ := g.Enter(context.Background())
	p := Pause(ctx)
	leave()
	leave()
	p.Resume()
	if s := g.Stats(); s.InUse != 0 || s.Paused != 0 {
		t.Fatalf("stats %+v, want an empty gate", s)
	}
	if Holding(ctx) {
		t.Fatal("holding after leave")
	}
}

// TestFanOutSharesOneSlot is the fan-out deadlock case: a call with 1 slot
// whose parent goroutine keeps the slot while it waits for two children
// (errgroup style, same context), each child waiting for Backlog and then
// working. A naive gate (each Pause releases a slot, each Resume takes one)
// deadlocks here: the second child's release has no slot to give back, or
// a child's Resume waits for the slot its own parent holds until the
// children finish. The call must finish, holding at most one slot.
func TestFanOutSharesOneSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(1)
		ctx, leave, _ := g.Enter(context.Background())
		defer leave()
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Go(func() {
				p := Pause(ctx)
				time.Sleep(time.Duration(10+i) * time.Millisecond)
				p.Resume()
				if s := g.Stats(); s.InUse > 1 {
					t.Errorf("%d slots in use by one call", s.InUse)
				}
			})
		}
		// The parent holds (or re-holds) the slot while it waits.
		wg.Wait()
		if !Holding(ctx) {
			t.Fatal("the call lost its slot after its children finished")
		}
		if s := g.Stats(); s.InUse != 1 || s.Paused != 0 {
			t.Fatalf("stats %+v, want exactly the call's one slot", s)
		}
	})
}

// TestPauseAfter: a wait that ends before its threshold keeps the slot the
// whole time; one that outlasts it gives the slot back at the threshold
// (another call can enter) and takes it again at Stop. Outside a gated
// call PauseAfter is a no-op.
func TestPauseAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(1)
		ctx, leave, err := g.Enter(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer leave()

		short := PauseAfter(ctx, 10*time.Millisecond)
		time.Sleep(5 * time.Millisecond)
		short.Stop()
		time.Sleep(20 * time.Millisecond) // past the threshold: the stopped timer must not pause
		synctest.Wait()
		if !Holding(ctx) || g.Stats().InUse != 1 {
			t.Fatalf("a short wait lost the slot: holding %v, %+v", Holding(ctx), g.Stats())
		}

		long := PauseAfter(ctx, 10*time.Millisecond)
		time.Sleep(11 * time.Millisecond)
		synctest.Wait()
		if Holding(ctx) || g.Stats().InUse != 0 {
			t.Fatalf("a long wait kept the slot: holding %v, %+v", Holding(ctx), g.Stats())
		}
		other, leaveOther, err := g.Enter(context.Background()) // the slot is free for another call
		if err != nil || !Holding(other) {
			t.Fatalf("another call could not enter: %v", err)
		}
		resumed := make(chan struct{})
		go func() { long.Stop(); close(resumed) }()
		synctest.Wait()
		select {
		case <-resumed:
			t.Fatal("Stop resumed while the only slot was held by another call")
		default:
		}
		leaveOther()
		<-resumed
		if !Holding(ctx) {
			t.Fatal("Stop did not take the slot back")
		}

		PauseAfter(context.Background(), time.Millisecond).Stop() // outside a gate: nil, no-op
	})
}
