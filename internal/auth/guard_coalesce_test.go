package auth

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestParallelFirstCallsShareOneCheck: a client's parallel first calls
// (same login, password and address, nothing cached yet) are one attempt:
// all succeed, with one password check, where each used to reserve its own
// attempt and all but the login's 5 were refused 429 as if they were
// guesses. The check is held until every request has reached the guard.
func TestParallelFirstCallsShareOneCheck(t *testing.T) {
	const n = 30
	set, err := NewCredentialSet([]Credential{{Login: "alice", PasswordHash: hash(t, "right-pw"), APIKey: "K"}})
	if err != nil {
		t.Fatal(err)
	}
	a := NewStaticAuthenticator(set, time.Hour, nil)
	var arrived, checked atomic.Int32
	all := make(chan struct{})
	inner := a.compare
	a.compare = func(h, pw []byte) error {
		checked.Add(1)
		<-all
		return inner(h, pw)
	}
	g := &Guard{Auth: a, Limiter: NewLimiter(LimiterConfig{}), Logger: slog.New(slog.DiscardHandler),
		ClientAddr: func(r *http.Request) string {
			if arrived.Add(1) == n {
				close(all)
			}
			return "192.0.2.7"
		}}
	h := g.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r := httptest.NewRequest("POST", "/XML-RPC", nil)
			r.SetBasicAuth("alice", "right-pw")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			codes[i] = w.Code
		})
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("call %d: HTTP %d, want 200", i, c)
		}
	}
	if c := checked.Load(); c != 1 {
		t.Errorf("%d password checks for %d identical attempts, want 1", c, n)
	}
}
