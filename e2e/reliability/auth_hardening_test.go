package reliability

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// postAs sends a valid getProjects call as login/password and returns the
// HTTP status and Retry-After.
func postAs(t *testing.T, g *gateway, login, password, body string) (int, string) {
	t.Helper()
	if body == "" {
		body = "<methodCall><methodName>backlog.getProjects</methodName></methodCall>"
	}
	req, _ := http.NewRequest(http.MethodPost, g.URL, strings.NewReader(body))
	req.SetBasicAuth(login, password)
	resp, err := g.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

// TestBruteForceLimitedPerLogin: with the defaults (5 failures per login,
// one more a minute), the 6th guess is refused with 429 and Retry-After
// without the password being checked: the right password is refused too,
// so a guesser learns nothing. A system.multicall of 100 calls behind a
// wrong password is one failed login, not 100 (WordPress's amplification).
func TestBruteForceLimitedPerLogin(t *testing.T) {
	g := startGateway(t, gatewayConfig{})
	g.healthy(t, "start-up")
	var mc strings.Builder
	mc.WriteString("<methodCall><methodName>system.multicall</methodName><params><param><value><array><data>")
	for i := 0; i < 100; i++ {
		mc.WriteString("<value><struct><member><name>methodName</name><value>backlog.getProjects</value></member><member><name>params</name><value><array><data/></array></value></member></struct></value>")
	}
	mc.WriteString("</data></array></value></param></params></methodCall>")
	if st, _ := postAs(t, g, g.Login, "guess-0", mc.String()); st != http.StatusUnauthorized {
		t.Fatalf("multicall with a wrong password: HTTP %d, want 401", st)
	}
	for i := 1; i < 5; i++ {
		if st, _ := postAs(t, g, g.Login, fmt.Sprintf("guess-%d", i), ""); st != http.StatusUnauthorized {
			t.Fatalf("guess %d: HTTP %d, want 401", i+1, st)
		}
	}
	st, ra := postAs(t, g, g.Login, "guess-6", "")
	if st != http.StatusTooManyRequests {
		t.Fatalf("6th guess: HTTP %d, want 429", st)
	}
	if s, err := strconv.Atoi(ra); err != nil || s < 1 || s > 60 {
		t.Errorf("Retry-After %q, want 1..60 seconds", ra)
	}
	if st, _ := postAs(t, g, g.Login, g.Password, ""); st != http.StatusTooManyRequests {
		t.Errorf("the right password while locked: HTTP %d, want 429 (no oracle)", st)
	}
	// Another login from the same address is not locked by this one.
	_, metricsText := g.metrics(t)
	if !strings.Contains(metricsText, `outcome="locked"`) {
		t.Errorf("/metrics has no locked auth outcome")
	}
}

// TestPasswordSprayLimitedPerAddress: one client address trying many
// logins is limited after 20 failures (default), whatever the logins.
func TestPasswordSprayLimitedPerAddress(t *testing.T) {
	g := startGateway(t, gatewayConfig{})
	for i := 0; i < 20; i++ {
		if st, _ := postAs(t, g, fmt.Sprintf("user%02d", i), "Password1", ""); st != http.StatusUnauthorized {
			t.Fatalf("attempt %d: HTTP %d, want 401", i+1, st)
		}
	}
	if st, _ := postAs(t, g, "user99", "Password1", ""); st != http.StatusTooManyRequests {
		t.Fatalf("21st login from one address: HTTP %d, want 429", st)
	}
}

// TestUpstreamHostOnlyFromConfig: nothing in a request can make the
// gateway call another host: not the Host header, not X-Forwarded-Host or
// -For, not an absolute request URI, not a URL in a parameter. A decoy
// server counts any request that reaches it; the fake must see the calls.
func TestUpstreamHostOnlyFromConfig(t *testing.T) {
	var decoyHits atomic.Int64
	decoy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		decoyHits.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))
	defer decoy.Close()
	evil := strings.TrimPrefix(decoy.URL, "http://")

	g := startGateway(t, gatewayConfig{})
	g.Fake.ResetCounters()
	calls := []struct {
		name   string
		method string
		params []xmlrpc.Value
		header map[string]string
	}{
		{"Host header", "backlog.getProjects", nil, map[string]string{"Host": evil}},
		{"X-Forwarded-Host", "backlog.getProjects", nil, map[string]string{"X-Forwarded-Host": evil, "X-Forwarded-Proto": "http", "Forwarded": "host=" + evil}},
		{"X-Forwarded-For", "backlog.getProjects", nil, map[string]string{"X-Forwarded-For": "127.0.0.1, " + evil, "X-Real-IP": evil}},
		{"URL as an issue key", "backlog.getIssue", []xmlrpc.Value{xmlrpc.String(decoy.URL + "/api/v2/issues/1")}, nil},
		{"URL as a project key", "backlog.getProject", []xmlrpc.Value{xmlrpc.String("//" + evil)}, nil},
		{"URL members", "backlog.createIssue", []xmlrpc.Value{xmlrpc.Struct(
			xmlrpc.Field("projectId", xmlrpc.Int(1)), xmlrpc.Field("summary", xmlrpc.String("ssrf probe")),
			xmlrpc.Field("url", xmlrpc.String(decoy.URL)), xmlrpc.Field("baseUrl", xmlrpc.String(decoy.URL)),
			xmlrpc.Field("space", xmlrpc.String(evil)), xmlrpc.Field("host", xmlrpc.String(evil)))}, nil},
	}
	for _, c := range calls {
		body, err := xmlrpc.AppendCall(nil, c.method, c.params...)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodPost, g.URL, strings.NewReader(string(body)))
		req.SetBasicAuth(g.Login, g.Password)
		for k, v := range c.header {
			if k == "Host" {
				req.Host = v
				continue
			}
			req.Header.Set(k, v)
		}
		resp, err := g.Client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: HTTP %d", c.name, resp.StatusCode)
		}
	}
	// An absolute-form request line naming the decoy, written by hand.
	conn, err := net.Dial("tcp", strings.TrimPrefix(g.Base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	body := "<methodCall><methodName>backlog.getProjects</methodName></methodCall>"
	req, _ := http.NewRequest(http.MethodPost, decoy.URL+"/XML-RPC", strings.NewReader(body))
	req.SetBasicAuth(g.Login, g.Password)
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if err := req.WriteProxy(conn); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	conn.Close()

	if n := decoyHits.Load(); n != 0 {
		t.Fatalf("the decoy host received %d requests", n)
	}
	total := 0
	for _, n := range g.Fake.Calls() {
		total += n
	}
	if total < len(calls) {
		t.Fatalf("the configured Backlog saw only %d calls: the probes did not run", total)
	}
}

// TestLoginTimingParity: refusing an unknown login costs the same bcrypt
// time as refusing a known login's wrong password (at the default cost, 10),
// so response times do not reveal which logins exist. Without the dummy
// check an unknown login would be answered ~100x faster. The two kinds of
// attempt alternate, so machine load affects both alike.
func TestLoginTimingParity(t *testing.T) {
	g := startGateway(t, gatewayConfig{BcryptCost: 10})
	attempt := func(login string, i int) time.Duration {
		start := time.Now()
		if st, _ := postAs(t, g, login, fmt.Sprintf("wrong-%d", i), ""); st != http.StatusUnauthorized {
			t.Fatalf("HTTP %d, want 401", st)
		}
		return time.Since(start)
	}
	var known, unknown []time.Duration
	for i := 0; i < 8; i++ {
		if i%4 == 3 { // a success clears the login's failures (the lockout is 5)
			if st, _ := postAs(t, g, g.Login, g.Password, ""); st != http.StatusOK {
				t.Fatalf("right password: HTTP %d", st)
			}
		}
		known = append(known, attempt(g.Login, i))
		unknown = append(unknown, attempt(fmt.Sprintf("no-such-login-%d", i), i))
	}
	median := func(ds []time.Duration) time.Duration {
		slices.Sort(ds)
		return (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
	}
	k, u := median(known), median(unknown)
	t.Logf("wrong password: %v; unknown login: %v (medians of %d)", k, u, len(known))
	if ratio := float64(u) / float64(k); ratio < 0.33 || ratio > 3 {
		t.Errorf("unknown login answered in %v, known login's wrong password in %v: timing reveals which logins exist", u, k)
	}
}
