package fake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Demo keys of the default seed (README.md).
const (
	keyAdmin       = "demo-api-key-admin"
	keyDemo        = "demo-api-key-normal"
	keyYamada      = "demo-api-key-yamada"
	keyReporter    = "demo-api-key-reporter"
	keyViewer      = "demo-api-key-viewer"
	keyGuest       = "demo-api-key-guest"
	keyGuestViewer = "demo-api-key-guest-viewer"
)

// testNow is the fixed clock of the tests.
var testNow = time.Date(2026, 11, 23, 3, 4, 5, 0, time.UTC)

type env struct {
	t  *testing.T
	s  *Server
	ts *httptest.Server
}

func newEnv(t *testing.T, opts ...Option) *env {
	t.Helper()
	s := New(DefaultSeed(), append([]Option{WithClock(FixedClock(testNow))}, opts...)...)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return &env{t: t, s: s, ts: ts}
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

// do sends one request: path may carry a query; key goes to apiKey; form is
// sent form-encoded for non-GET methods and in the query for GET.
func (e *env) do(method, path, key string, form url.Values) resp {
	e.t.Helper()
	u, err := url.Parse(e.ts.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	q := u.Query()
	if key != "" {
		q.Set("apiKey", key)
	}
	var body io.Reader
	if method == http.MethodGet {
		for k, vs := range form {
			q[k] = append(q[k], vs...)
		}
	} else if form != nil {
		body = strings.NewReader(form.Encode())
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequest(method, u.String(), body)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{r.StatusCode, r.Header, b}
}

// json decodes the body into v, failing the test on error.
func (r resp) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
}

// errCode returns the first Backlog error code of an error body (0 if none).
func (r resp) errCode(t *testing.T) int {
	t.Helper()
	var b struct {
		Errors []struct {
			Code     int    `json:"code"`
			Message  string `json:"message"`
			MoreInfo string `json:"moreInfo"`
		} `json:"errors"`
	}
	r.json(t, &b)
	if len(b.Errors) == 0 {
		return 0
	}
	return b.Errors[0].Code
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for k := 0; k+1 < len(kv); k += 2 {
		v.Add(kv[k], kv[k+1])
	}
	return v
}
