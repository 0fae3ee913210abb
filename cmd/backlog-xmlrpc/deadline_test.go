package main

import (
	"net/http"
	"net/http/httptest"
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
		if got := callBudget(wt); got != want {
			t.Errorf("callBudget(%v) = %v, want %v", wt, got, want)
		}
	}
}
