package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

// TestLimitInFlight: with a limit of 2, a third request waits until one of
// the two running finishes; a waiting request whose context ends leaves
// without reaching the handler.
func TestLimitInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var entered, running, peak atomic.Int32
		release := make(chan struct{})
		h := limitInFlight(2, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			entered.Add(1)
			n := running.Add(1)
			if n > peak.Load() {
				peak.Store(n)
			}
			<-release
			running.Add(-1)
		}))
		serve := func(ctx context.Context) {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(ctx, http.MethodPost, "/XML-RPC", nil))
		}
		for range 3 {
			go serve(context.Background())
		}
		synctest.Wait()
		if got := entered.Load(); got != 2 {
			t.Fatalf("%d requests in the handler, want 2", got)
		}
		ctx, cancel := context.WithCancel(context.Background())
		gone := make(chan struct{})
		go func() { serve(ctx); close(gone) }()
		synctest.Wait()
		cancel()
		<-gone // left without a slot
		if got := entered.Load(); got != 2 {
			t.Fatalf("a cancelled waiter reached the handler (%d)", got)
		}
		release <- struct{}{}
		synctest.Wait()
		if got := entered.Load(); got != 3 {
			t.Fatalf("%d requests entered after one finished, want 3", got)
		}
		close(release)
		synctest.Wait()
		if peak.Load() != 2 {
			t.Fatalf("peak %d requests at once, want 2", peak.Load())
		}
	})
}
