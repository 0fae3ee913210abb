package v2client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

const testKey = "sEcReTkEy-0123456789abcdef"

// recorded is what the test server saw of one request.
type recorded struct {
	Method      string
	Path        string // escaped path
	Query       url.Values
	Form        url.Values // parsed body (also for DELETE)
	ContentType string
	Auth        string
}

// testServer is go-github's setup: an httptest server with a mux, a client
// pointed at it with an API key, and the requests it received.
type testServer struct {
	mux    *http.ServeMux
	server *httptest.Server
	client *Client
	mu     sync.Mutex
	reqs   []recorded
	sleeps []time.Duration
}

func setup(t *testing.T, opts ...Option) *testServer {
	t.Helper()
	ts := &testServer{mux: http.NewServeMux()}
	ts.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		form, _ := url.ParseQuery(string(body))
		ts.mu.Lock()
		ts.reqs = append(ts.reqs, recorded{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Form: form,
			ContentType: r.Header.Get("Content-Type"), Auth: r.Header.Get("Authorization")})
		ts.mu.Unlock()
		ts.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.server.Close)
	c, err := New(ts.server.URL, append([]Option{WithRetry(RetryPolicy{MaxAttempts: 3, BaseBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond, MaxRateLimitWait: time.Minute})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		ts.mu.Lock()
		ts.sleeps = append(ts.sleeps, d)
		ts.mu.Unlock()
		return ctx.Err()
	}
	ts.client = c.WithAPIKey(testKey)
	return ts
}

func (ts *testServer) requests() []recorded {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]recorded(nil), ts.reqs...)
}

func (ts *testServer) hits() int { return len(ts.requests()) }

func jsonHandler(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func ptr[T any](v T) *T { return &v }

// vals builds url.Values from alternating name, value pairs.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// TestCustomFieldMultiForms: the default writes the indexed form, the
// option the repeated one; a single value is always the plain name.
func TestCustomFieldMultiForms(t *testing.T) {
	ts := setup(t)
	ts.mux.HandleFunc("/", jsonHandler(http.StatusOK, `{"id":1}`))
	_, _, err := ts.client.Issues.Update(context.Background(), "BLG-1", &IssueUpdateOptions{
		CustomFields: []CustomFieldInput{{ID: 12, Values: []string{"1", "3"}}, {ID: 13, Values: []string{"x"}}}})
	if err != nil {
		t.Fatal(err)
	}
	want := vals("customField_12[0]", "1", "customField_12[1]", "3", "customField_13", "x")
	if got := ts.requests()[0].Form; !reflect.DeepEqual(got, want) {
		t.Errorf("default form = %v, want %v", got, want)
	}
	rs := setup(t, WithCustomFieldMultiForm(CustomFieldRepeated))
	rs.mux.HandleFunc("/", jsonHandler(http.StatusOK, `{"id":1}`))
	if _, _, err := rs.client.Issues.Update(context.Background(), "BLG-1", &IssueUpdateOptions{
		CustomFields: []CustomFieldInput{{ID: 12, Values: []string{"1", "3"}}, {ID: 13, Values: []string{"x"}}}}); err != nil {
		t.Fatal(err)
	}
	want = vals("customField_12", "1", "customField_12", "3", "customField_13", "x")
	if got := rs.requests()[0].Form; !reflect.DeepEqual(got, want) {
		t.Errorf("repeated form = %v, want %v", got, want)
	}
}

func TestNewBaseURL(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://demo.backlog.jp", "https://demo.backlog.jp", true},
		{"https://demo.backlog.com/", "https://demo.backlog.com", true},
		{"https://demo.backlog.jp/api/v2", "https://demo.backlog.jp", true},
		{"https://intra.example.com/backlog/?apiKey=x", "https://intra.example.com/backlog", true},
		{"demo.backlog.jp", "", false},
		{"ftp://demo.backlog.jp", "", false},
	}
	for _, tt := range tests {
		c, err := New(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("New(%q) err = %v", tt.in, err)
			continue
		}
		if err == nil && c.BaseURL() != tt.want {
			t.Errorf("New(%q).BaseURL() = %q, want %q", tt.in, c.BaseURL(), tt.want)
		}
	}
}

func TestEnterprisePathPrefix(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.Path
		io.WriteString(w, `{"id":1}`)
	}))
	defer srv.Close()
	c, err := New(srv.URL + "/backlog")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.WithAPIKey("k").Users.Myself(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got != "/backlog/api/v2/users/myself" {
		t.Errorf("path = %q", got)
	}
}

func TestWithAPIKeyCopiesShareTransport(t *testing.T) {
	base, err := New("https://demo.backlog.jp")
	if err != nil {
		t.Fatal(err)
	}
	a, b := base.WithAPIKey("a"), base.WithAPIKey("b")
	if a.http != b.http || a.http != base.http {
		t.Error("copies do not share the http.Client")
	}
	if a.apiKey != "a" || b.apiKey != "b" || base.apiKey != "" {
		t.Error("copies share credentials")
	}
	if a.Issues.client != a || b.Issues.client != b {
		t.Error("services of a copy point at another client")
	}
}

// BenchmarkIssuesGet measures the client's cost per call (request building,
// round trip over loopback keep-alive, JSON decoding of a fixture issue).
func BenchmarkIssuesGet(b *testing.B) {
	raw, err := os.ReadFile(fixtureDir + "/issue.json")
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(raw) }))
	defer srv.Close()
	c, err := New(srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	defer c.http.CloseIdleConnections()
	c = c.WithAPIKey("k")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := c.Issues.Get(context.Background(), "BLG-1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWithAPIKey measures the per-request cost of a per-user client copy.
func BenchmarkWithAPIKey(b *testing.B) {
	base, err := New("https://demo.backlog.jp")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if base.WithAPIKey("k").Issues == nil {
			b.Fatal("no service")
		}
	}
}
