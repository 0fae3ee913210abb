package methods

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	kolo "github.com/kolo/xmlrpc"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// fixedNow is the clock of every test fake and Service: deterministic
// created_on/updated_on for the issues and comments tests create.
var fixedNow = time.Date(2026, 11, 23, 3, 4, 5, 0, time.UTC)

// legacyBase is the legacy host of test responses.
const legacyBase = "https://demo.backlog.jp"

// apiKeys of the seed accounts (v2client/fake/README.md).
var apiKeys = map[string]string{
	"admin":  "demo-api-key-admin",
	"demo":   "demo-api-key-normal",
	"yamada": "demo-api-key-yamada",
	"guest":  "demo-api-key-guest",
	"viewer": "demo-api-key-viewer",
	// revoked is a key the fake does not know (a revoked v2 key).
	"revoked": "revoked-api-key",
}

// rig is one test world: a fresh fake Backlog, a Service, an xmlrpc.Server
// with it registered, and an HTTP endpoint on 127.0.0.1 that runs each
// request as one seed user.
type rig struct {
	t       testing.TB
	fake    *fake.Server
	v2      *httptest.Server
	svc     *Service
	srv     *xmlrpc.Server
	http    *httptest.Server
	user    string
	clients map[string]*v2client.Client
}

// newRig starts a rig whose calls run as user (a seed login).
func newRig(t testing.TB, user string, opts ...func(*Options)) *rig {
	t.Helper()
	r := &rig{t: t, user: user, clients: map[string]*v2client.Client{}}
	r.fake = fake.New(fake.DefaultSeed(), fake.WithClock(fake.FixedClock(fixedNow)))
	r.fake.CheckDocumentedParams(t) // a v2 parameter Backlog does not document fails the test
	r.v2 = httptest.NewServer(r.fake)
	t.Cleanup(r.v2.Close)
	o := Options{LegacyBaseURL: legacyBase, Now: func() time.Time { return fixedNow }}
	for _, f := range opts {
		f(&o)
	}
	r.svc = New(o)
	r.srv = xmlrpc.NewServer(xmlrpc.WithFaultFunc(Fault))
	r.svc.Register(r.srv)
	r.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		user := r.user
		if u := req.Header.Get("X-Test-User"); u != "" {
			user = u
		}
		r.srv.ServeHTTP(w, req.WithContext(WithClient(req.Context(), r.client(user))))
	}))
	t.Cleanup(r.http.Close)
	return r
}

// client returns the v2 client of a seed user (no retries: budgets count
// every attempt).
func (r *rig) client(user string) *v2client.Client {
	if c, ok := r.clients[user]; ok {
		return c
	}
	key, ok := apiKeys[user]
	if !ok {
		r.t.Fatalf("no API key for test user %q", user)
	}
	base, err := v2client.New(r.v2.URL, v2client.WithRetry(v2client.RetryPolicy{MaxAttempts: 1}), v2client.WithObserver(r.checkDeclared))
	if err != nil {
		r.t.Fatal(err)
	}
	c := base.WithAPIKey(key)
	r.clients[user] = c
	return c
}

// ctx returns a context carrying user's client, for direct handler calls.
func (r *rig) ctx(user string) context.Context {
	return WithClient(context.Background(), r.client(user))
}

// post sends a raw methodCall body and returns the response body.
func (r *rig) post(body []byte) []byte {
	r.t.Helper()
	resp, err := http.Post(r.http.URL+"/XML-RPC", "text/xml", bytes.NewReader(body))
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		r.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		r.t.Fatalf("HTTP %d: %s", resp.StatusCode, out)
	}
	return out
}

// kolo returns a real XML-RPC client (kolo/xmlrpc) talking to the rig.
func (r *rig) kolo() *kolo.Client {
	c, err := kolo.NewClient(r.http.URL+"/XML-RPC", http.DefaultTransport)
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { c.Close() })
	return c
}

// call invokes a method directly (no HTTP) as user, as Register does
// (methodSpec.call: the admin role check first).
func (r *rig) call(user, method string, params ...xmlrpc.Value) (xmlrpc.Value, error) {
	r.t.Helper()
	for _, m := range registry {
		if m.name == method {
			return m.call(r.svc, context.WithValue(r.ctx(user), rigMethodKey{}, m), params)
		}
	}
	r.t.Fatalf("method %s not in the registry", method)
	return xmlrpc.Value{}, nil
}

// rigMethodKey carries the registry row of a call made with rig.call, so
// checkDeclared knows which method made each v2 call.
type rigMethodKey struct{}

// checkDeclared is the v2 observer of every rig client: a v2 call made by a
// method (through rig.call, as every budget test does) must be listed in
// the method's registry row, so the registry's v2 lists (and the help text
// and COVERAGE.md rendered from them) cannot miss a call the budget tests
// see.
func (r *rig) checkDeclared(ctx context.Context, e v2client.CallEvent) {
	m, ok := ctx.Value(rigMethodKey{}).(methodSpec)
	if !ok {
		return
	}
	if key := e.Method + " " + e.Route; !slices.Contains(m.v2, key) {
		r.t.Errorf("%s made %s, which its registry row does not list in v2", m.name, key)
	}
}

// calls returns the fake's per-endpoint counters and resets them.
func (r *rig) calls() map[string]int {
	c := r.fake.Calls()
	r.fake.ResetCounters()
	for k, v := range c {
		if v == 0 {
			delete(c, k)
		}
	}
	return c
}

// canonical re-indents an XML document: whitespace-only text between
// elements is dropped, every element starts a line, text stays inline.
// Element names, types and text are compared exactly.
func canonical(b []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var sb strings.Builder
	depth := 0
	var pendingText string
	open := false // last token was a start element not yet closed on its line
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch tk := tok.(type) {
		case xml.ProcInst:
			sb.WriteString("<?" + tk.Target + " " + string(tk.Inst) + "?>\n")
		case xml.StartElement:
			if open {
				sb.WriteString("\n")
			}
			sb.WriteString(strings.Repeat("  ", depth) + "<" + tk.Name.Local + ">")
			depth++
			open = true
			pendingText = ""
		case xml.CharData:
			if open {
				pendingText += string(tk)
			}
		case xml.EndElement:
			depth--
			if open {
				var esc bytes.Buffer
				_ = xml.EscapeText(&esc, []byte(pendingText))
				if strings.TrimSpace(pendingText) == "" && pendingText != "" && !isTextElement(tk.Name.Local) {
					esc.Reset()
				}
				sb.WriteString(esc.String() + "</" + tk.Name.Local + ">\n")
			} else {
				sb.WriteString(strings.Repeat("  ", depth) + "</" + tk.Name.Local + ">\n")
			}
			open = false
			pendingText = ""
		}
	}
	return sb.String(), nil
}

// isTextElement reports elements whose whitespace content is data.
func isTextElement(name string) bool {
	switch name {
	case "string", "value", "name":
		return true
	}
	return false
}
