package auth

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// TestConcurrentGuessesReserveAttempts fires 100 concurrent wrong passwords
// for one login from one address through the real Guard and
// FileAuthenticator. Each password check blocks on a barrier until every
// request has either reached a check or been refused, so all 100 overlap
// whatever the scheduler does. At most the login's allowance (5) may be
// checked; the right password, sent while those checks are running and
// again after they failed, is refused, with the pair verified and cached
// beforehand and without.
func TestConcurrentGuessesReserveAttempts(t *testing.T) {
	for _, warm := range []bool{false, true} {
		t.Run(fmt.Sprintf("cached=%v", warm), func(t *testing.T) {
			set, err := NewCredentialSet([]Credential{{Login: "alice", PasswordHash: hash(t, "right-pw"), APIKey: "K"}})
			if err != nil {
				t.Fatal(err)
			}
			a := NewStaticAuthenticator(set, time.Hour, nil)
			release := make(chan struct{})
			settled := make(chan string, 200) // a guess reached a check, or was refused without one
			var entered sync.Map
			var checked atomic.Int32
			inner := a.compare
			a.compare = func(h, pw []byte) error {
				if strings.HasPrefix(string(pw), "guess-") {
					checked.Add(1)
					entered.Store(string(pw), true)
					settled <- string(pw)
					<-release
				}
				return inner(h, pw)
			}
			g := &Guard{Auth: a, Limiter: NewLimiter(LimiterConfig{}), Logger: slog.New(slog.DiscardHandler)}
			h := g.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
			do := func(pw string) int {
				r := httptest.NewRequest("POST", "/XML-RPC", nil)
				r.RemoteAddr = "192.0.2.7:4000"
				r.SetBasicAuth("alice", pw)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				return w.Code
			}
			if warm {
				if st := do("right-pw"); st != 200 {
					t.Fatalf("priming the cache: %d", st)
				}
			}

			const n = 100
			var wg sync.WaitGroup
			var mu sync.Mutex
			statuses := map[int]int{}
			for i := range n {
				pw := fmt.Sprintf("guess-%d", i)
				wg.Go(func() {
					st := do(pw)
					mu.Lock()
					statuses[st]++
					mu.Unlock()
					if _, ok := entered.Load(pw); !ok {
						settled <- pw
					}
				})
			}
			for range n {
				<-settled
			}
			// Every guess is now either being checked (blocked) or refused.
			inFlight := checked.Load()
			rightDuring := do("right-pw")
			close(release)
			wg.Wait()
			rightAfter := do("right-pw")

			if inFlight > 5 || checked.Load() > 5 {
				t.Errorf("%d of %d concurrent wrong passwords checked at once (%d in all), want at most 5 (the login allowance)", inFlight, n, checked.Load())
			}
			if statuses[401] != int(checked.Load()) || statuses[429] != n-int(checked.Load()) {
				t.Errorf("statuses %v with %d checked: want one 401 per check and 429 for the rest", statuses, checked.Load())
			}
			if rightDuring != http.StatusTooManyRequests {
				t.Errorf("right password while the guesses were being checked: %d, want 429", rightDuring)
			}
			if rightAfter != http.StatusTooManyRequests {
				t.Errorf("right password after the failed guesses: %d, want 429", rightAfter)
			}
		})
	}
}

// TestLimiterMemoryPerEntryBounded: the limiter keeps a fixed-size digest per
// login, never the login: 1000 failures with distinct 45 KB logins retain
// well under 1 KiB per entry (keeping the logins would retain 45 KB each).
func TestLimiterMemoryPerEntryBounded(t *testing.T) {
	const n, size = 1000, 45 << 10
	l := NewLimiter(LimiterConfig{MaxEntries: 2 * n})
	pad := strings.Repeat("x", size)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		login := fmt.Sprintf("%08d", i) + pad // a fresh 45 KB string each time
		l.Failure(login, "192.0.2.9")
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if got := l.logins.len(); got != n {
		t.Fatalf("%d login entries, want %d", got, n)
	}
	retained := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if per := retained / n; per >= 1024 {
		t.Fatalf("limiter retains %d bytes per failed login of %d bytes (%d in all), want < 1 KiB", per, size, retained)
	}
	runtime.KeepAlive(l)
}

// TestGuardRefusesOversizedLoginBeforeWork: a login or password over the
// limits is refused with 401 before the limiter or the authenticator see it.
func TestGuardRefusesOversizedLoginBeforeWork(t *testing.T) {
	set, err := NewCredentialSet([]Credential{{Login: "alice", PasswordHash: hash(t, "pw"), APIKey: "K"}})
	if err != nil {
		t.Fatal(err)
	}
	a := NewStaticAuthenticator(set, time.Hour, nil)
	var checks atomic.Int32
	inner := a.compare
	a.compare = func(h, pw []byte) error { checks.Add(1); return inner(h, pw) }
	l := NewLimiter(LimiterConfig{})
	h := (&Guard{Auth: a, Limiter: l, Logger: slog.New(slog.DiscardHandler)}).Middleware(http.NotFoundHandler())
	for _, c := range [][2]string{{strings.Repeat("L", 45<<10), "pw"}, {"alice", strings.Repeat("p", 2000)}} {
		r := httptest.NewRequest("POST", "/XML-RPC", nil)
		r.SetBasicAuth(c[0], c[1])
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusUnauthorized {
			t.Fatalf("login of %d bytes, password of %d: HTTP %d, want 401", len(c[0]), len(c[1]), w.Code)
		}
	}
	if checks.Load() != 0 || l.logins.len() != 0 || l.addrs.len() != 0 {
		t.Fatalf("oversized credentials cost work: %d checks, %d login and %d address entries", checks.Load(), l.logins.len(), l.addrs.len())
	}
}

// TestGuardLimitedAddressCachedPassword: behind an address limited by a
// neighbour's failures (one NAT address), a user whose right password is in
// the verified cache still gets in; an uncached password is refused (429)
// without a check; each such refused miss costs its login a token, so the
// cache is no free oracle, and a limited login is refused even cached.
func TestGuardLimitedAddressCachedPassword(t *testing.T) {
	set, err := NewCredentialSet([]Credential{
		{Login: "alice", PasswordHash: hash(t, "alice-pw"), APIKey: "KA"},
		{Login: "bob", PasswordHash: hash(t, "bob-pw"), APIKey: "KB"},
	})
	if err != nil {
		t.Fatal(err)
	}
	a := NewStaticAuthenticator(set, time.Hour, nil)
	var checks atomic.Int32
	inner := a.compare
	a.compare = func(h, pw []byte) error { checks.Add(1); return inner(h, pw) }
	clk := newClock()
	g := &Guard{Auth: a, Limiter: NewLimiter(LimiterConfig{LoginBurst: 3, AddrBurst: 2, Now: clk.Now}), Logger: slog.New(slog.DiscardHandler)}
	h := g.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	do := func(login, pw string) int {
		r := httptest.NewRequest("POST", "/XML-RPC", nil)
		r.RemoteAddr = "198.51.100.1:5000"
		r.SetBasicAuth(login, pw)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	steps := []struct {
		login, pw  string
		want       int
		wantChecks int32
	}{
		{"alice", "alice-pw", 200, 1}, // verified and cached
		{"mallory1", "x", 401, 2},     // a neighbour's failures limit the address
		{"mallory2", "x", 401, 3},
		{"alice", "alice-pw", 200, 3}, // cached: passes the address limit, no check
		{"bob", "bob-pw", 429, 3},     // right but not cached: refused, not checked
		{"alice", "guess1", 429, 3},   // cache misses: refused, each costs alice a token
		{"alice", "guess2", 429, 3},
		{"alice", "alice-pw", 200, 3}, // one token left: still in
		{"alice", "guess3", 429, 3},
		{"alice", "alice-pw", 429, 3}, // alice is limited now: refused even cached
	}
	for i, s := range steps {
		if got := do(s.login, s.pw); got != s.want || checks.Load() != s.wantChecks {
			t.Fatalf("step %d (%s): HTTP %d after %d checks, want %d after %d", i, s.login, got, checks.Load(), s.want, s.wantChecks)
		}
	}
}

// TestGuardLogsNoUnknownLogin: a refused login that the credentials file does
// not know (often a password typed into the login field) is logged only as
// its length and a keyed digest; a known login is logged as is.
func TestGuardLogsNoUnknownLogin(t *testing.T) {
	set, err := NewCredentialSet([]Credential{{Login: "alice", PasswordHash: hash(t, "pw"), APIKey: "K"}})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	g := &Guard{Auth: NewStaticAuthenticator(set, time.Hour, nil), Limiter: NewLimiter(LimiterConfig{LoginBurst: 1}),
		Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	h := g.Middleware(http.NotFoundHandler())
	typedPassword := "Tr0ub4dor&3-typed-in-the-login-field"
	for _, c := range [][2]string{{typedPassword, "x"}, {typedPassword, "x"}, {"alice", "wrong"}, {"alice", "wrong"}} {
		r := httptest.NewRequest("POST", "/XML-RPC", nil)
		r.SetBasicAuth(c[0], c[1])
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	out := logs.String()
	if strings.Contains(out, typedPassword[:8]) {
		t.Fatalf("an unknown login is logged as is:\n%s", out)
	}
	want := fmt.Sprintf(`"unknown_login":{"bytes":%d,"digest":"%s"}`, len(typedPassword), loginDigest(typedPassword))
	if strings.Count(out, want) != 3 { // refused, limited, refused while limited
		t.Fatalf("want 3 lines with %s:\n%s", want, out)
	}
	if !strings.Contains(out, `"msg":"login refused: bad credentials","login":"alice"`) {
		t.Fatalf("a known login is not logged as is:\n%s", out)
	}
}

// TestFailedLoginCostsTheSameBcryptWork counts the bcrypt work (2^cost per
// compare) each refusal pays, with entries of different costs: an unknown
// login, a wrong password for the cheapest entry and one for the dearest all
// pay the work of the file's highest cost, so timing does not tell which
// logins exist.
func TestFailedLoginCostsTheSameBcryptWork(t *testing.T) {
	hashAt := func(pw string, cost int) string {
		h, err := HashPassword(pw, cost)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	set, err := NewCredentialSet([]Credential{
		{Login: "cheap", PasswordHash: hashAt("pw", 4), APIKey: "K1"},
		{Login: "dear", PasswordHash: hashAt("pw", 7), APIKey: "K2"},
	})
	if err != nil {
		t.Fatal(err)
	}
	a := NewStaticAuthenticator(set, time.Hour, nil)
	var work int64
	inner := a.compare
	a.compare = func(h, pw []byte) error {
		cost, err := bcrypt.Cost(h)
		if err != nil {
			t.Fatal(err)
		}
		work += 1 << cost
		return inner(h, pw)
	}
	paid := func(login, pw string) int64 {
		work = 0
		_, err := a.Authenticate(context.Background(), login, pw)
		if err != ErrBadCredentials {
			t.Fatalf("%s: %v", login, err)
		}
		return work
	}
	unknown, cheap, dear := paid("nobody", "x"), paid("cheap", "x"), paid("dear", "x")
	if unknown != 1<<7 || cheap != unknown || dear != unknown {
		t.Fatalf("bcrypt work paid: unknown login %d, wrong password at cost 4 %d, at cost 7 %d; want all %d", unknown, cheap, dear, 1<<7)
	}
}
