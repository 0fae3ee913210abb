package v2client

import (
	"context"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"
)

// recordingHook is a WaitHook that records the waits it is told about and
// whether a wait is in progress.
type recordingHook struct {
	mu      sync.Mutex
	events  []string
	waiting int
}

func (h *recordingHook) record(e string, d int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.events = append(h.events, e)
	h.waiting += d
}

func (h *recordingHook) inWait() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.waiting > 0
}

func (h *recordingHook) Pause(ctx context.Context) func() {
	h.record("pause", 1)
	return func() { h.record("resume", -1) }
}

func (h *recordingHook) PauseAfter(ctx context.Context, d time.Duration) func() {
	if d != bodyStall {
		h.record("pauseAfter "+d.String(), 0)
	} else {
		h.record("pauseAfter bodyStall", 0)
	}
	return func() { h.record("stop", 0) }
}

// TestWaitHookAroundExchangeAndBackoff: each attempt's exchange until the
// headers and each back-off sleep are a Pause; each body read is a
// PauseAfter(bodyStall); every wait is over when the call returns.
func TestWaitHookAroundExchangeAndBackoff(t *testing.T) {
	h := &recordingHook{}
	ts := setup(t, WithWaitHook(h))
	attempts := 0
	ts.mux.HandleFunc("/api/v2/priorities", func(w http.ResponseWriter, r *http.Request) {
		if !h.inWait() {
			t.Error("the request reached Backlog outside a wait")
		}
		if attempts++; attempts == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // retried
			return
		}
		jsonHandler(200, `[{"id":2,"name":"High"}]`)(w, r)
	})
	sleep := ts.client.sleep
	ts.client.sleep = func(ctx context.Context, d time.Duration) error {
		if !h.inWait() {
			t.Error("back-off outside a wait")
		}
		return sleep(ctx, d)
	}
	l, _, err := ts.client.Priorities.List(context.Background())
	if err != nil || len(l) != 1 {
		t.Fatalf("List = %v, %v", l, err)
	}
	want := []string{
		"pause", "resume", "pauseAfter bodyStall", "stop", // attempt 1: 503
		"pause", "resume", // back-off
		"pause", "resume", "pauseAfter bodyStall", "stop", // attempt 2
	}
	if !reflect.DeepEqual(h.events, want) || h.inWait() {
		t.Fatalf("waits %q (in a wait after the call: %v), want %q", h.events, h.inWait(), want)
	}
}

// TestWaitHookAroundTokenSource: asking the token source for a token is a
// wait (it may wait for another call's refresh).
func TestWaitHookAroundTokenSource(t *testing.T) {
	h := &recordingHook{}
	ts := setup(t, WithWaitHook(h))
	ts.mux.HandleFunc("/api/v2/users/myself", jsonHandler(200, `{"id":1,"name":"me"}`))
	if _, _, err := ts.client.WithTokenSource(StaticToken("tok-1")).Users.Myself(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{"pause", "resume", "pause", "resume", "pauseAfter bodyStall", "stop"}
	if !reflect.DeepEqual(h.events, want) {
		t.Fatalf("waits %q, want %q", h.events, want)
	}
}

// TestNoWaitHook: without WithWaitHook the client pauses nothing and works.
func TestNoWaitHook(t *testing.T) {
	ts := setup(t)
	if ts.client.wait != nil {
		t.Fatal("a client made without WithWaitHook has a hook")
	}
	ts.mux.HandleFunc("/api/v2/priorities", jsonHandler(200, `[{"id":2,"name":"High"}]`))
	if l, _, err := ts.client.Priorities.List(context.Background()); err != nil || len(l) != 1 {
		t.Fatalf("List = %v, %v", l, err)
	}
}
