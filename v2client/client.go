// Package v2client is a typed client for the Backlog API v2 (REST/JSON), in
// the shape of google/go-github: a Client with one service per resource,
// context-first methods returning (T, *Response, error), one CheckResponse
// that turns failures into typed errors, and the rate-limit headers parsed
// on every Response.
//
// Reference: ../shared/spec/v2-api.md (transport §1, entities §2, endpoints
// §3, the legacy mapping table §5.2). Decisions on points the spec marks
// UNCONFIRMED are written down in README.md next to this file.
//
// Reliability contract (what the methods layer relies on):
//   - a read (GET) may be retried after a transport error, a 5xx or a 429,
//     with backoff, and only while the caller's deadline leaves room;
//   - a write (POST/PATCH/DELETE) is never retried; if it was sent and no
//     usable answer came back (timeout, reset, truncated body, 5xx) the
//     error is an *OutcomeUnknownError;
//   - the API key and OAuth tokens never appear in an error string, a
//     CallEvent or Response.Request.URL.
package v2client

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults of the Options.
const (
	// DefaultUserAgent is sent when WithUserAgent is not given.
	DefaultUserAgent = "backlog-xmlrpc-v2client/1"
	// DefaultTimeout bounds one HTTP exchange of the default http.Client
	// (the caller's context usually bounds it sooner).
	DefaultTimeout = 30 * time.Second
	// maxBody caps a successful response body (a 100-issue page is ~200 KiB).
	maxBody = 32 << 20
	// maxErrorBody caps an error response body (§ brief: read with a cap).
	maxErrorBody = 64 << 10
)

// CallEvent describes one HTTP attempt, for metrics and logs. Route is the
// path template ("/api/v2/issues/:issueIdOrKey"), so it has bounded
// cardinality; Err is already scrubbed of secrets.
type CallEvent struct {
	Method   string
	Route    string
	Status   int // 0 when no response arrived
	Duration time.Duration
	Err      error
	Attempt  int // 1 for the first attempt
	// Rate is the rate-limit state the response carried (zero when no
	// response arrived or it had no X-RateLimit-* headers), for metrics.
	Rate Rate
}

// RetryPolicy says how reads (GET) are retried. Writes never are.
type RetryPolicy struct {
	// MaxAttempts is the total number of attempts of one read (1 = no retry).
	MaxAttempts int
	// BaseBackoff is the first backoff; it doubles per attempt, with full jitter.
	BaseBackoff time.Duration
	// MaxBackoff caps one backoff.
	MaxBackoff time.Duration
	// MaxRateLimitWait caps how long a read waits for X-RateLimit-Reset after
	// a 429 when the context has no deadline (with a deadline, the deadline
	// decides: the client never waits past it).
	MaxRateLimitWait time.Duration
}

// DefaultRetryPolicy is used when WithRetry is not given: 3 attempts,
// 200 ms doubling up to 2 s, and at most 10 s of waiting for a rate-limit
// reset when the context has no deadline.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 3, BaseBackoff: 200 * time.Millisecond, MaxBackoff: 2 * time.Second, MaxRateLimitWait: 10 * time.Second}

// Option configures a Client in New.
type Option func(*Client) error

// WithHTTPClient sets the http.Client (default: one with NewTransport and
// DefaultTimeout). A transport that skips TLS verification is refused.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("v2client: nil http.Client")
		}
		if t, ok := hc.Transport.(*http.Transport); ok && t.TLSClientConfig != nil && t.TLSClientConfig.InsecureSkipVerify {
			return errors.New("v2client: TLS verification must stay on")
		}
		c.http = hc
		return nil
	}
}

// WithUserAgent sets the User-Agent header (default DefaultUserAgent).
func WithUserAgent(ua string) Option {
	return func(c *Client) error { c.userAgent = ua; return nil }
}

// WithObserver registers a function called after every HTTP attempt (default:
// none). It must be fast and safe for concurrent use.
func WithObserver(f func(ctx context.Context, e CallEvent)) Option {
	return func(c *Client) error { c.observer = f; return nil }
}

// WithRetry sets the retry policy of reads (default DefaultRetryPolicy).
// MaxAttempts below 1 is treated as 1.
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) error {
		if p.MaxAttempts < 1 {
			p.MaxAttempts = 1
		}
		c.retry = p
		return nil
	}
}

// CustomFieldMultiForm is how a multi-valued custom field is written on
// POST/PATCH /issues (§1.3: the two official clients disagree).
type CustomFieldMultiForm int

const (
	// CustomFieldRepeated repeats the plain name: customField_12=1&customField_12=3
	// (backlog4j, the official Java client, since 2014). The default.
	CustomFieldRepeated CustomFieldMultiForm = iota
	// CustomFieldIndexed numbers the values: customField_12[0]=1&customField_12[1]=3
	// (backlog-js since 2025-10).
	CustomFieldIndexed
)

// WithCustomFieldMultiForm picks the multi-value form of custom fields on
// writes (default CustomFieldRepeated; see README.md for why).
func WithCustomFieldMultiForm(f CustomFieldMultiForm) Option {
	return func(c *Client) error { c.cfForm = f; return nil }
}

// NewTransport returns the transport the default http.Client uses, tuned for
// a gateway that makes many small calls to one host: keep-alive with many
// idle connections per host, bounded dial/TLS/response-header waits, HTTP/2
// when offered, and TLS 1.2+ with verification on.
func NewTransport() *http.Transport {
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   5 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
}

// Client talks to one Backlog space. It is safe for concurrent use. A Client
// made by New carries no credentials; WithAPIKey and WithTokenSource return
// cheap copies (sharing the transport) that act as one user.
type Client struct {
	base      *url.URL // scheme://host[/prefix], no trailing slash
	http      *http.Client
	userAgent string
	observer  func(context.Context, CallEvent)
	retry     RetryPolicy
	cfForm    CustomFieldMultiForm
	wait      WaitHook // nil: no pausing

	apiKey string
	tokens TokenSource

	// sleep waits d or until ctx is done; replaced in tests.
	sleep func(ctx context.Context, d time.Duration) error
	// now is the clock; replaced in tests.
	now func() time.Time

	common service

	// Space: GET /space, /space/activities, /rateLimit.
	Space *SpaceService
	// Projects: projects, members, issue types, categories, versions,
	// statuses, custom fields, project activities.
	Projects *ProjectsService
	// Issues: list, count, get, create, update, delete.
	Issues *IssuesService
	// Comments: issue comments.
	Comments *CommentsService
	// Users: users, myself, icons, user activities.
	Users *UsersService
	// Priorities: GET /priorities.
	Priorities *PrioritiesService
	// Resolutions: GET /resolutions.
	Resolutions *ResolutionsService
	// Statuses: the space-wide GET /statuses (UNCONFIRMED endpoint).
	Statuses *StatusesService
}

type service struct{ client *Client }

// New returns a Client for the space at baseURL ("https://example.backlog.jp"
// or a Backlog Enterprise URL; "/api/v2/..." is added per call, and a
// trailing "/api/v2" in baseURL is tolerated).
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("v2client: base URL %q must be an absolute http(s) URL", baseURL)
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/api/v2")
	u.RawPath = ""
	c := &Client{
		base:      u,
		http:      &http.Client{Transport: NewTransport(), Timeout: DefaultTimeout},
		userAgent: DefaultUserAgent,
		retry:     DefaultRetryPolicy,
		sleep:     sleepCtx,
		now:       time.Now,
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	c.init()
	return c, nil
}

func (c *Client) init() {
	c.common.client = c
	c.Space = (*SpaceService)(&c.common)
	c.Projects = (*ProjectsService)(&c.common)
	c.Issues = (*IssuesService)(&c.common)
	c.Comments = (*CommentsService)(&c.common)
	c.Users = (*UsersService)(&c.common)
	c.Priorities = (*PrioritiesService)(&c.common)
	c.Resolutions = (*ResolutionsService)(&c.common)
	c.Statuses = (*StatusesService)(&c.common)
}

func (c *Client) clone() *Client {
	c2 := *c
	c2.init()
	return &c2
}

// WithAPIKey returns a copy of c that authenticates with a user's API key
// (sent as the apiKey query parameter on every request, also on writes, §1.2).
// The copy shares c's transport; it is cheap enough to make per request.
func (c *Client) WithAPIKey(key string) *Client {
	c2 := c.clone()
	c2.apiKey, c2.tokens = key, nil
	return c2
}

// WithTokenSource returns a copy of c that authenticates with OAuth 2 Bearer
// tokens from ts. When ts also implements Refresher, a 401 makes the client
// refresh once and repeat the request.
func (c *Client) WithTokenSource(ts TokenSource) *Client {
	c2 := c.clone()
	c2.apiKey, c2.tokens = "", ts
	return c2
}

// BaseURL returns the space's base URL (no /api/v2), e.g. for building the
// web links legacy responses carry (§1.1).
func (c *Client) BaseURL() string { return c.base.String() }

// CloseIdleConnections closes the kept-alive connections of the client's
// transport (shared by every copy), e.g. on shutdown.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// ID formats a numeric id for the ...IDOrKey parameters.
func ID(id int64) string { return strconv.FormatInt(id, 10) }

// Response is an HTTP response from Backlog, with the rate-limit state of its
// request class. Request.URL has the API key redacted.
type Response struct {
	*http.Response
	Rate Rate
}

// parseRate reads X-RateLimit-Limit/Remaining/Reset (zero when absent).
func parseRate(h http.Header) Rate {
	var r Rate
	if v := h.Get("X-RateLimit-Limit"); v != "" {
		r.Limit, _ = strconv.Atoi(v)
	}
	if v := h.Get("X-RateLimit-Remaining"); v != "" {
		r.Remaining, _ = strconv.Atoi(v)
	}
	if v := h.Get("X-RateLimit-Reset"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			r.Reset = time.Unix(n, 0).UTC()
		}
	}
	return r
}

// request is one v2 call before sending.
type request struct {
	method string
	route  string     // path template, for CallEvent
	path   string     // concrete path below the base, already escaped
	query  url.Values // GET parameters (apiKey is added by do)
	form   url.Values // body of POST/PATCH/DELETE (nil: no body)
	// noAuth leaves credentials out (the OAuth token endpoint).
	noAuth bool
	// token is the access token the last attempt sent (for Refresh).
	token string
}

func (r *request) isWrite() bool { return r.method != http.MethodGet && r.method != http.MethodHead }

func newRequest(method string, e endpoint) *request {
	return &request{method: method, route: e.route, path: e.path}
}

// endpoint is where one v2 call goes: route is the path template
// ("/api/v2/issues/:issueIdOrKey", the bounded label of CallEvent and of
// errors), path the template with its variables filled in and escaped.
type endpoint struct{ route, path string }

// at fills the :variables of route, in order, with args, each escaped as
// one path segment (ids and keys given by the caller). The routes are
// constants of this package, so a count that does not match is a
// programming error: at panics.
func at(route string, args ...string) endpoint {
	if len(args) == 0 && !strings.Contains(route, "/:") {
		return endpoint{route, route}
	}
	var b strings.Builder
	rest := route
	for _, a := range args {
		i := strings.Index(rest, "/:")
		if i < 0 {
			panic("v2client: more arguments than variables in " + route)
		}
		b.WriteString(rest[:i+1])
		b.WriteString(url.PathEscape(a))
		rest = rest[i+1:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			rest = rest[j:]
		} else {
			rest = ""
		}
	}
	if strings.Contains(rest, "/:") {
		panic("v2client: fewer arguments than variables in " + route)
	}
	b.WriteString(rest)
	return endpoint{route, b.String()}
}

// get performs a GET and decodes the JSON answer into v.
func (c *Client) get(ctx context.Context, e endpoint, q url.Values, v any) (*Response, error) {
	r := newRequest(http.MethodGet, e)
	r.query = q
	resp, body, err := c.do(ctx, r)
	if err != nil {
		return resp, err
	}
	return resp, decodeJSON(r, resp, body, v)
}

// send performs a write with a form body and decodes the JSON answer into v.
func (c *Client) send(ctx context.Context, method string, e endpoint, form url.Values, v any) (*Response, error) {
	r := newRequest(method, e)
	if form == nil {
		form = url.Values{}
	}
	r.form = form
	resp, body, err := c.do(ctx, r)
	if err != nil {
		return resp, err
	}
	return resp, decodeJSON(r, resp, body, v)
}

func decodeJSON(r *request, resp *Response, body []byte, v any) error {
	if v == nil {
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		// A write answered 2xx without a body (204, as some action
		// endpoints do) succeeded: v stays the zero value.
		if r.isWrite() {
			return nil
		}
		return &DecodeError{Method: r.method, Route: r.route, StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Err: errors.New("empty body")}
	}
	if err := jsonUnmarshal(body, v); err != nil {
		derr := &DecodeError{Method: r.method, Route: r.route, StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Err: err}
		if r.isWrite() {
			return &OutcomeUnknownError{Method: r.method, Route: r.route, Err: derr}
		}
		return derr
	}
	return nil
}

// do sends r (with retries for reads), checks the answer and returns the
// body of a 2xx response. Every error it returns is scrubbed of secrets.
func (c *Client) do(ctx context.Context, r *request) (*Response, []byte, error) {
	attempts := 1
	if !r.isWrite() {
		attempts = c.retry.MaxAttempts
	}
	refreshed := false
	var lastErr error
	for attempt := 1; ; attempt++ {
		resp, body, err := c.once(ctx, r, attempt)
		if err == nil {
			return resp, body, nil
		}
		lastErr = err
		// One refresh and repeat after a 401 with OAuth (the request was
		// refused, so repeating a write is safe).
		var apiErr *APIError
		if !refreshed && c.tokens != nil && errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized {
			if rf, ok := c.tokens.(Refresher); ok {
				refreshed = true
				resume := c.pause(ctx) // may wait for another call's refresh
				_, rerr := rf.Refresh(ctx, r.token)
				resume()
				if rerr != nil {
					return resp, nil, c.scrub(rerr)
				}
				attempt--
				continue
			}
		}
		if r.isWrite() || attempt >= attempts {
			return resp, nil, lastErr
		}
		wait, ok := c.retryWait(ctx, err, attempt)
		if !ok {
			return resp, nil, lastErr
		}
		resume := c.pause(ctx) // a back-off waits for Backlog, not the CPU
		err = c.sleep(ctx, wait)
		resume()
		if err != nil {
			return resp, nil, lastErr
		}
	}
}

// retryWait decides whether a failed read is retried and after how long:
// 429 waits for X-RateLimit-Reset, 5xx and transport errors back off
// exponentially; nothing waits past the context deadline.
func (c *Client) retryWait(ctx context.Context, err error, attempt int) (time.Duration, bool) {
	var wait time.Duration
	var rl *RateLimitError
	var apiErr *APIError
	var te *TransportError
	switch {
	case errors.As(err, &rl):
		wait = rl.Reset.Sub(c.now())
		if wait < 0 || rl.Reset.IsZero() {
			wait = c.backoff(attempt)
		}
		if _, has := ctx.Deadline(); !has && wait > c.retry.MaxRateLimitWait {
			return 0, false
		}
	case errors.As(err, &apiErr):
		if apiErr.StatusCode < 500 {
			return 0, false
		}
		wait = c.backoff(attempt)
	case errors.As(err, &te):
		if ctx.Err() != nil {
			return 0, false
		}
		wait = c.backoff(attempt)
	default:
		return 0, false
	}
	if dl, has := ctx.Deadline(); has && c.now().Add(wait).After(dl) {
		return 0, false
	}
	return wait, true
}

func (c *Client) backoff(attempt int) time.Duration {
	d := c.retry.BaseBackoff << (attempt - 1)
	if d <= 0 || d > c.retry.MaxBackoff {
		d = c.retry.MaxBackoff
	}
	if d <= 0 {
		return 0
	}
	// Full jitter in [d/2, d].
	return d/2 + rand.N(d/2+1)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// once performs one HTTP attempt.
func (c *Client) once(ctx context.Context, r *request, attempt int) (resp *Response, body []byte, err error) {
	start := c.now()
	status := 0
	defer func() {
		if c.observer != nil {
			var rate Rate
			if resp != nil {
				rate = resp.Rate
			}
			c.observer(ctx, CallEvent{Method: r.method, Route: r.route, Status: status, Duration: c.now().Sub(start), Err: err, Attempt: attempt, Rate: rate})
		}
	}()

	u, err := url.Parse(c.base.String() + r.path)
	if err != nil {
		return nil, nil, fmt.Errorf("v2client: %s %s: bad path: %w", r.method, r.route, err)
	}
	q := url.Values{}
	for k, v := range r.query {
		q[k] = v
	}
	if c.apiKey != "" && !r.noAuth {
		q.Set("apiKey", c.apiKey)
	}
	u.RawQuery = q.Encode()

	var bodyReader io.Reader
	var formBody string
	if r.form != nil {
		formBody = r.form.Encode()
		bodyReader = strings.NewReader(formBody)
	}
	// The trace goes into the request's context from the start: adding it
	// afterwards with req.WithContext copied the whole request per call.
	var wrote bool
	trace := &httptrace.ClientTrace{WroteHeaders: func() { wrote = true }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), r.method, u.String(), bodyReader)
	if err != nil {
		return nil, nil, c.scrub(fmt.Errorf("v2client: %s %s: %w", r.method, r.route, err))
	}
	if r.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(formBody)), nil }
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if c.tokens != nil && !r.noAuth {
		// A token source may make this call wait for another call's
		// refresh (RefreshingTokenSource holds its lock through the
		// exchange): waiting with a work slot held could deadlock a work
		// gate.
		resume := c.pause(ctx)
		tok, terr := c.tokens.Token(ctx)
		resume()
		if terr != nil {
			return nil, nil, c.scrub(terr)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		r.token = tok
	}

	// From sending the request until the answer's headers arrive the call
	// waits for Backlog, not the CPU: the wait hook may give its work slot
	// back meanwhile. The body is read after resuming, so that calls queued
	// to resume do not each hold a whole answer (100 queued 100-issue
	// answers are 100 MiB); until then it waits in the socket, and TCP
	// slows the sender. A body that takes longer than bodyStall to read (a
	// slow link, a stalled Backlog) counts as a wait for the rest of the
	// read, so stalled answers cannot starve the other calls.
	resume := c.pause(ctx)
	hresp, err := c.http.Do(req)
	resume()
	if err != nil {
		return nil, nil, c.transportError(r, wrote, err)
	}
	defer hresp.Body.Close()
	status = hresp.StatusCode
	resp = &Response{Response: hresp, Rate: parseRate(hresp.Header)}
	c.redactRequest(hresp)

	limit := int64(maxBody)
	if hresp.StatusCode < 200 || hresp.StatusCode > 299 {
		limit = maxErrorBody
	}
	stop := c.pauseAfter(ctx, bodyStall)
	body, rerr := readBody(hresp.Body, hresp.ContentLength, limit)
	stop()
	if hresp.StatusCode >= 200 && hresp.StatusCode <= 299 {
		if rerr != nil {
			// The answer was cut off: the request got there.
			return resp, nil, c.transportError(r, true, rerr)
		}
		if int64(len(body)) > limit {
			derr := &DecodeError{Method: r.method, Route: r.route, StatusCode: hresp.StatusCode, ContentType: hresp.Header.Get("Content-Type"), Err: fmt.Errorf("body larger than %d bytes", limit)}
			if r.isWrite() {
				return resp, nil, &OutcomeUnknownError{Method: r.method, Route: r.route, Err: derr}
			}
			return resp, nil, derr
		}
		return resp, body, nil
	}
	if int64(len(body)) > limit {
		body = body[:limit]
	}
	cerr := checkResponse(r.method, r.route, hresp, body)
	if r.isWrite() && hresp.StatusCode >= 500 {
		return resp, nil, &OutcomeUnknownError{Method: r.method, Route: r.route, Err: cerr}
	}
	return resp, nil, cerr
}

// transportError classifies a failure without a (complete) answer. sent
// tells whether the request headers were written.
func (c *Client) transportError(r *request, sent bool, err error) error {
	err = c.scrub(err)
	te := &TransportError{Method: r.method, Route: r.route, Sent: sent, Err: err}
	if r.isWrite() && sent {
		return &OutcomeUnknownError{Method: r.method, Route: r.route, Err: te}
	}
	return te
}

// redactRequest replaces the URL of the request kept in hresp by one
// without the API key, so that logging Response.Request is safe.
func (c *Client) redactRequest(hresp *http.Response) {
	if hresp.Request == nil || hresp.Request.URL == nil {
		return
	}
	r2 := *hresp.Request
	u := redactURL(hresp.Request.URL)
	r2.URL = u
	r2.Header = hresp.Request.Header.Clone()
	if r2.Header.Get("Authorization") != "" {
		r2.Header.Set("Authorization", "REDACTED")
	}
	hresp.Request = &r2
}

// redactURL returns a copy of u with secret query parameters replaced.
func redactURL(u *url.URL) *url.URL {
	u2 := *u
	q := u2.Query()
	changed := false
	for _, k := range []string{"apiKey", "access_token", "refresh_token", "client_secret", "code"} {
		if q.Has(k) {
			q.Set(k, "REDACTED")
			changed = true
		}
	}
	if changed {
		u2.RawQuery = q.Encode()
	}
	u2.User = nil
	return &u2
}

// scrub removes the client's secrets from err: a *url.Error gets a redacted
// URL, and any other text that still contains a secret is replaced.
func (c *Client) scrub(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if pu, perr := url.Parse(ue.URL); perr == nil {
			ue2 := &url.Error{Op: ue.Op, URL: redactURL(pu).String(), Err: ue.Err}
			if err == error(ue) {
				err = ue2
			} else {
				err = &redactedError{msg: strings.ReplaceAll(err.Error(), ue.URL, ue2.URL), err: ue2}
			}
		}
	}
	secrets := c.secrets()
	msg := err.Error()
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			return &redactedError{msg: redactAll(msg, secrets), err: unwrapSafe(err, secrets)}
		}
	}
	return err
}

func (c *Client) secrets() []string {
	s := []string{c.apiKey, url.QueryEscape(c.apiKey)}
	if st, ok := c.tokens.(interface{ secrets() []string }); ok {
		s = append(s, st.secrets()...)
	}
	return s
}

func redactAll(msg string, secrets []string) string {
	for _, s := range secrets {
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "REDACTED")
		}
	}
	return msg
}

// unwrapSafe returns the deepest error in err's chain whose text holds no
// secret (nil if none), so errors.Is on sentinel causes keeps working.
func unwrapSafe(err error, secrets []string) error {
	for e := err; e != nil; e = errors.Unwrap(e) {
		msg := e.Error()
		clean := true
		for _, s := range secrets {
			if len(s) >= 4 && strings.Contains(msg, s) {
				clean = false
				break
			}
		}
		if clean {
			return e
		}
	}
	return nil
}

// redactedError is an error whose text had secrets removed.
type redactedError struct {
	msg string
	err error
}

// Error returns the redacted text.
func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the deepest cause whose text holds no secret.
func (e *redactedError) Unwrap() error { return e.err }

// readBody reads at most limit+1 bytes of an answer's body (one more than
// limit, so that the caller can tell a body over the limit). When the
// answer announces its length (size >= 0) and it fits, the buffer is
// allocated once at that size: io.ReadAll starts at 512 bytes and grows by
// copying, which was 10% of the bytes allocated by a getIssue call
// (BENCHMARKS.md, "Profiles, and what changed"). A body longer than
// announced is still read whole up to the limit.
func readBody(r io.Reader, size, limit int64) ([]byte, error) {
	if size < 0 || size > limit {
		return io.ReadAll(io.LimitReader(r, limit+1))
	}
	b := make([]byte, 0, size+1) // +1: the read that sees EOF needs room
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			rest, err := io.ReadAll(io.LimitReader(r, limit+1-int64(len(b))))
			return append(b, rest...), err
		}
	}
}
