package fake

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Server is the in-memory Backlog v2 space: an http.Handler serving
// /api/v2/..., the OAuth authorization page (AuthorizePath) and, for test
// harnesses, /_fake/counters. It is safe for
// concurrent use; every knob (faults, latency) can be changed while it
// serves.
type Server struct {
	st       *store
	clock    func() time.Time
	limits   RateLimits
	latency  atomic.Int64 // time.Duration
	counters *Counters
	rate     rateState
	faults   faultState
	routes   map[routeShape][]*route
	undoc    undocumented
}

// Option configures a Server (see New).
type Option func(*Server)

// WithClock sets the clock used for created/updated timestamps, token
// expiry and rate-limit windows. Default: time.Now (a running demo shows
// real times); tests pass FixedClock for deterministic output.
func WithClock(now func() time.Time) Option {
	return func(s *Server) {
		if now != nil {
			s.clock = now
		}
	}
}

// FixedClock returns a clock that always answers t (for WithClock).
func FixedClock(t time.Time) func() time.Time {
	t = t.UTC()
	return func() time.Time { return t }
}

// RateLimits is the per-user, per-minute budget of each request class
// (§1.9 of the v2 notes): search = GET /issues and /issues/count, icon =
// user icons, read = every other GET, update = POST/PATCH/DELETE.
type RateLimits struct {
	Read, Update, Search, Icon int
}

// BacklogRateLimits are the budgets of Backlog's documentation example
// (read 600, update 150, search 150, icon 60 per minute).
var BacklogRateLimits = RateLimits{Read: 600, Update: 150, Search: 150, Icon: 60}

// DefaultRateLimits is the budget when WithRateLimit is not given: so large
// (ten million a minute per class) that demos, tests and benchmarks never
// trip it, while every response still carries X-RateLimit-* headers.
var DefaultRateLimits = RateLimits{Read: 10_000_000, Update: 10_000_000, Search: 10_000_000, Icon: 10_000_000}

// WithRateLimit sets the per-user budgets; a request over budget gets 429
// with error code 13. A zero class keeps its default.
func WithRateLimit(l RateLimits) Option {
	return func(s *Server) {
		if l.Read > 0 {
			s.limits.Read = l.Read
		}
		if l.Update > 0 {
			s.limits.Update = l.Update
		}
		if l.Search > 0 {
			s.limits.Search = l.Search
		}
		if l.Icon > 0 {
			s.limits.Icon = l.Icon
		}
	}
}

// WithLatency delays every API request by d before it is handled (default
// 0). SetLatency changes it later.
func WithLatency(d time.Duration) Option {
	return func(s *Server) { s.latency.Store(int64(d)) }
}

// WithFaults starts the server with faults already injected (default none).
func WithFaults(f Faults) Option {
	return func(s *Server) { s.faults.set(f) }
}

// New returns a fake space holding a copy of seed (nil: DefaultSeed()).
// It panics if the seed refers to ids it does not define: seeds are test
// data, and a broken one is a programming error.
func New(seed *Seed, opts ...Option) *Server {
	if seed == nil {
		seed = DefaultSeed()
	}
	st, err := newStore(seed)
	if err != nil {
		panic("fake: invalid seed: " + err.Error())
	}
	s := &Server{st: st, clock: time.Now, limits: DefaultRateLimits, counters: newCounters()}
	s.rate.windows = map[rateKey]*rateWindow{}
	s.faults.rng = rand.New(rand.NewPCG(1, 2))
	for _, o := range opts {
		o(s)
	}
	s.routes = buildRoutes(s)
	return s
}

// SetLatency changes the delay added to every API request.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// Counters returns the call counters (per endpoint and per user).
func (s *Server) Counters() *Counters { return s.counters }

// Calls returns a copy of the per-endpoint call counts (see Counters.Calls).
func (s *Server) Calls() map[string]int { return s.counters.Calls() }

// Count returns the number of calls to one endpoint key, e.g.
// "GET /api/v2/issues/:issueIdOrKey".
func (s *Server) Count(key string) int { return s.counters.Count(key) }

// ResetCounters sets every counter back to zero.
func (s *Server) ResetCounters() { s.counters.Reset() }

func (s *Server) now() time.Time { return s.clock().UTC().Truncate(time.Second) }

// --- errors ---

// apiError is a Backlog error answer: HTTP status and one errors[] item.
type apiError struct {
	status int
	code   int
	msg    string
}

// Error returns the Backlog message.
func (e *apiError) Error() string { return e.msg }

// Backlog error codes (§1.8).
const (
	codeInternal     = 1
	codeUnauthorized = 5 // UnauthorizedOperationError: the role may not do this
	codeNoResource   = 6
	codeInvalid      = 7
	codeAuth         = 11
	codeTooMany      = 13
)

func errNotFound(msg string) error { return &apiError{http.StatusNotFound, codeNoResource, msg} }
func errInvalid(msg string) error  { return &apiError{http.StatusBadRequest, codeInvalid, msg} }
func errForbidden() error {
	return &apiError{http.StatusForbidden, codeUnauthorized, "You do not have permission to perform this operation."}
}

func errorBody(code int, msg string) []byte {
	b, _ := json.Marshal(v2client.ErrorBody{Errors: []v2client.ErrorItem{{Message: msg, Code: code, MoreInfo: ""}}})
	return b
}

// --- routing ---

type class int

const (
	classRead class = iota
	classUpdate
	classSearch
	classIcon
)

// String names the rate-limit class.
func (c class) String() string {
	return [...]string{"read", "update", "search", "icon"}[c]
}

type handlerFunc func(c *call) (int, any, error)

type route struct {
	method string
	tmpl   string // "/api/v2/issues/:issueIdOrKey"
	key    string // "GET /api/v2/issues/:issueIdOrKey"
	segs   []string
	class  class
	noAuth bool
	h      handlerFunc
}

type routeShape struct {
	method string
	n      int
}

func (rt *route) match(segs []string, vars []string) ([]string, bool) {
	vars = vars[:0]
	for k, seg := range rt.segs {
		if seg[0] == ':' {
			vars = append(vars, segs[k])
		} else if seg != segs[k] {
			return nil, false
		}
	}
	return vars, true
}

// rawJSON is an answer already encoded (cached issues): written as is.
type rawJSON []byte

// rawBody is a binary answer (user icons).
type rawBody struct {
	data     []byte
	filename string
}

// call is one API request being served.
type call struct {
	s     *Server
	r     *http.Request
	h     http.Header
	rt    *route
	vars  []string
	user  *user
	form  url.Values
	now   time.Time
	token bool
}

// v returns the i-th path variable.
func (c *call) v(i int) string { return c.vars[i] }

// ServeHTTP serves the v2 API: route, count, delay, inject faults,
// authenticate, rate-limit, handle, then write (or mangle) the answer.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_fake/") {
		s.serveControl(w, r)
		return
	}
	if r.URL.Path == AuthorizePath {
		s.serveAuthorize(w, r)
		return
	}
	path := strings.TrimSuffix(r.URL.Path, "/")
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	var rt *route
	var vars []string
	buf := make([]string, 0, 4)
	for _, cand := range s.routes[routeShape{r.Method, len(segs)}] {
		if v, ok := cand.match(segs, buf); ok {
			rt, vars = cand, v
			break
		}
	}
	if rt == nil {
		s.counters.add(r.Method+" (unknown)", "")
		writeJSON(w, http.StatusNotFound, errorBody(codeNoResource, "No such API."))
		return
	}
	s.counters.add(rt.key, "")
	if d := time.Duration(s.latency.Load()); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	f, active := s.faults.take(rt.key)
	if active && f.pre != nil {
		f.pre(w, s)
		return
	}
	c := &call{s: s, r: r, h: w.Header(), rt: rt, vars: vars, now: s.now()}
	status, body, err := s.serve(c)
	var payload []byte
	switch b := body.(type) {
	case rawJSON:
		payload = b
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
	case rawBody:
		payload = b.data
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment;filename="`+b.filename+`"`)
	default:
		if err == nil {
			var merr error
			payload, merr = json.Marshal(body)
			payload = realFloats(payload)
			if merr != nil {
				err = &apiError{http.StatusInternalServerError, codeInternal, "Internal error."}
			}
		}
		if err != nil {
			ae, ok := err.(*apiError)
			if !ok {
				ae = &apiError{http.StatusInternalServerError, codeInternal, "Internal error."}
			}
			status, payload = ae.status, errorBody(ae.code, ae.msg)
			if ae.status == http.StatusUnauthorized && c.token {
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="`+ae.msg+`"`)
			}
		}
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
	}
	if active && f.post != nil {
		f.post(w, status, payload)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
	w.WriteHeader(status)
	w.Write(payload)
}

// serve authenticates, rate-limits and runs the handler.
func (s *Server) serve(c *call) (int, any, error) {
	if !c.rt.noAuth {
		if err := s.authenticate(c); err != nil {
			return 0, nil, err
		}
		s.counters.add("", c.user.UserID)
		if err := s.rate.take(c, s.limits); err != nil {
			return 0, nil, err
		}
	}
	if err := c.parseForm(); err != nil {
		return 0, nil, err
	}
	s.undoc.note(c)
	if c.r.Method != http.MethodGet {
		// Whatever a write did (even a refused one), cached answers
		// rendered before it are stale.
		defer s.st.gen.Add(1)
	}
	return c.rt.h(c)
}

// parseForm merges the query string and, for writes, a form-encoded body
// (DELETE included: Backlog reads DELETE bodies).
func (c *call) parseForm() error {
	c.form = c.r.URL.Query()
	if c.r.Method == http.MethodGet || c.r.Body == nil {
		return nil
	}
	ct := c.r.Header.Get("Content-Type")
	if !strings.HasPrefix(strings.ToLower(ct), "application/x-www-form-urlencoded") {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(c.r.Body, 1<<20+1))
	if err != nil {
		return errInvalid("Unreadable request body.")
	}
	if len(b) > 1<<20 {
		return errInvalid("Request body too large.")
	}
	body, err := url.ParseQuery(string(b))
	if err != nil {
		return errInvalid("Malformed form body.")
	}
	for k, vs := range body {
		c.form[k] = append(c.form[k], vs...)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// --- authentication ---

// authenticate resolves the caller from apiKey (query) or a Bearer token
// issued by the token endpoint.
func (s *Server) authenticate(c *call) error {
	st := s.st
	if key := c.r.URL.Query().Get("apiKey"); key != "" {
		st.mu.RLock()
		u := st.usersByKey[key]
		st.mu.RUnlock()
		if u == nil || u.deleted {
			return &apiError{http.StatusUnauthorized, codeAuth, "Authentication failure."}
		}
		c.user = u
		return nil
	}
	if h := c.r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		c.token = true
		st.mu.RLock()
		t := st.tokens[strings.TrimSpace(h[7:])]
		var u *user
		if t != nil {
			u = st.users[t.userID]
		}
		st.mu.RUnlock()
		switch {
		case t == nil || u == nil || u.deleted:
			return &apiError{http.StatusUnauthorized, codeAuth, "The access token is invalid"}
		case !c.now.Before(t.expires):
			return &apiError{http.StatusUnauthorized, codeAuth, "The access token expired"}
		}
		c.user = u
		return nil
	}
	return &apiError{http.StatusUnauthorized, codeAuth, "Authentication failure."}
}

// --- rate limits ---

type rateKey struct {
	user  int64
	class class
}

type rateWindow struct {
	start time.Time
	used  int
}

type rateState struct {
	mu      sync.Mutex
	windows map[rateKey]*rateWindow
}

// take spends one request of the caller's budget for the route's class and
// sets the X-RateLimit-* headers; over budget it answers 429 code 13.
func (rs *rateState) take(c *call, l RateLimits) error {
	limit := [...]int{l.Read, l.Update, l.Search, l.Icon}[c.rt.class]
	start := c.now.Truncate(time.Minute)
	reset := start.Add(time.Minute).Unix()
	rs.mu.Lock()
	k := rateKey{c.user.ID, c.rt.class}
	win := rs.windows[k]
	if win == nil || !win.start.Equal(start) {
		win = &rateWindow{start: start}
		rs.windows[k] = win
	}
	over := win.used >= limit
	if !over {
		win.used++
	}
	remaining := limit - win.used
	rs.mu.Unlock()
	c.h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	c.h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	c.h.Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
	if over {
		return &apiError{http.StatusTooManyRequests, codeTooMany, "Rate limit exceeded."}
	}
	return nil
}

// rateStatus reports the caller's current state of one class (GET /rateLimit).
func (rs *rateState) status(uid int64, cl class, limit int, now time.Time) v2client.RateLimitClass {
	start := now.Truncate(time.Minute)
	rs.mu.Lock()
	defer rs.mu.Unlock()
	used := 0
	if win := rs.windows[rateKey{uid, cl}]; win != nil && win.start.Equal(start) {
		used = win.used
	}
	return v2client.RateLimitClass{Limit: int64(limit), Remaining: int64(limit - used), Reset: start.Add(time.Minute).Unix()}
}

// --- control endpoints for harnesses in other processes ---

// serveControl answers GET /_fake/counters (the counters as JSON:
// {"calls": {...}, "users": {...}}) and POST /_fake/counters/reset. They
// are not part of Backlog's API, are not counted and need no key: the load
// harness reads them when the fake runs as a separate process.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/_fake/counters":
		b, _ := json.Marshal(struct {
			Calls map[string]int `json:"calls"`
			Users map[string]int `json:"users"`
		}{s.counters.Calls(), s.counters.UserCalls()})
		writeJSON(w, http.StatusOK, b)
	case r.Method == http.MethodPost && r.URL.Path == "/_fake/counters/reset":
		s.counters.Reset()
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusNotFound, errorBody(codeNoResource, "No such API."))
	}
}

// --- helpers ---

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// hijackReset writes the head of an answer and then resets the TCP
// connection (SO_LINGER 0), so the client sees a reset mid-body.
func hijackReset(w http.ResponseWriter, status int, payload []byte) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// No raw connection (HTTP/2, in-memory recorder): abort the answer.
		w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
		w.WriteHeader(status)
		w.Write(payload[:len(payload)/2])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler)
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		return
	}
	var head bytes.Buffer
	head.WriteString("HTTP/1.1 " + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\n")
	w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
	w.Header().Write(&head)
	head.WriteString("\r\n")
	head.Write(payload[:len(payload)/2])
	rw.Write(head.Bytes())
	rw.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}
