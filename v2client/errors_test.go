package v2client

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAPIErrorDecoding(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		ctype      string
		body       string
		wantCodes  []ErrorCode
		wantIs     ErrorCode
		wantRate   bool
		wantCTInfo string
	}{
		{"not found", 404, "application/json", `{"errors":[{"message":"No issue.","code":6,"moreInfo":""}]}`, []ErrorCode{6}, CodeNoResourceError, false, ""},
		{"two errors", 400, "application/json", `{"errors":[{"message":"No project.","code":6,"moreInfo":"x"},{"message":"No user.","code":7,"moreInfo":""}]}`, []ErrorCode{6, 7}, CodeInvalidRequestError, false, ""},
		{"auth", 401, "application/json", `{"errors":[{"message":"Authentication failure.","code":11,"moreInfo":""}]}`, []ErrorCode{11}, CodeAuthenticationError, false, ""},
		{"rate limit", 429, "application/json", `{"errors":[{"message":"Too many requests.","code":13,"moreInfo":""}]}`, []ErrorCode{13}, CodeTooManyRequestsError, true, ""},
		{"code 13 on another status", 403, "application/json", `{"errors":[{"message":"Too many.","code":13,"moreInfo":""}]}`, []ErrorCode{13}, CodeTooManyRequestsError, true, ""},
		{"html page", 502, "text/html; charset=utf-8", `<html><body>Bad Gateway</body></html>`, nil, 0, false, "text/html"},
		{"empty", 503, "", ``, nil, 0, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
			ts.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				if tt.ctype != "" {
					w.Header().Set("Content-Type", tt.ctype)
				}
				w.Header().Set("X-RateLimit-Limit", "150")
				w.Header().Set("X-RateLimit-Remaining", "0")
				w.Header().Set("X-RateLimit-Reset", "1700000000")
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			_, resp, err := ts.client.Issues.Get(context.Background(), "BLG-1")
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			if apiErr.StatusCode != tt.status || apiErr.Route != "/api/v2/issues/:issueIdOrKey" || apiErr.Method != "GET" {
				t.Errorf("APIError = %+v", apiErr)
			}
			var codes []ErrorCode
			for _, it := range apiErr.Errors {
				codes = append(codes, ErrorCode(it.Code))
			}
			if !equalCodes(codes, tt.wantCodes) {
				t.Errorf("codes = %v, want %v", codes, tt.wantCodes)
			}
			if tt.wantIs != 0 && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(err, %v) = false", tt.wantIs)
			}
			if errors.Is(err, CodeLicenceError) {
				t.Error("errors.Is matched a code that is not there")
			}
			var rl *RateLimitError
			if errors.As(err, &rl) != tt.wantRate {
				t.Errorf("RateLimitError = %v, want %v", rl, tt.wantRate)
			}
			if tt.wantRate && (rl.Reset != time.Unix(1700000000, 0).UTC() || rl.Rate.Limit != 150 || rl.Rate.Remaining != 0) {
				t.Errorf("rate = %+v reset %v", rl.Rate, rl.Reset)
			}
			if apiErr.ContentType != tt.wantCTInfo && tt.wantCTInfo != "" {
				t.Errorf("content type = %q", apiErr.ContentType)
			}
			if resp == nil || resp.Rate.Limit != 150 {
				t.Errorf("Response.Rate not parsed on an error: %+v", resp)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("key in error: %v", err)
			}
		})
	}
}

func equalCodes(a, b []ErrorCode) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// countingReader serves an endless JSON-looking body and counts bytes read.
type countingReader struct{ n int }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	r.n += len(p)
	return len(p), nil
}

func TestCheckResponseCapsBody(t *testing.T) {
	body := &countingReader{}
	resp := &http.Response{StatusCode: 500, Header: http.Header{}, Body: io.NopCloser(body),
		Request: &http.Request{Method: "GET"}}
	err := CheckResponse(resp)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 {
		t.Fatalf("err = %v", err)
	}
	if body.n > maxErrorBody+4096 {
		t.Errorf("read %d bytes of an error body, cap is %d", body.n, maxErrorBody)
	}
	if CheckResponse(&http.Response{StatusCode: 204, Body: http.NoBody}) != nil {
		t.Error("2xx is an error")
	}
}

func TestResponseRate(t *testing.T) {
	ts := setup(t)
	ts.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "600")
		w.Header().Set("X-RateLimit-Remaining", "598")
		w.Header().Set("X-RateLimit-Reset", "1600000000")
		io.WriteString(w, `[]`)
	})
	_, resp, err := ts.client.Priorities.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Rate{Limit: 600, Remaining: 598, Reset: time.Unix(1600000000, 0).UTC()}
	if resp.Rate != want {
		t.Errorf("Rate = %+v, want %+v", resp.Rate, want)
	}
	if strings.Contains(resp.Request.URL.String(), testKey) {
		t.Errorf("Response.Request.URL holds the key: %s", resp.Request.URL)
	}
}

func TestUndecodableSuccess(t *testing.T) {
	for _, write := range []bool{false, true} {
		ts := setup(t)
		ts.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html>maintenance</html>")
		})
		var err error
		if write {
			_, _, err = ts.client.Comments.Add(context.Background(), "BLG-1", &CommentAddOptions{Content: "x"})
		} else {
			_, _, err = ts.client.Issues.Get(context.Background(), "BLG-1")
		}
		var de *DecodeError
		if !errors.As(err, &de) || de.StatusCode != 200 || de.ContentType != "text/html" {
			t.Errorf("write=%v: err = %v, want *DecodeError", write, err)
		}
		var ou *OutcomeUnknownError
		if errors.As(err, &ou) != write {
			t.Errorf("write=%v: OutcomeUnknownError = %v", write, ou)
		}
		if ts.hits() != 1 {
			t.Errorf("write=%v: %d hits, a 2xx is never retried", write, ts.hits())
		}
	}
}

// TestRetries: reads retry 5xx and transport failures within MaxAttempts;
// writes are sent exactly once whatever happens.
func TestRetries(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		write       bool
		wantHits    int
		wantUnknown bool
	}{
		{"GET 503 retried", 503, false, 3, false},
		{"GET 500 retried", 500, false, 3, false},
		{"GET 404 not retried", 404, false, 1, false},
		{"GET 401 not retried", 401, false, 1, false},
		{"POST 500 not retried, outcome unknown", 500, true, 1, true},
		{"POST 503 not retried, outcome unknown", 503, true, 1, true},
		{"POST 400 not retried, known failure", 400, true, 1, false},
		{"POST 429 not retried", 429, true, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t)
			ts.mux.HandleFunc("/", jsonHandler(tt.status, `{"errors":[{"message":"m","code":1,"moreInfo":""}]}`))
			var err error
			if tt.write {
				_, _, err = ts.client.Issues.Create(context.Background(), &IssueCreateOptions{ProjectID: 1, Summary: "s", IssueTypeID: 1, PriorityID: 3})
			} else {
				_, _, err = ts.client.Issues.Get(context.Background(), "BLG-1")
			}
			if err == nil {
				t.Fatal("no error")
			}
			if got := ts.hits(); got != tt.wantHits {
				t.Errorf("hits = %d, want %d", got, tt.wantHits)
			}
			var ou *OutcomeUnknownError
			if errors.As(err, &ou) != tt.wantUnknown {
				t.Errorf("OutcomeUnknownError = %v, want %v (err %v)", ou != nil, tt.wantUnknown, err)
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Errorf("err = %v, want the APIError inside", err)
			}
		})
	}
}

func TestRetryThenSuccess(t *testing.T) {
	ts := setup(t)
	n := 0
	ts.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			jsonHandler(502, `{"errors":[{"message":"m","code":1}]}`)(w, r)
			return
		}
		io.WriteString(w, `[{"id":2,"name":"高"}]`)
	})
	var events []CallEvent
	var mu sync.Mutex
	ts.client.observer = func(_ context.Context, e CallEvent) { mu.Lock(); events = append(events, e); mu.Unlock() }
	p, _, err := ts.client.Priorities.List(context.Background())
	if err != nil || len(p) != 1 {
		t.Fatalf("p=%v err=%v", p, err)
	}
	if len(events) != 2 || events[0].Status != 502 || events[0].Attempt != 1 || events[1].Status != 200 || events[1].Attempt != 2 ||
		events[1].Route != "/api/v2/priorities" || events[0].Err == nil || events[1].Err != nil {
		t.Errorf("events = %+v", events)
	}
	if len(ts.sleeps) != 1 || ts.sleeps[0] <= 0 || ts.sleeps[0] > 4*time.Millisecond {
		t.Errorf("backoffs = %v", ts.sleeps)
	}
}

// TestRateLimitRetry: a 429 on a read waits for X-RateLimit-Reset, but only
// when the wait fits before the context's deadline.
func TestRateLimitRetry(t *testing.T) {
	tests := []struct {
		name      string
		resetIn   time.Duration
		deadline  time.Duration // 0: no deadline
		wantHits  int
		wantSleep bool
	}{
		{"reset soon, deadline far", 2 * time.Second, time.Minute, 2, true},
		{"reset after the deadline", 30 * time.Second, 5 * time.Second, 1, false},
		{"no deadline, reset within MaxRateLimitWait", 20 * time.Second, 0, 2, true},
		{"no deadline, reset beyond MaxRateLimitWait", 2 * time.Minute, 0, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t)
			reset := time.Now().Add(tt.resetIn).Unix()
			n := 0
			ts.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				n++
				w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
				if n == 1 {
					jsonHandler(429, `{"errors":[{"message":"Too many requests.","code":13,"moreInfo":""}]}`)(w, r)
					return
				}
				io.WriteString(w, `{"count":3}`)
			})
			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.deadline)
				defer cancel()
			}
			_, _, err := ts.client.Issues.Count(ctx, nil)
			if got := ts.hits(); got != tt.wantHits {
				t.Errorf("hits = %d, want %d", got, tt.wantHits)
			}
			if tt.wantSleep {
				if err != nil {
					t.Errorf("err = %v", err)
				}
				if len(ts.sleeps) != 1 || ts.sleeps[0] < tt.resetIn-2*time.Second || ts.sleeps[0] > tt.resetIn+time.Second {
					t.Errorf("slept %v, want about %v", ts.sleeps, tt.resetIn)
				}
			} else {
				var rl *RateLimitError
				if !errors.As(err, &rl) || len(ts.sleeps) != 0 {
					t.Errorf("err = %v, sleeps %v: want an immediate RateLimitError", err, ts.sleeps)
				}
				if rl != nil && rl.RetryAfter(time.Now()) <= 0 {
					t.Errorf("RetryAfter = %v", rl.RetryAfter(time.Now()))
				}
			}
		})
	}
}

// hijackServer accepts connections and applies behave to each raw request.
func hijackServer(t *testing.T, behave func(conn net.Conn, br *bufio.Reader)) (url string, hits func() int) {
	t.Helper()
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		mu.Unlock()
		io.Copy(io.Discard, r.Body)
		conn, brw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		behave(conn, brw.Reader)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() int { mu.Lock(); defer mu.Unlock(); return n }
}

func newTestClient(t *testing.T, base string) *Client {
	t.Helper()
	c, err := New(base, WithRetry(RetryPolicy{MaxAttempts: 3, BaseBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	return c.WithAPIKey(testKey)
}

// TestTransportFailures: what a read and a write report when no (complete)
// answer arrives, how often they are sent, and that the key never leaks.
func TestTransportFailures(t *testing.T) {
	closeAfterRead := func(conn net.Conn, _ *bufio.Reader) { conn.Close() }
	truncate := func(conn net.Conn, _ *bufio.Reader) {
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":")
		conn.Close()
	}
	tests := []struct {
		name        string
		behave      func(net.Conn, *bufio.Reader)
		refused     bool
		write       bool
		wantHits    int
		wantUnknown bool
		wantSent    bool
	}{
		{"GET connection refused", nil, true, false, 0, false, false},
		{"POST connection refused: not sent, not unknown", nil, true, true, 0, false, false},
		{"GET closed after request: retried", closeAfterRead, false, false, 3, false, true},
		{"POST closed after request: unknown, once", closeAfterRead, false, true, 1, true, true},
		{"GET truncated body: retried", truncate, false, false, 3, false, true},
		{"PATCH truncated body: unknown, once", truncate, false, true, 1, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var base string
			hits := func() int { return 0 }
			if tt.refused {
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				base = "http://" + ln.Addr().String()
				ln.Close()
			} else {
				base, hits = hijackServer(t, tt.behave)
			}
			c := newTestClient(t, base)
			var err error
			if tt.write {
				_, _, err = c.Issues.Update(context.Background(), "BLG-1", &IssueUpdateOptions{Summary: ptr("s")})
			} else {
				_, _, err = c.Issues.Get(context.Background(), "BLG-1")
			}
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("API key in error string: %v", err)
			}
			if got := hits(); got != tt.wantHits {
				t.Errorf("hits = %d, want %d", got, tt.wantHits)
			}
			var ou *OutcomeUnknownError
			if errors.As(err, &ou) != tt.wantUnknown {
				t.Errorf("OutcomeUnknownError: %v, want %v (err %v)", ou != nil, tt.wantUnknown, err)
			}
			var te *TransportError
			if !errors.As(err, &te) || te.Sent != tt.wantSent {
				t.Errorf("TransportError = %+v, want Sent=%v (err %v)", te, tt.wantSent, err)
			}
		})
	}
}

// TestWriteTimeoutIsOutcomeUnknown: a write whose answer does not come
// before the deadline may have happened.
func TestWriteTimeoutIsOutcomeUnknown(t *testing.T) {
	release := make(chan struct{})
	ts := setup(t)
	ts.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := ts.client.Comments.Add(ctx, "BLG-1", &CommentAddOptions{Content: "x"})
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want OutcomeUnknownError wrapping DeadlineExceeded", err)
	}
	if strings.Contains(err.Error(), testKey) {
		t.Errorf("key in error: %v", err)
	}
	if ts.hits() != 1 {
		t.Errorf("hits = %d", ts.hits())
	}
}

// TestKeyNeverInErrors collects every error string and event the client can
// produce for a key that also appears URL-escaped.
func TestKeyNeverInErrors(t *testing.T) {
	key := "a+b/c=d&e" + testKey
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var events []CallEvent
	c, err := New("http://"+addr, WithRetry(RetryPolicy{MaxAttempts: 2}), WithObserver(func(_ context.Context, e CallEvent) { events = append(events, e) }))
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(ctx context.Context, d time.Duration) error { return nil }
	c = c.WithAPIKey(key)
	_, _, err1 := c.Users.Myself(context.Background())
	_, _, err2 := c.Projects.Delete(context.Background(), "BLG")
	_, _, err3 := c.Users.Icon(context.Background(), 1)
	for i, e := range []error{err1, err2, err3} {
		if e == nil {
			t.Fatalf("err%d is nil", i+1)
		}
		for _, s := range []string{key, strings.ReplaceAll(key, "+", "%2B"), "sEcReTkEy"} {
			if strings.Contains(e.Error(), s) {
				t.Errorf("err%d holds the key: %v", i+1, e)
			}
		}
		var ue interface{ Unwrap() error }
		for x := error(e); x != nil && errors.As(x, &ue); x = ue.Unwrap() {
			if x != nil && strings.Contains(x.Error(), "sEcReTkEy") {
				t.Errorf("err%d chain holds the key: %v", i+1, x)
			}
		}
	}
	if len(events) != 5 { // Myself and Icon are tried twice, the DELETE once
		t.Errorf("events = %d", len(events))
	}
	for _, e := range events {
		if e.Err == nil || strings.Contains(e.Err.Error(), "sEcReTkEy") {
			t.Errorf("event %+v", e)
		}
	}
}

func TestEmptySuccessBodies(t *testing.T) {
	ts := setup(t)
	ts.mux.HandleFunc("/api/v2/projects/BLG/users", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	ts.mux.HandleFunc("/api/v2/space", func(w http.ResponseWriter, r *http.Request) {})
	u, resp, err := ts.client.Projects.AddUser(context.Background(), "BLG", 3)
	if err != nil || u == nil || u.ID != 0 || resp.StatusCode != http.StatusNoContent {
		t.Errorf("204 to a write: %+v %v", u, err)
	}
	_, _, err = ts.client.Space.Get(context.Background())
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Errorf("empty 200 to a read: %v, want DecodeError", err)
	}
}
