package httpapi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"golang.org/x/crypto/bcrypt"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"
)

// flagWriter records whether anything was written, and can block its Write
// (a client reading its answer slowly).
type flagWriter struct {
	header  http.Header
	wrote   atomic.Bool
	block   chan struct{} // nil: never blocks
	written strings.Builder
}

func newFlagWriter() *flagWriter { return &flagWriter{header: http.Header{}} }

func (w *flagWriter) Header() http.Header { return w.header }
func (w *flagWriter) WriteHeader(int)     { w.wrote.Store(true) }
func (w *flagWriter) Write(b []byte) (int, error) {
	w.wrote.Store(true)
	if w.block != nil {
		<-w.block
	}
	return w.written.Write(b)
}

// TestGateWorkSlowBodyHoldsNoSlot: with one slot, a request whose body has
// not arrived yet does not hold it: a second request is served meanwhile.
// (Entering before reading the body would let a few slow senders stall
// every call.)
func TestGateWorkSlowBodyHoldsNoSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := workgate.New(1)
		var bodies []string
		h := gateWork(g, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !workgate.Holding(r.Context()) {
				t.Error("handler runs without a slot")
			}
			b, _ := io.ReadAll(r.Body)
			bodies = append(bodies, string(b)) // one at a time: one slot
			w.Write([]byte("ok"))
		}))
		pr, pw := io.Pipe()
		slow := httptest.NewRequest(http.MethodPost, "/XML-RPC", pr)
		slowDone := make(chan struct{})
		go func() { h.ServeHTTP(newFlagWriter(), slow); close(slowDone) }()
		pw.Write([]byte("slow-")) // part of the body; the rest is late
		synctest.Wait()
		if s := g.Stats(); s.InUse != 0 {
			t.Fatalf("a request still sending its body holds a slot: %+v", s)
		}
		fast := newFlagWriter()
		h.ServeHTTP(fast, httptest.NewRequest(http.MethodPost, "/XML-RPC", strings.NewReader("fast")))
		if fast.written.String() != "ok" {
			t.Fatal("the second request was not served while the first sent its body")
		}
		pw.Write([]byte("body"))
		pw.Close()
		<-slowDone
		if len(bodies) != 2 || bodies[0] != "fast" || bodies[1] != "slow-body" {
			t.Fatalf("bodies seen by the handler: %q", bodies)
		}
	})
}

// TestGateWorkLeavesBeforeTheAnswerIsWritten: a client that reads its
// answer slowly does not hold the slot while its answer is written.
func TestGateWorkLeavesBeforeTheAnswerIsWritten(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := workgate.New(1)
		h := gateWork(g, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			w.Write([]byte("answer"))
		}))
		slow := newFlagWriter()
		slow.block = make(chan struct{})
		done := make(chan struct{})
		go func() {
			h.ServeHTTP(slow, httptest.NewRequest(http.MethodPost, "/XML-RPC", strings.NewReader("a")))
			close(done)
		}()
		synctest.Wait() // blocked in its Write
		if s := g.Stats(); s.InUse != 0 {
			t.Fatalf("a call writing its answer holds a slot: %+v", s)
		}
		other := newFlagWriter()
		h.ServeHTTP(other, httptest.NewRequest(http.MethodPost, "/XML-RPC", strings.NewReader("b")))
		if other.written.String() != "answer" {
			t.Fatal("the second call was not served")
		}
		close(slow.block)
		<-done
	})
}

// TestGateWorkCancelledWhileQueued: a request whose context ends while it
// waits for a slot never reaches the handler and gets no answer (as with
// limitInFlight), and the slot count stays right.
func TestGateWorkCancelledWhileQueued(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := workgate.New(1)
		release := make(chan struct{})
		var entered atomic.Int32
		h := gateWork(g, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			entered.Add(1)
			<-release
		}))
		go h.ServeHTTP(newFlagWriter(), httptest.NewRequest(http.MethodPost, "/XML-RPC", strings.NewReader("a")))
		synctest.Wait()
		ctx, cancel := context.WithCancel(context.Background())
		w := newFlagWriter()
		done := make(chan struct{})
		go func() {
			h.ServeHTTP(w, httptest.NewRequestWithContext(ctx, http.MethodPost, "/XML-RPC", strings.NewReader("b")))
			close(done)
		}()
		synctest.Wait()
		if s := g.Stats(); s.Entering != 1 {
			t.Fatalf("stats %+v, want one request queued", s)
		}
		cancel()
		<-done
		if entered.Load() != 1 || w.wrote.Load() {
			t.Fatalf("cancelled request: handler entered %d times, answer written %v", entered.Load(), w.wrote.Load())
		}
		close(release)
		synctest.Wait()
		if s := g.Stats(); s.InUse != 0 || s.Entering != 0 {
			t.Fatalf("stats %+v, want an empty gate", s)
		}
	})
}

// TestGateWorkKeepsTheBodyLimitError: a body over the limit is read before
// the gate, and the handler still sees *http.MaxBytesError where it reads
// (the xmlrpc server answers 413 from it).
func TestGateWorkKeepsTheBodyLimitError(t *testing.T) {
	g := workgate.New(1)
	var got error
	var read string
	h := middleware.RequestSize(8)(gateWork(g, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		read, got = string(b), err
	})))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/XML-RPC", strings.NewReader("0123456789abcdef")))
	var mbe *http.MaxBytesError
	if !errors.As(got, &mbe) || read != "01234567" {
		t.Fatalf("handler read %q, error %v; want the first 8 bytes and *http.MaxBytesError", read, got)
	}
}

// TestNewHandlerGateInsideInFlightLimit: wired by NewHandler with both
// limits, a call waiting for a --max-in-flight slot holds no work slot (the
// other order would deadlock: in-flight slots held by calls paused for
// Backlog that need a work slot to resume, work slots held by calls queued
// for an in-flight slot). The call in progress can pause and resume while
// another queues, and the handler runs holding a work slot.
func TestNewHandlerGateInsideInFlightLimit(t *testing.T) {
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	set, _ := auth.NewCredentialSet([]auth.Credential{{Login: "alice", PasswordHash: string(hash), APIKey: "K"}})
	synctest.Test(t, func(t *testing.T) {
		g := workgate.New(1)
		release := make(chan struct{})
		var held atomic.Int32
		h := NewHandler(Config{
			XMLRPC: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if workgate.Holding(r.Context()) {
					held.Add(1)
				}
				p := workgate.Pause(r.Context()) // waits for Backlog
				<-release
				p.Resume()
				w.Write([]byte("ok"))
			}),
			Guard:       &auth.Guard{Auth: auth.NewStaticAuthenticator(set, time.Minute, nil), Logger: slog.New(slog.DiscardHandler)},
			Logger:      slog.New(slog.DiscardHandler),
			MaxInFlight: 1,
			WorkGate:    g,
		})
		codes := make(chan int, 2)
		for range 2 {
			go func() { codes <- do(h, "POST", "/XML-RPC", "x", true, nil).Code }()
		}
		synctest.Wait()
		if s := g.Stats(); s.InUse != 0 || s.Paused != 1 || s.Entering != 0 {
			t.Fatalf("stats %+v: one call paused, the other queued for in-flight holding no work slot", s)
		}
		close(release)
		if a, b := <-codes, <-codes; a != 200 || b != 200 {
			t.Fatalf("codes %d, %d", a, b)
		}
		if held.Load() != 2 {
			t.Fatalf("%d of 2 calls ran holding a work slot", held.Load())
		}
	})
}
