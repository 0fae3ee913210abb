package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"
)

// TestCallDeadline: the handler's context carries the deadline; a
// non-positive duration adds none.
func TestCallDeadline(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want bool
	}{{2 * time.Second, true}, {0, false}} {
		var has bool
		var left time.Duration
		h := callDeadline(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			var dl time.Time
			dl, has = r.Context().Deadline()
			left = time.Until(dl)
		}), tc.d)
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/XML-RPC", nil))
		if has != tc.want || (has && (left <= 0 || left > tc.d)) {
			t.Errorf("d=%v: deadline %v (%v left), want %v", tc.d, has, left, tc.want)
		}
	}
	for wt, want := range map[time.Duration]time.Duration{
		2 * time.Minute: 2*time.Minute - 5*time.Second,
		3 * time.Second: 2700 * time.Millisecond,
	} {
		if got := CallBudget(wt); got != want {
			t.Errorf("CallBudget(%v) = %v, want %v", wt, got, want)
		}
	}
}

type ctxKey struct{}

// TestLazyDeadline: the call deadline behaves as context.WithDeadline for
// every observer (Deadline, Err, Done, children, values), while a call that
// never asks for Done starts no timer.
func TestLazyDeadline(t *testing.T) {
	parent := context.WithValue(context.Background(), ctxKey{}, "v")
	t.Run("never waited on: no timer, deadline and values visible, cancelled on release", func(t *testing.T) {
		c := newLazyDeadline(parent, time.Now().Add(time.Hour))
		if dl, ok := c.Deadline(); !ok || time.Until(dl) < 59*time.Minute {
			t.Fatalf("Deadline = %v, %v", dl, ok)
		}
		if c.Err() != nil || c.Value(ctxKey{}) != "v" {
			t.Fatalf("Err %v, Value %v", c.Err(), c.Value(ctxKey{}))
		}
		c.release()
		if c.armed.Load() != nil {
			t.Fatal("a timer was started")
		}
		if c.Err() != context.Canceled {
			t.Fatalf("after release: Err %v", c.Err())
		}
		select {
		case <-c.Done():
		default:
			t.Fatal("Done still open after release")
		}
	})
	t.Run("past deadline seen by Err without a timer", func(t *testing.T) {
		c := newLazyDeadline(parent, time.Now().Add(-time.Millisecond))
		defer c.release()
		if c.Err() != context.DeadlineExceeded || c.armed.Load() != nil {
			t.Fatalf("Err %v, armed %v", c.Err(), c.armed.Load() != nil)
		}
	})
	t.Run("Done fires at the deadline", func(t *testing.T) {
		c := newLazyDeadline(parent, time.Now().Add(20*time.Millisecond))
		defer c.release()
		select {
		case <-c.Done():
		case <-time.After(10 * time.Second):
			t.Fatal("Done not closed 10 s after a 20 ms deadline")
		}
		if c.Err() != context.DeadlineExceeded || c.Value(ctxKey{}) != "v" {
			t.Fatalf("Err %v, Value %v", c.Err(), c.Value(ctxKey{}))
		}
	})
	t.Run("parent cancelled", func(t *testing.T) {
		p, cancel := context.WithCancel(parent)
		c := newLazyDeadline(p, time.Now().Add(time.Hour))
		defer c.release()
		cancel()
		if c.Err() != context.Canceled {
			t.Fatalf("Err %v", c.Err())
		}
		<-c.Done()
	})
	t.Run("parent deadline earlier", func(t *testing.T) {
		p, cancel := context.WithTimeout(parent, time.Minute)
		defer cancel()
		c := newLazyDeadline(p, time.Now().Add(time.Hour))
		defer c.release()
		if dl, _ := c.Deadline(); time.Until(dl) > time.Minute {
			t.Fatalf("Deadline %v: later than the parent's", dl)
		}
	})
	t.Run("children are cancelled with it, without a goroutine each", func(t *testing.T) {
		c := newLazyDeadline(parent, time.Now().Add(time.Hour))
		before := runtime.NumGoroutine()
		var children []context.Context
		for range 50 {
			child, cancel := context.WithCancel(c)
			defer cancel()
			children = append(children, child)
		}
		if n := runtime.NumGoroutine(); n > before+5 {
			t.Fatalf("%d goroutines after 50 children (%d before): one per child", n, before)
		}
		c.release()
		for i, child := range children {
			select {
			case <-child.Done():
			case <-time.After(10 * time.Second):
				t.Fatalf("child %d not cancelled", i)
			}
		}
	})
}
