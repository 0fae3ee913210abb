package workgate

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// TestHookPause: Hook.Pause gives the call's slot back and its resume takes
// it again; outside a gated call both do nothing.
func TestHookPause(t *testing.T) {
	g := New(1)
	ctx, leave, err := g.Enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	resume := Hook{}.Pause(ctx)
	if s := g.Stats(); s.InUse != 0 || s.Paused != 1 || Holding(ctx) {
		t.Fatalf("paused: %+v, holding %v", s, Holding(ctx))
	}
	resume()
	if s := g.Stats(); s.InUse != 1 || s.Paused != 0 || !Holding(ctx) {
		t.Fatalf("resumed: %+v, holding %v", s, Holding(ctx))
	}
	Hook{}.Pause(context.Background())() // outside a gated call
	if s := g.Stats(); s.InUse != 1 || s.Paused != 0 {
		t.Fatalf("a wait outside the gate changed it: %+v", s)
	}
}

// TestHookPauseAfter: Hook.PauseAfter pauses the call only once d has
// passed without stop, and stop resumes it; outside a gated call it does
// nothing.
func TestHookPauseAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(1)
		ctx, leave, err := g.Enter(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer leave()
		Hook{}.PauseAfter(ctx, 10*time.Millisecond)() // stopped in time
		time.Sleep(20 * time.Millisecond)
		synctest.Wait()
		if s := g.Stats(); s.InUse != 1 || s.Paused != 0 {
			t.Fatalf("a wait stopped in time paused the call: %+v", s)
		}
		stop := Hook{}.PauseAfter(ctx, 10*time.Millisecond)
		time.Sleep(20 * time.Millisecond)
		synctest.Wait()
		if s := g.Stats(); s.InUse != 0 || s.Paused != 1 {
			t.Fatalf("a wait past d did not pause the call: %+v", s)
		}
		stop()
		if s := g.Stats(); s.InUse != 1 || s.Paused != 0 || !Holding(ctx) {
			t.Fatalf("stop did not resume the call: %+v", s)
		}
		Hook{}.PauseAfter(context.Background(), time.Millisecond)()
	})
}
