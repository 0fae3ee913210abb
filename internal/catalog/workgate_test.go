package catalog

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// TestSharedFetchWaitHoldsNoWorkSlot is the single-flight deadlock case of
// the work gate, with one slot: call A misses and fetches (its Backlog
// exchange gives the slot back); call B enters on that slot, misses the
// same entry and waits for A's fetch. If B kept its slot while waiting, A
// could never take one back to finish its fetch, and B would wait forever.
// Both must finish, and each must hold its slot again afterwards.
func TestSharedFetchWaitHoldsNoWorkSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New(time.Minute, nil)
		g := workgate.New(1)
		upstream := make(chan struct{})
		fetch := func(ctx context.Context) func() ([]v2client.Priority, error) {
			return func() ([]v2client.Priority, error) {
				p := workgate.Pause(ctx) // what v2client does around an exchange
				<-upstream
				p.Resume()
				return []v2client.Priority{{ID: 2, Name: "高"}}, nil
			}
		}
		var wg sync.WaitGroup
		call := func() {
			ctx, leave, err := g.Enter(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			defer leave()
			l, err := cached(ctx, c, entryKey{Priorities, 0}, fetch(ctx))
			if err != nil || len(l) != 1 || l[0].ID != 2 {
				t.Errorf("got %v, %v", l, err)
			}
			if !workgate.Holding(ctx) {
				t.Error("the call goes on without its slot after the catalog")
			}
		}
		wg.Go(call) // A: fetches
		synctest.Wait()
		wg.Go(call) // B: joins A's fetch
		synctest.Wait()
		if s := g.Stats(); s.InUse != 0 || s.Paused != 2 {
			t.Fatalf("stats %+v: both calls must wait without a slot", s)
		}
		close(upstream)
		wg.Wait()
		if s := g.Stats(); s.InUse != 0 || s.Paused != 0 {
			t.Fatalf("stats %+v after both calls, want an empty gate", s)
		}
	})
}
