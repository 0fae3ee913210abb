package fake

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestRateLimit(t *testing.T) {
	clk := &clock{t: testNow}
	e := newEnv(t, WithClock(clk.now), WithRateLimit(RateLimits{Read: 2, Search: 1}))
	reset := strconv.FormatInt(testNow.Truncate(time.Minute).Add(time.Minute).Unix(), 10)
	cases := []struct {
		path             string
		key              string
		status           int
		limit, remaining string
	}{
		{"/api/v2/space", keyDemo, 200, "2", "1"},
		{"/api/v2/projects", keyDemo, 200, "2", "0"},
		{"/api/v2/space", keyDemo, 429, "2", "0"},
		{"/api/v2/issues", keyDemo, 200, "1", "0"},                    // search is its own class
		{"/api/v2/issues/count", keyDemo, 429, "1", "0"},              // ... shared by list and count
		{"/api/v2/space", keyYamada, 200, "2", "1"},                   // budgets are per user
		{"/api/v2/users/2/icon", keyDemo, 200, "10000000", "9999999"}, // icon keeps its default
	}
	for _, tc := range cases {
		r := e.do("GET", tc.path, tc.key, nil)
		if r.status != tc.status {
			t.Fatalf("%s: status %d, want %d", tc.path, r.status, tc.status)
		}
		if tc.status == 429 && r.errCode(t) != 13 {
			t.Errorf("%s: code %d, want 13", tc.path, r.errCode(t))
		}
		if r.header.Get("X-RateLimit-Limit") != tc.limit || r.header.Get("X-RateLimit-Remaining") != tc.remaining || r.header.Get("X-RateLimit-Reset") != reset {
			t.Errorf("%s: headers %v %v %v", tc.path, r.header.Get("X-RateLimit-Limit"), r.header.Get("X-RateLimit-Remaining"), r.header.Get("X-RateLimit-Reset"))
		}
	}
	var rl v2client.RateLimits
	clk.add(0)
	// GET /rateLimit is itself a read: over budget here, so look at it as another user.
	e.do("GET", "/api/v2/rateLimit", keyAdmin, nil).json(t, &rl)
	if rl.RateLimit.Read.Limit != 2 || rl.RateLimit.Read.Remaining != 1 || rl.RateLimit.Search.Limit != 1 {
		t.Errorf("rateLimit %+v", rl.RateLimit)
	}
	clk.add(time.Minute) // a new window
	if r := e.do("GET", "/api/v2/space", keyDemo, nil); r.status != 200 || r.header.Get("X-RateLimit-Remaining") != "1" {
		t.Errorf("after the reset: %d remaining %s", r.status, r.header.Get("X-RateLimit-Remaining"))
	}
	// Writes are the update class.
	if r := e.do("POST", "/api/v2/issues/DEMO-1/comments", keyDemo, form("content", "x")); r.header.Get("X-RateLimit-Limit") != "10000000" {
		t.Errorf("update class limit %s", r.header.Get("X-RateLimit-Limit"))
	}
}

func TestFaults(t *testing.T) {
	get := func(e *env, path string) (*http.Response, []byte, error) {
		r, err := http.Get(e.ts.URL + path + "?apiKey=" + keyDemo)
		if err != nil {
			return nil, nil, err
		}
		defer r.Body.Close()
		b, err := io.ReadAll(r.Body)
		return r, b, err
	}
	t.Run("status", func(t *testing.T) {
		for _, st := range []int{500, 502, 503} {
			e := newEnv(t, WithFaults(Faults{Status: st}))
			r, b, err := get(e, "/api/v2/space")
			if err != nil || r.StatusCode != st || !strings.Contains(string(b), `"code":1`) {
				t.Errorf("%d: %v %v %s", st, err, r, b)
			}
		}
	})
	t.Run("html error page", func(t *testing.T) {
		e := newEnv(t, WithFaults(Faults{HTMLErrorPage: true}))
		r, b, _ := get(e, "/api/v2/space")
		if r.StatusCode != 503 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(b), "<html>") {
			t.Errorf("%d %s %s", r.StatusCode, r.Header.Get("Content-Type"), b)
		}
	})
	t.Run("rate limited", func(t *testing.T) {
		e := newEnv(t, WithFaults(Faults{RateLimited: true, RateLimitReset: 30 * time.Second}))
		r, b, _ := get(e, "/api/v2/space")
		want := strconv.FormatInt(testNow.Add(30*time.Second).Unix(), 10)
		if r.StatusCode != 429 || !strings.Contains(string(b), `"code":13`) || r.Header.Get("X-RateLimit-Reset") != want || r.Header.Get("X-RateLimit-Remaining") != "0" {
			t.Errorf("%d %v %s", r.StatusCode, r.Header, b)
		}
	})
	t.Run("truncated body", func(t *testing.T) {
		e := newEnv(t, WithFaults(Faults{TruncateBody: true}))
		r, b, err := get(e, "/api/v2/space")
		if err == nil || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("err %v, body %q", err, b)
		}
		_ = r
	})
	t.Run("connection reset", func(t *testing.T) {
		e := newEnv(t, WithFaults(Faults{ResetConnection: true}))
		_, b, err := get(e, "/api/v2/space")
		if err == nil {
			t.Errorf("no error, body %q", b)
		}
	})
	t.Run("wrong content type", func(t *testing.T) {
		e := newEnv(t, WithFaults(Faults{WrongContentType: true}))
		r, b, _ := get(e, "/api/v2/space")
		if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !json.Valid(b) {
			t.Errorf("%d %s %s", r.StatusCode, r.Header.Get("Content-Type"), b)
		}
	})
	t.Run("endpoint targeting and times", func(t *testing.T) {
		e := newEnv(t)
		e.s.SetFaults(Faults{Status: 503, Endpoints: []string{"GET /api/v2/issues/:issueIdOrKey"}, Times: 2})
		if r := e.do("GET", "/api/v2/space", keyDemo, nil); r.status != 200 {
			t.Errorf("untargeted endpoint: %d", r.status)
		}
		for k := 0; k < 2; k++ {
			if r := e.do("GET", "/api/v2/issues/DEMO-1", keyDemo, nil); r.status != 503 {
				t.Errorf("targeted call %d: %d", k, r.status)
			}
		}
		if r := e.do("GET", "/api/v2/issues/DEMO-1", keyDemo, nil); r.status != 200 {
			t.Errorf("after Times: %d", r.status)
		}
		if f := e.s.Faults(); f.Status != 0 {
			t.Errorf("faults left: %+v", f)
		}
	})
	t.Run("after write", func(t *testing.T) {
		e := newEnv(t, WithFaults(Faults{Status: 500, AfterWrite: true, Endpoints: []string{"POST /api/v2/issues/:issueIdOrKey/comments"}}))
		if r := e.do("POST", "/api/v2/issues/DEMO-1/comments", keyDemo, form("content", "x")); r.status != 500 {
			t.Fatalf("status %d", r.status)
		}
		e.s.ClearFaults()
		if r := e.do("GET", "/api/v2/issues/DEMO-1/comments/count", keyDemo, nil); !strings.Contains(string(r.body), `"count":3`) {
			t.Errorf("the write was not applied: %s", r.body)
		}
	})
	t.Run("before write", func(t *testing.T) {
		e := newEnv(t, WithFaults(Faults{Status: 503}))
		e.do("POST", "/api/v2/issues/DEMO-1/comments", keyDemo, form("content", "x"))
		e.s.ClearFaults()
		if r := e.do("GET", "/api/v2/issues/DEMO-1/comments/count", keyDemo, nil); !strings.Contains(string(r.body), `"count":2`) {
			t.Errorf("the write was applied: %s", r.body)
		}
	})
	t.Run("error rate", func(t *testing.T) {
		e := newEnv(t, WithFaults(Faults{ErrorRate: 0.5}))
		fails := 0
		for k := 0; k < 200; k++ {
			if r := e.do("GET", "/api/v2/priorities", keyDemo, nil); r.status == 500 {
				fails++
			} else if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
		}
		if fails < 60 || fails > 140 {
			t.Errorf("%d of 200 failed at rate 0.5", fails)
		}
	})
	t.Run("latency", func(t *testing.T) {
		e := newEnv(t, WithLatency(30*time.Millisecond))
		start := time.Now()
		e.do("GET", "/api/v2/priorities", keyDemo, nil)
		if d := time.Since(start); d < 30*time.Millisecond {
			t.Errorf("answered in %v", d)
		}
		e.s.SetLatency(0)
	})
}

func TestCounters(t *testing.T) {
	e := newEnv(t)
	e.do("GET", "/api/v2/issues/DEMO-1", keyDemo, nil)
	e.do("GET", "/api/v2/issues/DEMO-2", keyAdmin, nil)
	e.do("GET", "/api/v2/issues/DEMO-2", "bad-key", nil) // refused calls count too
	e.do("GET", "/api/v2/issues/count", keyDemo, nil)
	e.do("GET", "/api/v2/nothing", keyDemo, nil)
	want := map[string]int{"GET /api/v2/issues/:issueIdOrKey": 3, "GET /api/v2/issues/count": 1, "GET (unknown)": 1}
	got := e.s.Calls()
	if len(got) != len(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n || e.s.Count(k) != n {
			t.Errorf("%s = %d, want %d", k, got[k], n)
		}
	}
	got["GET /api/v2/issues/count"] = 99 // a copy
	if e.s.Count("GET /api/v2/issues/count") != 1 {
		t.Error("Calls is not a copy")
	}
	if u := e.s.Counters().UserCalls(); u["demo"] != 2 || u["admin"] != 1 || len(u) != 2 {
		t.Errorf("user calls %v", u)
	}
	if e.s.Counters().Total() != 5 {
		t.Errorf("total %d", e.s.Counters().Total())
	}
	// The control endpoint serves the same numbers and resets them.
	r, err := http.Get(e.ts.URL + "/_fake/counters")
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Calls map[string]int `json:"calls"`
		Users map[string]int `json:"users"`
	}
	json.NewDecoder(r.Body).Decode(&body)
	r.Body.Close()
	if body.Calls["GET /api/v2/issues/:issueIdOrKey"] != 3 || body.Users["demo"] != 2 {
		t.Errorf("control endpoint %+v", body)
	}
	if r, err := http.Post(e.ts.URL+"/_fake/counters/reset", "", nil); err != nil || r.StatusCode != 204 {
		t.Fatalf("reset: %v %v", err, r)
	}
	if len(e.s.Calls()) != 0 || e.s.Counters().UserCount("demo") != 0 {
		t.Errorf("after reset %v", e.s.Calls())
	}
	e.do("GET", "/api/v2/space", keyDemo, nil)
	e.s.ResetCounters()
	if e.s.Counters().Total() != 0 {
		t.Error("ResetCounters left counts")
	}
}

func TestOAuth(t *testing.T) {
	clk := &clock{t: testNow}
	e := newEnv(t, WithClock(clk.now))
	code, err := e.s.IssueAuthorizationCode("demo-client", "demo")
	if err != nil {
		t.Fatal(err)
	}
	tokenReq := func(kv ...string) (int, v2client.AccessToken, v2client.AuthErrorBody) {
		r := e.do("POST", "/api/v2/oauth2/token", "", form(append(kv, "client_id", "demo-client", "client_secret", "demo-client-secret")...))
		var tok v2client.AccessToken
		var ae v2client.AuthErrorBody
		json.Unmarshal(r.body, &tok)
		json.Unmarshal(r.body, &ae)
		return r.status, tok, ae
	}
	st, _, ae := tokenReq("grant_type", "authorization_code", "code", code, "redirect_uri", "http://elsewhere/")
	if st != 400 || ae.Error != "invalid_grant" {
		t.Errorf("wrong redirect_uri: %d %+v", st, ae)
	}
	st, tok, _ := tokenReq("grant_type", "authorization_code", "code", code, "redirect_uri", "http://127.0.0.1/callback")
	if st != 200 || tok.TokenType != "Bearer" || tok.ExpiresIn != 3600 || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token: %d %+v", st, tok)
	}
	if st, _, _ := tokenReq("grant_type", "authorization_code", "code", code, "redirect_uri", "http://127.0.0.1/callback"); st != 400 {
		t.Errorf("a code is single-use: %d", st)
	}
	bearer := func(access string) (int, string, string) {
		req, _ := http.NewRequest("GET", e.ts.URL+"/api/v2/users/myself", nil)
		req.Header.Set("Authorization", "Bearer "+access)
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode, r.Header.Get("WWW-Authenticate"), string(b)
	}
	if st, _, b := bearer(tok.AccessToken); st != 200 || !strings.Contains(b, `"userId":"demo"`) {
		t.Errorf("bearer call: %d %s", st, b)
	}
	if st, wa, _ := bearer("nope"); st != 401 || !strings.Contains(wa, `error="invalid_token"`) || !strings.Contains(wa, "invalid") {
		t.Errorf("bad token: %d %q", st, wa)
	}
	clk.add(time.Hour)
	if st, wa, b := bearer(tok.AccessToken); st != 401 || !strings.Contains(wa, "expired") || !strings.Contains(b, `"code":11`) {
		t.Errorf("expired token: %d %q %s", st, wa, b)
	}
	st, tok2, _ := tokenReq("grant_type", "refresh_token", "refresh_token", tok.RefreshToken)
	if st != 200 || tok2.AccessToken == tok.AccessToken || tok2.RefreshToken == tok.RefreshToken {
		t.Fatalf("refresh: %d %+v", st, tok2)
	}
	if st, _, _ := bearer(tok2.AccessToken); st != 200 {
		t.Errorf("refreshed token: %d", st)
	}
	if st, _, _ := tokenReq("grant_type", "refresh_token", "refresh_token", tok.RefreshToken); st != 400 {
		t.Errorf("an old refresh token works: %d", st)
	}
	if _, err := e.s.IssueAuthorizationCode("other", "demo"); err == nil {
		t.Error("code for an unknown client")
	}
}

// TestConcurrency hammers one fake from many goroutines (run with -race):
// creates get distinct, consecutive keys; reads see consistent answers.
func TestConcurrency(t *testing.T) {
	e := newEnv(t)
	const workers, each = 8, 10
	var wg sync.WaitGroup
	keys := make(chan string, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			c := &http.Client{}
			for k := 0; k < each; k++ {
				body := form("projectId", "2", "summary", "並行", "issueTypeId", "202", "priorityId", "3").Encode()
				req, _ := http.NewRequest("POST", e.ts.URL+"/api/v2/issues?apiKey="+keyDemo, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				r, err := c.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				var is v2client.Issue
				json.NewDecoder(r.Body).Decode(&is)
				r.Body.Close()
				keys <- is.IssueKey
				r, err = c.Get(e.ts.URL + "/api/v2/issues?projectId[]=2&count=100&apiKey=" + keyYamada + "&" + url.Values{"keyword": {"並行"}}.Encode())
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, r.Body)
				r.Body.Close()
				e.s.SetFaults(Faults{})
				_ = e.s.Calls()
			}
		}(w)
	}
	wg.Wait()
	close(keys)
	seen := map[string]bool{}
	for k := range keys {
		seen[k] = true
	}
	for n := 6; n < 6+workers*each; n++ {
		if !seen["BLG-"+strconv.Itoa(n)] {
			t.Errorf("BLG-%d missing", n)
		}
	}
	if len(seen) != workers*each {
		t.Errorf("%d distinct keys, want %d", len(seen), workers*each)
	}
	if n := e.s.Count("POST /api/v2/issues"); n != workers*each {
		t.Errorf("counted %d creates", n)
	}
}
