package v2client_test

// The wait hook with the gateway's work gate (workgate.Hook), end to end.
// The tests live in the external test package so that the client itself
// stays free of the gate.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// gatedServer is a test Backlog and a client of it whose waits go through
// the work gate's hook.
type gatedServer struct {
	mux    *http.ServeMux
	client *v2client.Client
}

// setup starts a test Backlog; the client retries reads 3 times without
// sleeping, and tells workgate.Hook about its waits.
func setup(t *testing.T) *gatedServer {
	t.Helper()
	ts := &gatedServer{mux: http.NewServeMux()}
	srv := httptest.NewServer(ts.mux)
	t.Cleanup(srv.Close)
	c, err := v2client.New(srv.URL,
		v2client.WithRetry(v2client.RetryPolicy{MaxAttempts: 3, BaseBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond, MaxRateLimitWait: time.Minute}),
		v2client.WithWaitHook(workgate.Hook{}))
	if err != nil {
		t.Fatal(err)
	}
	v2client.SetSleep(c, func(ctx context.Context, d time.Duration) error { return ctx.Err() })
	ts.client = c.WithAPIKey("test-api-key")
	return ts
}

func jsonHandler(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// oauthServer is a test Backlog with an OAuth token endpoint that answers
// only while mu is free, and counts its hits.
type oauthServer struct {
	ts        *gatedServer
	mu        sync.Mutex
	current   string
	tokenHits atomic.Int32
}

func newOAuthServer(t *testing.T) *oauthServer {
	o := &oauthServer{ts: setup(t), current: "tok-1"}
	o.ts.mux.HandleFunc("/api/v2/oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		n := o.tokenHits.Add(1)
		body, _ := io.ReadAll(r.Body)
		o.mu.Lock()
		defer o.mu.Unlock()
		if !strings.Contains(string(body), "grant_type=refresh_token") {
			jsonHandler(400, `{"error":"invalid_grant","error_description":"Grant is invalid."}`)(w, r)
			return
		}
		o.current = fmt.Sprintf("tok-%d", n+1)
		fmt.Fprintf(w, `{"token_type":"Bearer","access_token":%q,"expires_in":3600,"refresh_token":"refresh-%d"}`, o.current, n+1)
	})
	o.ts.mux.HandleFunc("/api/v2/", func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		ok := r.Header.Get("Authorization") == "Bearer "+o.current
		o.mu.Unlock()
		if !ok {
			jsonHandler(401, `{"errors":[{"message":"Authentication failure.","code":11,"moreInfo":""}]}`)(w, r)
			return
		}
		io.WriteString(w, `{"id":1,"name":"me"}`)
	})
	return o
}

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
	v2client.SetSleep(ts.client, func(ctx context.Context, d time.Duration) error {
		if g.Stats().InUse != 0 {
			sleptHolding.Store(true)
		}
		return nil
	})
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

// TestTokenRefreshWaitHoldsNoWorkSlot is the token-refresh deadlock case of
// the work gate, with one slot: call A's token expires, so A refreshes it
// (RefreshingTokenSource keeps its lock through the exchange; the exchange
// gives A's slot back); call B of the same user enters on that slot and
// waits for A's refresh. If B kept its slot while waiting, A could never
// take one back to finish, and B would wait for it forever.
func TestTokenRefreshWaitHoldsNoWorkSlot(t *testing.T) {
	o := newOAuthServer(t)
	src := o.ts.client.NewRefreshingTokenSource(v2client.OAuthConfig{ClientID: "cid", ClientSecret: "csecret"},
		v2client.Token{AccessToken: "tok-1", RefreshToken: "refresh-1", Expiry: time.Now().Add(10 * time.Second)})
	c := o.ts.client.WithTokenSource(src)
	g := workgate.New(1)
	o.mu.Lock() // the token endpoint answers only when the test says so
	locked := true
	defer func() {
		if locked {
			o.mu.Unlock()
		}
	}()
	errs := make(chan error, 2)
	call := func() {
		ctx, leave, err := g.Enter(context.Background())
		if err != nil {
			errs <- err
			return
		}
		defer leave()
		_, _, err = c.Users.Myself(ctx)
		errs <- err
	}
	waitFor := func(what string, cond func() bool) {
		deadline := time.Now().Add(5 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("after 5 s: %s (stats %+v)", what, g.Stats())
			}
			time.Sleep(time.Millisecond)
		}
	}
	go call() // A: refreshes
	waitFor("A's refresh reached the token endpoint", func() bool { return o.tokenHits.Load() == 1 })
	go call() // B: waits for A's refresh
	waitFor("both calls wait without a slot", func() bool { s := g.Stats(); return s.Paused == 2 && s.InUse == 0 })
	o.mu.Unlock()
	locked = false
	for range 2 {
		select {
		case err := <-errs:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("a call did not finish (stats %+v)", g.Stats())
		}
	}
}

// TestBodyIsReadHoldingTheSlot: the slot is taken back when the answer's
// headers arrive, before its body is read, so that calls queued to resume
// do not each hold a whole answer in memory (the body waits in the
// socket). Here the body is late: the call holds its slot while it waits
// for it.
func TestBodyIsReadHoldingTheSlot(t *testing.T) {
	ts := setup(t)
	g := workgate.New(1)
	headersSent, sendBody := make(chan struct{}), make(chan struct{})
	ts.mux.HandleFunc("/api/v2/priorities", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		close(headersSent)
		<-sendBody
		w.Write([]byte(`[{"id":2,"name":"High"}]`))
	})
	ctx, leave, _ := g.Enter(context.Background())
	defer leave()
	done := make(chan error, 1)
	go func() { _, _, err := ts.client.Priorities.List(ctx); done <- err }()
	<-headersSent
	deadline := time.Now().Add(5 * time.Second)
	for !workgate.Holding(ctx) {
		if time.Now().After(deadline) {
			close(sendBody)
			t.Fatalf("the call did not take its slot back when the headers arrived (stats %+v)", g.Stats())
		}
		time.Sleep(time.Millisecond)
	}
	close(sendBody)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestStalledBodyGivesTheWorkSlotBack: an answer whose headers arrive but
// whose body stalls (a slow link, a stuck Backlog) must not hold the call's
// work slot for the stall: with one slot, while the body is stalled the
// call holds no slot and another call enters; the first call still decodes
// the whole answer and holds its slot again afterwards.
func TestStalledBodyGivesTheWorkSlotBack(t *testing.T) {
	ts := setup(t)
	g := workgate.New(1)
	flushed, release := make(chan struct{}), make(chan struct{})
	ts.mux.HandleFunc("/api/v2/priorities", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[{"id":2,`))
		w.(http.Flusher).Flush()
		close(flushed)
		<-release // the rest of the body comes when the test says so
		w.Write([]byte(`"name":"High"}]`))
	})
	ctx, leave, err := g.Enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	type result struct {
		l   []v2client.Priority
		err error
	}
	done := make(chan result, 1)
	go func() {
		l, _, err := ts.client.Priorities.List(ctx)
		done <- result{l, err}
	}()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	<-flushed
	// The headers are back well within this; the call then reads the
	// stalled body, first holding its slot, then (after BodyStall) not.
	time.Sleep(20 * v2client.BodyStall)
	deadline := time.Now().Add(5 * time.Second)
	for st := g.Stats(); st.InUse != 0 || st.Paused != 1; st = g.Stats() {
		if time.Now().After(deadline) {
			t.Fatalf("the call holds its work slot through a stalled body: %+v", st)
		}
		time.Sleep(time.Millisecond)
	}
	_, leaveOther, err := g.Enter(context.Background()) // the slot is free for another call
	if err != nil {
		t.Fatal(err)
	}
	close(release)
	leaveOther()
	r := <-done
	if r.err != nil || len(r.l) != 1 || r.l[0].Name != "High" {
		t.Fatalf("List = %+v, %v", r.l, r.err)
	}
	if !workgate.Holding(ctx) {
		t.Fatal("the call does not hold its slot again after the stalled read")
	}
}
