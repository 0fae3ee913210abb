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
	"context"
	"errors"
	"fmt"
	"net/http"
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
// POST/PATCH /issues (§1.3: the two official clients disagree; README.md,
// "Wire format against the official clients", has the evidence).
type CustomFieldMultiForm int

const (
	// CustomFieldIndexed numbers the values: customField_12[0]=1&customField_12[1]=3
	// (backlog-js since 2025-10, nulab's own fix for the failing bracket
	// form). The default.
	CustomFieldIndexed CustomFieldMultiForm = iota
	// CustomFieldRepeated repeats the plain name: customField_12=1&customField_12=3
	// (backlog4j, the official Java client).
	CustomFieldRepeated
	// CustomFieldBracket repeats the name with empty brackets:
	// customField_12[]=1&customField_12[]=3 (the form of the search
	// parameters, reported refused on writes with code 7). The gateway never
	// sends it on writes; `backlog-xmlrpc check --write-project` tries it to
	// report which forms a space stores.
	CustomFieldBracket
)

// WithCustomFieldMultiForm picks the multi-value form of custom fields on
// writes (default CustomFieldIndexed; see README.md for why).
func WithCustomFieldMultiForm(f CustomFieldMultiForm) Option {
	return func(c *Client) error { c.cfForm = f; return nil }
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
	bodyHook  BodyHook // nil: raw bodies are not shown to anyone

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

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// getOne GETs one entity.
func getOne[T any](ctx context.Context, c *Client, e endpoint, q url.Values) (*T, *Response, error) {
	var v T
	resp, err := c.get(ctx, e, q, &v)
	if err != nil {
		return nil, resp, err
	}
	return &v, resp, nil
}

// getList GETs a list (never nil on success).
func getList[T any](ctx context.Context, c *Client, e endpoint, q url.Values) ([]T, *Response, error) {
	var v []T
	resp, err := c.get(ctx, e, q, &v)
	if err != nil {
		return nil, resp, err
	}
	if v == nil {
		v = []T{}
	}
	return v, resp, nil
}

// sendOne performs a write and decodes the entity it answers with.
func sendOne[T any](ctx context.Context, c *Client, method string, e endpoint, f form) (*T, *Response, error) {
	var v T
	resp, err := c.send(ctx, method, e, url.Values(f), &v)
	if err != nil {
		return nil, resp, err
	}
	return &v, resp, nil
}
