package reliability

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// defaultMaxAllocMiB bounds what the whole process may allocate while one
// ordinary hostile case is served. Cases that legitimately carry megabytes
// set max_alloc_mib in the manifest.
const defaultMaxAllocMiB = 32

// maxFaultString bounds every faultString: a fault may quote a clipped
// prefix of the input, never the input.
const maxFaultString = 512

// target is a running server the tests talk to over real HTTP.
type target struct {
	URL      string // the /XML-RPC endpoint
	Login    string // a valid account
	Password string
	Client   *http.Client
}

// answer is what came back for one request.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
	Err    error // transport error
}

// send posts (or sends with method) body to the endpoint with the case's
// headers and Authorization.
func (tg *target) send(c hostileCase) answer {
	body, n, err := c.body()
	if err != nil {
		return answer{Err: err}
	}
	method := c.HTTPMethod
	if method == "" {
		method = http.MethodPost
	}
	if c.Chunked {
		body = struct{ io.Reader }{body} // hide the length: chunked encoding
		n = -1
	}
	req, err := http.NewRequest(method, tg.URL, body)
	if err != nil {
		return answer{Err: err}
	}
	req.ContentLength = n
	req.Header.Set("Content-Type", "text/xml")
	for k, v := range c.Headers {
		req.Header.Set(k, v)
	}
	tg.authorize(req, c.Auth)
	resp, err := tg.Client.Do(req)
	if err != nil {
		return answer{Err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	return answer{Status: resp.StatusCode, Header: resp.Header, Body: b, Err: err}
}

func (tg *target) subst(g gen) string {
	s := g.String()
	s = strings.ReplaceAll(s, "$LOGIN", tg.Login)
	return strings.ReplaceAll(s, "$PASSWORD", tg.Password)
}

func (tg *target) authorize(req *http.Request, a *authSpec) {
	mode := "valid"
	if a != nil {
		mode = a.Mode
	}
	switch mode {
	case "valid":
		req.SetBasicAuth(tg.Login, tg.Password)
	case "none":
	case "basic":
		// Built by hand: SetBasicAuth would do the same, but this states
		// that control characters go out inside the base64 untouched.
		cred := tg.subst(a.User) + ":" + tg.subst(a.Password)
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(cred)))
	case "header":
		req.Header.Set("Authorization", tg.subst(a.Value))
	default:
		panic("unknown auth mode " + mode)
	}
}

// call makes one valid call and returns its result or fault.
func (tg *target) call(method string, params ...xmlrpc.Value) (xmlrpc.Value, error) {
	var buf bytes.Buffer
	if err := xmlrpc.EncodeCall(&buf, method, params...); err != nil {
		return xmlrpc.Value{}, err
	}
	req, err := http.NewRequest(http.MethodPost, tg.URL, &buf)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	req.Header.Set("Content-Type", "text/xml")
	req.SetBasicAuth(tg.Login, tg.Password)
	resp, err := tg.Client.Do(req)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return xmlrpc.Value{}, errors.New("HTTP " + resp.Status)
	}
	return xmlrpc.DecodeResponse(resp.Body, xmlrpc.Limits{})
}

// healthy asserts the server still answers a valid call correctly.
func (tg *target) healthy(t *testing.T, after string) {
	t.Helper()
	v, err := tg.call("backlog.getProjects")
	if err != nil {
		t.Fatalf("after %s the server no longer serves: %v", after, err)
	}
	if v.Kind() != xmlrpc.KindArray || len(v.Items()) == 0 {
		t.Fatalf("after %s backlog.getProjects answered %v, want a non-empty array", after, v.Kind())
	}
}

// check compares an answer with the case's documented answer.
func check(t *testing.T, c hostileCase, a answer) {
	t.Helper()
	if a.Err != nil {
		t.Fatalf("transport error: %v", a.Err)
	}
	if a.Status != c.Expect.Status {
		t.Fatalf("HTTP %d, want %d; body %.200q", a.Status, c.Expect.Status, a.Body)
	}
	for k, want := range c.Expect.Header {
		if got := a.Header.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	if a.Status != http.StatusOK {
		return
	}
	if ct := a.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		t.Errorf("Content-Type %q, want text/xml", ct)
	}
	v, err := xmlrpc.DecodeResponse(bytes.NewReader(a.Body), xmlrpc.Limits{})
	var f *xmlrpc.Fault
	if errors.As(err, &f) {
		if len(f.String) > maxFaultString {
			t.Errorf("faultString is %d bytes, want at most %d", len(f.String), maxFaultString)
		}
		if c.Expect.Fault == 0 {
			t.Fatalf("fault %d %q, want success", f.Code, f.String)
		}
		if f.Code != c.Expect.Fault {
			t.Fatalf("fault %d %q, want fault %d", f.Code, f.String, c.Expect.Fault)
		}
		if c.Expect.FaultContains != "" && !strings.Contains(f.String, c.Expect.FaultContains) {
			t.Fatalf("fault %d %q does not mention %q: refused for another reason", f.Code, f.String, c.Expect.FaultContains)
		}
		t.Logf("fault %d %q", f.Code, f.String)
		return
	}
	if err != nil {
		t.Fatalf("unreadable methodResponse: %v; body %.200q", err, a.Body)
	}
	if c.Expect.Fault != 0 {
		t.Fatalf("success, want fault %d", c.Expect.Fault)
	}
	want := c.Expect.Inner
	if ia := c.Expect.InnerAll; ia != nil {
		want = make([]int, ia.Count)
		for i := range want {
			want[i] = ia.Fault
		}
	}
	if want == nil {
		return
	}
	items := v.Items()
	if v.Kind() != xmlrpc.KindArray || len(items) != len(want) {
		t.Fatalf("multicall answered %v with %d items, want an array of %d", v.Kind(), len(items), len(want))
	}
	for i, it := range items {
		got := 0
		if it.Kind() == xmlrpc.KindStruct {
			fc, _ := it.Get("faultCode")
			fs, _ := it.Get("faultString")
			n, _ := fc.AsInt()
			got = int(n)
			if s, _ := fs.AsString(); len(s) > maxFaultString {
				t.Errorf("inner %d: faultString is %d bytes", i, len(s))
			}
		} else if it.Kind() != xmlrpc.KindArray || len(it.Items()) != 1 {
			t.Fatalf("inner %d: %v, want a one-element array or a fault struct", i, it.Kind())
		}
		if got != want[i] {
			t.Errorf("inner call %d: faultCode %d, want %d", i, got, want[i])
		}
	}
}

// TestHostileCorpus drives every case of testdata/hostile/cases.json through
// the real server process (authentication included) and asserts, for each:
// the documented answer; that the server still serves a valid call
// afterwards; that serving the case made the server allocate at most the
// case's bound (go_memstats_alloc_bytes_total from its /metrics). Over the
// whole corpus the server's RSS must stay under maxCorpusRSS, and it must
// exit cleanly at the end (startGateway's cleanup).
func TestHostileCorpus(t *testing.T) {
	cases := loadCorpus(t)
	g := startGateway(t, gatewayConfig{})
	g.healthy(t, "start-up")

	var maxRSS int64
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			before, _ := g.metrics(t)
			a := g.send(c)
			after, _ := g.metrics(t)
			check(t, c, a)
			bound := c.MaxAllocMiB
			if bound == 0 {
				bound = defaultMaxAllocMiB
			}
			alloc := after["go_memstats_alloc_bytes_total"] - before["go_memstats_alloc_bytes_total"]
			if alloc <= 0 {
				t.Fatalf("go_memstats_alloc_bytes_total did not move (%v -> %v): the bound is not measured",
					before["go_memstats_alloc_bytes_total"], after["go_memstats_alloc_bytes_total"])
			}
			if alloc > float64(bound<<20) {
				t.Errorf("the server allocated %.1f MiB serving the case, bound %d MiB", alloc/(1<<20), bound)
			}
			rss := g.rssBytes(t)
			maxRSS = max(maxRSS, rss)
			t.Logf("server allocated %.2f MiB; heap in use %.1f MiB; RSS %.1f MiB",
				alloc/(1<<20), after["go_memstats_heap_inuse_bytes"]/(1<<20), float64(rss)/(1<<20))
			g.healthy(t, c.Name)
		})
	}
	t.Logf("server RSS peaked at %.1f MiB over %d cases", float64(maxRSS)/(1<<20), len(cases))
	if maxRSS > maxCorpusRSS {
		t.Errorf("server RSS reached %.1f MiB, bound %d MiB", float64(maxRSS)/(1<<20), maxCorpusRSS>>20)
	}
}

// maxCorpusRSS bounds the server's resident memory while it serves the
// corpus one case at a time (the largest cases allocate ~130 MiB in total,
// of which far less is live at once).
const maxCorpusRSS = 256 << 20

// maxConcurrentRSS bounds the server's resident memory while the heaviest
// hostile cases arrive all at once (SECURITY.md's figure: 30 of them, with
// default flags, under 512 MiB).
const maxConcurrentRSS = 512 << 20

// TestHostileConcurrentMemory sends every heavy case of the corpus (a bound
// of 128 MiB or more) twice at the same time, samples the server's RSS
// while they are served, and asserts the documented answers and a peak RSS
// under maxConcurrentRSS: the per-request bounds hold together, and the
// server still serves afterwards.
func TestHostileConcurrentMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("sends about 150 MB at once")
	}
	var heavy []hostileCase
	for _, c := range loadCorpus(t) {
		if c.MaxAllocMiB >= 128 {
			heavy = append(heavy, c, c)
		}
	}
	if len(heavy) < 10 {
		t.Fatalf("only %d heavy sends", len(heavy))
	}
	g := startGateway(t, gatewayConfig{})
	g.healthy(t, "start-up")
	base := g.rssBytes(t)

	done := make(chan struct{})
	peak := make(chan int64, 1)
	go func() {
		var p int64
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				peak <- p
				return
			case <-tick.C:
				if n, err := g.readRSS(); err == nil {
					p = max(p, n)
				}
			}
		}
	}()
	answers := make([]answer, len(heavy))
	var wg sync.WaitGroup
	for i, c := range heavy {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = g.send(c)
		}()
	}
	wg.Wait()
	close(done)
	p := <-peak
	for i, c := range heavy {
		t.Run(c.Name, func(t *testing.T) { check(t, c, answers[i]) })
	}
	t.Logf("%d heavy requests at once: server RSS %.1f MiB before, peak %.1f MiB", len(heavy), float64(base)/(1<<20), float64(p)/(1<<20))
	if p > maxConcurrentRSS {
		t.Errorf("server RSS peaked at %.1f MiB, bound %d MiB", float64(p)/(1<<20), maxConcurrentRSS>>20)
	}
	g.healthy(t, "the concurrent heavy cases")
}
