package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// clock is a manual clock for TTL and limiter tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func hash(t *testing.T, pw string) string {
	t.Helper()
	h, err := HashPassword(pw, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func writeRaw(t *testing.T, dir, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, "credentials.json")
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadFile(t *testing.T) {
	h := hash(t, "pw")
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		wantErr string
		wantLen int
	}{
		{"ok api key", `{"users":[{"login":"alice","passwordHash":"` + h + `","apiKey":"K1"}]}`, 0o600, "", 1},
		{"ok refresh token", `{"users":[{"login":"bob","passwordHash":"` + h + `","refreshToken":"R"}]}`, 0o400, "", 1},
		{"group readable", `{"users":[]}`, 0o640, "accessible by group or others", 0},
		{"world readable", `{"users":[]}`, 0o604, "accessible by group or others", 0},
		{"bad json", `{"users":[`, 0o600, "invalid JSON", 0},
		{"unknown member", `{"users":[],"x":1}`, 0o600, "not in the expected format", 0},
		{"not bcrypt", `{"users":[{"login":"a","passwordHash":"plain-secret","apiKey":"K"}]}`, 0o600, "not a bcrypt hash", 0},
		{"no v2 credential", `{"users":[{"login":"a","passwordHash":"` + h + `"}]}`, 0o600, "exactly one of", 0},
		{"both v2 credentials", `{"users":[{"login":"a","passwordHash":"` + h + `","apiKey":"K","refreshToken":"R"}]}`, 0o600, "exactly one of", 0},
		{"duplicate", `{"users":[{"login":"a","passwordHash":"` + h + `","apiKey":"K"},{"login":"a","passwordHash":"` + h + `","apiKey":"K"}]}`, 0o600, "duplicate login", 0},
		{"empty login", `{"users":[{"login":"","passwordHash":"` + h + `","apiKey":"K"}]}`, 0o600, "empty login", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeRaw(t, t.TempDir(), tc.content, tc.mode)
			set, err := LoadFile(p)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "plain-secret") {
					t.Fatalf("error quotes the file content: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if set.Len() != tc.wantLen {
				t.Fatalf("len = %d, want %d", set.Len(), tc.wantLen)
			}
		})
	}
}

func TestWriteFileUpsert(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.json")
	entries, err := ReadFileOrEmpty(p)
	if err != nil || entries != nil {
		t.Fatalf("missing file: %v %v", entries, err)
	}
	entries = Upsert(entries, Credential{Login: "b", PasswordHash: hash(t, "1"), APIKey: "KB"})
	entries = Upsert(entries, Credential{Login: "a", PasswordHash: hash(t, "2"), APIKey: "KA"})
	if err := WriteFile(p, entries); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o", st.Mode().Perm())
	}
	// Password change without a new key keeps the key.
	entries, _ = ReadFileOrEmpty(p)
	newHash := hash(t, "3")
	entries = Upsert(entries, Credential{Login: "b", PasswordHash: newHash})
	if err := WriteFile(p, entries); err != nil {
		t.Fatal(err)
	}
	set, err := LoadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	got := set.Credentials()
	if len(got) != 2 || got[0].Login != "a" || got[1].Login != "b" || got[1].APIKey != "KB" || got[1].PasswordHash != newHash {
		t.Fatalf("got %+v", got)
	}
	if _, err := HashPassword(strings.Repeat("x", 73), bcrypt.MinCost); err == nil {
		t.Fatal("73-byte password accepted")
	}
}

func TestFileAuthenticatorAndReload(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.json")
	if err := WriteFile(p, []Credential{{Login: "alice", PasswordHash: hash(t, "old"), APIKey: "KEY1"}}); err != nil {
		t.Fatal(err)
	}
	a, err := NewFileAuthenticator(p, FileOptions{VerifiedTTL: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	check := func(login, pw string, wantKey string) {
		t.Helper()
		id, err := a.Authenticate(ctx, login, pw)
		if wantKey == "" {
			if !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("%s/%s: err = %v, want bad credentials", login, pw, err)
			}
			return
		}
		if err != nil || id.APIKey != wantKey || id.Login != login {
			t.Fatalf("%s/%s: %+v %v", login, pw, id, err)
		}
	}
	check("alice", "old", "KEY1")
	check("alice", "old", "KEY1") // cached
	check("alice", "wrong", "")
	check("mallory", "old", "")

	// New password and key: after Reload the old password is refused even
	// though it was cached.
	if err := WriteFile(p, []Credential{{Login: "alice", PasswordHash: hash(t, "new"), APIKey: "KEY2"}}); err != nil {
		t.Fatal(err)
	}
	check("alice", "old", "KEY1") // not reloaded yet
	if err := a.Reload(); err != nil {
		t.Fatal(err)
	}
	check("alice", "old", "")
	check("alice", "new", "KEY2")

	// Group-readable is refused unless allowed (Kubernetes fsGroup mounts);
	// group-writable or world-readable never is.
	for _, tc := range []struct {
		mode    os.FileMode
		allowed bool
	}{{0o640, true}, {0o440, true}, {0o660, false}, {0o644, false}, {0o604, false}} {
		os.Chmod(p, tc.mode)
		_, strictErr := LoadFile(p)
		_, err := LoadFileGroupReadable(p)
		if strictErr == nil || (err == nil) != tc.allowed {
			t.Errorf("mode %04o: strict err %v, group-readable err %v", tc.mode, strictErr, err)
		}
	}
	os.Chmod(p, 0o600)

	// A broken or insecure file keeps the current set.
	os.Chmod(p, 0o644)
	if err := a.Reload(); !errors.Is(err, ErrInsecureFile) {
		t.Fatalf("reload of 0644 file: %v", err)
	}
	check("alice", "new", "KEY2")
}

func TestAPIKeyAuthenticator(t *testing.T) {
	clk := newClock()
	var calls atomic.Int32
	verify := func(ctx context.Context, key string) (string, error) {
		calls.Add(1)
		switch key {
		case "key-of-alice":
			return "alice", nil
		case "down":
			return "", errors.New("upstream unreachable")
		}
		return "", ErrBadCredentials
	}
	a := NewAPIKeyAuthenticator(verify, time.Minute, clk.Now)
	ctx := context.Background()
	tests := []struct {
		login, key string
		wantErr    error
		wantCalls  int32
	}{
		{"alice", "key-of-alice", nil, 1},
		{"alice", "key-of-alice", nil, 1},             // cached
		{"bob", "key-of-alice", ErrBadCredentials, 2}, // userId must equal login
		{"alice", "other-key", ErrBadCredentials, 3},  // refused by Backlog
		{"alice", "", ErrBadCredentials, 3},           // no upstream call
		{"alice", "down", errors.New("upstream unreachable"), 4},
	}
	for i, tc := range tests {
		id, err := a.Authenticate(ctx, tc.login, tc.key)
		switch {
		case tc.wantErr == nil && (err != nil || id.APIKey != tc.key || id.Login != tc.login):
			t.Fatalf("case %d: %+v %v", i, id, err)
		case tc.wantErr != nil && (err == nil || err.Error() != tc.wantErr.Error()):
			t.Fatalf("case %d: err = %v, want %v", i, err, tc.wantErr)
		}
		if got := calls.Load(); got != tc.wantCalls {
			t.Fatalf("case %d: verifier calls = %d, want %d", i, got, tc.wantCalls)
		}
	}
	clk.Add(61 * time.Second) // TTL expired: verified again
	if _, err := a.Authenticate(ctx, "alice", "key-of-alice"); err != nil || calls.Load() != 5 {
		t.Fatalf("after TTL: %v calls=%d", err, calls.Load())
	}
}

func TestLimiter(t *testing.T) {
	clk := newClock()
	l := NewLimiter(LimiterConfig{LoginBurst: 3, LoginEvery: time.Minute, AddrBurst: 5, AddrEvery: 10 * time.Second, MaxEntries: 4, Now: clk.Now})
	allowed := func(login, addr string) bool { _, ok := l.Allow(login, addr); return ok }

	for i := 0; i < 3; i++ {
		if !allowed("alice", "1.1.1.1") {
			t.Fatalf("attempt %d refused", i)
		}
		l.Failure("alice", "1.1.1.1")
	}
	wait, ok := l.Allow("alice", "2.2.2.2") // per login, whatever the address
	if ok || wait != time.Minute {
		t.Fatalf("after 3 failures: ok=%v wait=%v", ok, wait)
	}
	if !allowed("bob", "1.1.1.1") { // address has 2 tokens left
		t.Fatal("bob refused")
	}
	clk.Add(time.Minute)
	if !allowed("alice", "1.1.1.1") {
		t.Fatal("one token should have come back after a minute")
	}
	l.Failure("alice", "1.1.1.1")
	if allowed("alice", "1.1.1.1") {
		t.Fatal("the refilled token was spent")
	}
	l.Success("alice") // e.g. correct password after the lock expired
	if !allowed("alice", "3.3.3.3") {
		t.Fatal("success did not clear the login's failures")
	}

	// Address limit: 5 failures from one address across many logins.
	for i := 0; i < 5; i++ {
		l.Failure("user"+string(rune('a'+i)), "9.9.9.9")
	}
	if allowed("zed", "9.9.9.9") {
		t.Fatal("address not limited")
	}
	// IPv6: one /64 is one client.
	for i := 0; i < 5; i++ {
		l.Failure(fmt.Sprintf("v6user%d", i), fmt.Sprintf("2001:db8:1:2::%x", i+1))
	}
	if allowed("zed", "2001:db8:1:2:ffff::9") {
		t.Fatal("rotating addresses inside one IPv6 /64 escaped the limit")
	}
	if !allowed("zed", "2001:db8:1:3::1") {
		t.Fatal("another /64 was limited")
	}
	if l.logins.len() > 4 || l.addrs.len() > 4 {
		t.Fatalf("maps not bounded: %d %d", l.logins.len(), l.addrs.len())
	}
}

func TestGuard(t *testing.T) {
	clk := newClock()
	set, err := NewCredentialSet([]Credential{{Login: "alice", PasswordHash: hash(t, "s3cret-pw"), APIKey: "SECRET-API-KEY"}})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	var outcomes []Outcome
	g := &Guard{
		Auth:      NewStaticAuthenticator(set, time.Minute, clk.Now),
		Limiter:   NewLimiter(LimiterConfig{LoginBurst: 2, AddrBurst: 100, Now: clk.Now}),
		Logger:    slog.New(slog.NewJSONHandler(&logs, nil)),
		OnAttempt: func(o Outcome) { outcomes = append(outcomes, o) },
	}
	h := g.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := IdentityFrom(r.Context())
		w.Write([]byte(id.Login + ":" + id.APIKey))
	}))
	do := func(user, pw string, basic bool) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/XML-RPC", nil)
		if basic {
			r.SetBasicAuth(user, pw)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	tests := []struct {
		name       string
		user, pw   string
		basic      bool
		wantStatus int
		wantBody   string
		wantOut    Outcome
	}{
		{"no credentials", "", "", false, 401, "", OutcomeMissing},
		{"ok", "alice", "s3cret-pw", true, 200, "alice:SECRET-API-KEY", OutcomeOK},
		{"wrong password 1", "alice", "nope", true, 401, "", OutcomeBad},
		{"empty password", "alice", "", true, 401, "", OutcomeBad},
		{"locked, even with the right password", "alice", "s3cret-pw", true, 429, "", OutcomeLocked},
		{"other login unaffected", "bob", "x", true, 401, "", OutcomeBad},
		{"oversized password", "bob", strings.Repeat("p", 2000), true, 401, "", OutcomeBad},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := do(tc.user, tc.pw, tc.basic)
			if w.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d", w.Code, tc.wantStatus)
			}
			if tc.wantStatus == 401 && w.Header().Get("WWW-Authenticate") != `Basic realm="Backlog Basic Authenticate"` {
				t.Fatalf("challenge %q", w.Header().Get("WWW-Authenticate"))
			}
			if tc.wantStatus == 429 && w.Header().Get("Retry-After") != "60" {
				t.Fatalf("Retry-After %q", w.Header().Get("Retry-After"))
			}
			if tc.wantBody != "" && w.Body.String() != tc.wantBody {
				t.Fatalf("body %q", w.Body.String())
			}
			if tc.wantStatus != 200 {
				// Refusals carry an XML-RPC fault whose code is the status.
				if ct := w.Header().Get("Content-Type"); ct != "text/xml" {
					t.Fatalf("Content-Type %q", ct)
				}
				want := fmt.Sprintf("<name>faultCode</name><value><int>%d</int></value>", tc.wantStatus)
				if !strings.Contains(w.Body.String(), want) || w.Header().Get("Content-Length") != strconv.Itoa(w.Body.Len()) {
					t.Fatalf("refusal body %q", w.Body.String())
				}
			}
			if got := outcomes[len(outcomes)-1]; got != tc.wantOut {
				t.Fatalf("outcome %s, want %s", got, tc.wantOut)
			}
		})
	}
	clk.Add(time.Minute)
	if w := do("alice", "s3cret-pw", true); w.Code != 200 {
		t.Fatalf("after the lock: %d", w.Code)
	}
	for _, secret := range []string{"s3cret-pw", "SECRET-API-KEY", "nope"} {
		if strings.Contains(logs.String(), secret) {
			t.Fatalf("log holds a secret %q:\n%s", secret, logs.String())
		}
	}
	if !strings.Contains(logs.String(), `"login":"alice"`) {
		t.Fatalf("log lacks the login:\n%s", logs.String())
	}
	// The lock is logged once, when it begins; refusals while locked are not
	// (a locked-out client must not be able to flood the log).
	if n := strings.Count(logs.String(), `"msg":"login limited: too many failures","login":"alice"`); n != 1 {
		t.Fatalf("lock logged %d times:\n%s", n, logs.String())
	}
	if strings.Contains(logs.String(), "login refused: too many failures") {
		t.Fatalf("refusals while locked logged at info level:\n%s", logs.String())
	}
}

func TestGuardUnavailable(t *testing.T) {
	g := &Guard{Auth: NewAPIKeyAuthenticator(func(context.Context, string) (string, error) {
		return "", errors.New("dial tcp: connection refused")
	}, 0, nil), Limiter: NewLimiter(LimiterConfig{LoginBurst: 1}), Logger: slog.New(slog.DiscardHandler)}
	h := g.Middleware(http.NotFoundHandler())
	for i := 0; i < 3; i++ { // not counted as failures: never locks out
		r := httptest.NewRequest("POST", "/XML-RPC", nil)
		r.SetBasicAuth("alice", "k")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 503 {
			t.Fatalf("attempt %d: status %d", i, w.Code)
		}
	}
}
