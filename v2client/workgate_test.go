package v2client

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/workgate"
)

// TestExchangeGivesTheWorkSlotBack: while a call's request is with Backlog
// (every attempt of a retried read, and the back-off sleeps between them)
// the call holds no work slot, so waiting calls do not cap throughput; it
// holds its slot again when the answer is back, to decode it.
func TestExchangeGivesTheWorkSlotBack(t *testing.T) {
	ts := setup(t)
	g := workgate.New(1)
	var attempts, heldDuring atomic.Int32
	ts.mux.HandleFunc("/api/v2/priorities", func(w http.ResponseWriter, r *http.Request) {
		if g.Stats().InUse != 0 {
			heldDuring.Add(1)
		}
		if attempts.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // retried
			return
		}
		jsonHandler(200, `[{"id":2,"name":"High"}]`)(w, r)
	})
	var sleptHolding atomic.Bool
	sleep := ts.client.sleep
	ts.client.sleep = func(ctx context.Context, d time.Duration) error {
		if g.Stats().InUse != 0 {
			sleptHolding.Store(true)
		}
		sleep(ctx, d)
		return nil
	}
	ctx, leave, err := g.Enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	l, _, err := ts.client.Priorities.List(ctx)
	if err != nil || len(l) != 1 {
		t.Fatalf("List = %v, %v", l, err)
	}
	if attempts.Load() != 2 || heldDuring.Load() != 0 || sleptHolding.Load() {
		t.Fatalf("%d attempts, %d with the slot held, back-off with the slot held: %v", attempts.Load(), heldDuring.Load(), sleptHolding.Load())
	}
	if !workgate.Holding(ctx) {
		t.Fatal("the call does not hold its slot again after the exchange")
	}
}
