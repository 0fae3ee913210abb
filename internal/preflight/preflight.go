// Package preflight is the `backlog-xmlrpc check` subcommand's logic: it
// runs, against the real Backlog space, the v2 requests the legacy methods
// make, and reports per legacy method whether it works, fails (with the v2
// answer's status and error code) or is not permitted for the key. Each
// answer is also compared strictly with the v2client type it decodes into
// (v2client.Drift), so the operator learns that Backlog changed before the
// gateway's lenient decoding hides it; the rate-limit headers, the space's
// time zone and each request's latency are reported too.
//
// Reads only, unless Options.WriteProject names a scratch project: then the
// write paths run there too (write.go) and everything created is removed.
package preflight

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Outcomes of a request and of a legacy method.
const (
	Works        = "works"
	Fails        = "fails"
	Drift        = "drift"         // the request works but its answer does not match the type
	NotPermitted = "not permitted" // 403 / AccessDenied / UnauthorizedOperation for this key
	NotChecked   = "not checked"   // not run (a write without --write-project, nothing to run it on)
)

// Options configure Run.
type Options struct {
	BacklogURL string
	// HTTPClient, when set, replaces v2client's default (tests).
	HTTPClient *http.Client
	// APIKey runs the checks as that key's user (--api-key).
	APIKey string
	// Credentials are the credentials file's entries: each is checked (key
	// valid, OAuth refresh works, which Backlog user it is), and the
	// requests run as the first entry that works when APIKey is empty.
	Credentials []auth.Credential
	// OAuth is the application of refresh-token entries.
	OAuth v2client.OAuthConfig
	// SaveRefreshToken stores a refresh token Backlog rotated while an
	// entry was checked (the old one may be dead); nil: not saved.
	SaveRefreshToken func(login, refreshToken string) error
	// Methods maps each legacy method to the v2 calls it may make
	// ("GET /api/v2/issues"), from the methods registry.
	Methods map[string][]string
	// Project is the key of the project the project-level reads use
	// (default: the first project the user has joined).
	Project string
	// WriteProject, when set, is a scratch project in which the write
	// paths run (write.go).
	WriteProject string
	// Timeout bounds each request (default 30s).
	Timeout time.Duration
}

// Request is the result of one v2 request.
type Request struct {
	Call      string   `json:"call"`           // "GET /api/v2/issues"
	Form      string   `json:"form,omitempty"` // the parameter form, for calls run in several
	Outcome   string   `json:"outcome"`
	Status    int      `json:"status,omitempty"` // HTTP status (0: no answer)
	Code      int      `json:"code,omitempty"`   // Backlog's error code
	Error     string   `json:"error,omitempty"`  // scrubbed of secrets by v2client
	LatencyMS float64  `json:"latency_ms"`
	Drift     []string `json:"drift,omitempty"`
	// RateLimit and RateRemaining are the answer's X-RateLimit-* headers.
	RateLimit     int `json:"rate_limit,omitempty"`
	RateRemaining int `json:"rate_remaining,omitempty"`
}

// Method is the verdict on one legacy method: the worst outcome of the v2
// calls it makes.
type Method struct {
	Name    string   `json:"name"`
	Outcome string   `json:"outcome"`
	Detail  []string `json:"detail,omitempty"` // the calls behind a verdict other than works
}

// Identity is the check of one credentials entry (never its secret).
type Identity struct {
	Login       string `json:"login"`
	Kind        string `json:"kind"` // "api key" or "oauth"
	OK          bool   `json:"ok"`
	BacklogUser string `json:"backlog_user,omitempty"` // userId (name) of the key's user
	Rotated     string `json:"rotated,omitempty"`      // what happened to a rotated refresh token
	Error       string `json:"error,omitempty"`
}

// Report is what Run found.
type Report struct {
	BacklogURL string      `json:"backlog_url"`
	TimeZone   string      `json:"time_zone,omitempty"`
	RunAs      string      `json:"run_as,omitempty"` // the Backlog user the requests ran as
	Project    string      `json:"project,omitempty"`
	Identities []Identity  `json:"identities,omitempty"`
	Requests   []Request   `json:"requests"`
	Methods    []Method    `json:"methods"`
	MultiForm  []FormTrial `json:"multi_value_forms,omitempty"`
	Cleanup    []string    `json:"cleanup_failures,omitempty"` // what --write-project could not remove
	// RateLowest is the request with the least rate-limit headroom.
	RateLowest string   `json:"rate_lowest,omitempty"`
	Errors     []string `json:"errors,omitempty"` // what stopped parts of the check
}

// OK reports whether nothing failed or drifted (the exit status).
func (r *Report) OK() bool {
	if len(r.Errors) > 0 || len(r.Cleanup) > 0 {
		return false
	}
	for _, id := range r.Identities {
		if !id.OK {
			return false
		}
	}
	for _, m := range r.Methods {
		if m.Outcome == Fails || m.Outcome == Drift {
			return false
		}
	}
	for _, q := range r.Requests {
		if q.Outcome == Fails || q.Outcome == Drift {
			return false
		}
	}
	return true
}

type captureKey struct{}

// capture holds the body of the last 2xx answer of a probe.
type capture struct{ body []byte }

func bodyHook(ctx context.Context, _, _ string, body []byte) {
	if c, ok := ctx.Value(captureKey{}).(*capture); ok {
		c.body = append(c.body[:0], body...)
	}
}

// checker runs the probes of one Run.
type checker struct {
	opts   Options
	copts  []v2client.Option                       // the client options, for the bases of other multi-value forms
	base   *v2client.Client                        // no credentials
	c      *v2client.Client                        // the user the requests run as
	as     func(*v2client.Client) *v2client.Client // c's credentials on another base
	tag    string                                  // the name of what --write-project creates
	report *Report
	// notAdmin, when set, says why the user the requests run as gets fault
	// 403 from every backlog.admin.* method: the gateway serves them to
	// space administrators only (methods.requireAdmin), whatever v2 allows.
	notAdmin string
}

// Run checks the space and returns the report. An error is returned only
// when nothing could be checked (a bad URL, no credential at all); failures
// of Backlog are in the report.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	copts := []v2client.Option{
		v2client.WithBodyHook(bodyHook),
		v2client.WithRetry(v2client.RetryPolicy{MaxAttempts: 1}),
		v2client.WithUserAgent("backlog-xmlrpc-check/1"),
	}
	if opts.HTTPClient != nil {
		copts = append(copts, v2client.WithHTTPClient(opts.HTTPClient))
	}
	base, err := v2client.New(opts.BacklogURL, copts...)
	if err != nil {
		return nil, err
	}
	defer base.CloseIdleConnections()
	if opts.APIKey == "" && len(opts.Credentials) == 0 {
		return nil, errors.New("no credential to check with: give --api-key or a credentials file")
	}
	k := &checker{opts: opts, copts: copts, base: base, report: &Report{BacklogURL: base.BaseURL()}}
	k.identities(ctx)
	if opts.APIKey != "" {
		k.apiKey(ctx)
	}
	if k.c == nil {
		if opts.APIKey == "" {
			k.report.Errors = append(k.report.Errors, "no credentials entry works: nothing else was checked")
		}
	} else {
		k.reads(ctx)
		if opts.WriteProject != "" {
			k.writes(ctx)
		}
	}
	k.verdicts()
	k.rateSummary()
	return k.report, nil
}

// identities checks every credentials entry and keeps the client of the
// first one that works.
func (k *checker) identities(ctx context.Context) {
	for _, cr := range k.opts.Credentials {
		id := Identity{Login: cr.Login, Kind: "api key"}
		var c *v2client.Client
		var ts *v2client.RefreshingTokenSource
		var as func(*v2client.Client) *v2client.Client
		switch {
		case cr.APIKey != "":
			key := cr.APIKey
			as = func(b *v2client.Client) *v2client.Client { return b.WithAPIKey(key) }
			c = as(k.base)
		case cr.RefreshToken != "":
			id.Kind = "oauth"
			if k.opts.OAuth.ClientID == "" || k.opts.OAuth.ClientSecret == "" {
				id.Error = "a refresh-token entry needs --oauth-client-id and BACKLOG_XMLRPC_OAUTH_CLIENT_SECRET"
				k.report.Identities = append(k.report.Identities, id)
				continue
			}
			ts = k.base.NewRefreshingTokenSource(k.opts.OAuth, v2client.Token{RefreshToken: cr.RefreshToken})
			src := ts
			as = func(b *v2client.Client) *v2client.Client { return b.WithTokenSource(src) }
			c = as(k.base)
		default:
			id.Kind = "none"
			id.Error = "the entry has no API key and no refresh token"
			k.report.Identities = append(k.report.Identities, id)
			continue
		}
		ctx2, cancel := context.WithTimeout(ctx, k.opts.Timeout)
		u, _, err := c.Users.Myself(ctx2)
		cancel()
		if ts != nil {
			if now := ts.Current().RefreshToken; now != "" && subtle.ConstantTimeCompare([]byte(now), []byte(cr.RefreshToken)) != 1 {
				id.Rotated = "Backlog rotated the refresh token; not saved"
				if k.opts.SaveRefreshToken != nil {
					if serr := k.opts.SaveRefreshToken(cr.Login, now); serr != nil {
						id.Rotated = "Backlog rotated the refresh token; saving it failed: " + serr.Error()
					} else {
						id.Rotated = "Backlog rotated the refresh token; saved to the credentials file"
					}
				}
			}
		}
		if err != nil {
			id.Error = err.Error()
		} else {
			id.OK = true
			id.BacklogUser = fmt.Sprintf("%s (%s)", u.UserID, u.Name)
			if k.c == nil && k.opts.APIKey == "" {
				k.c, k.as = c, as
			}
		}
		k.report.Identities = append(k.report.Identities, id)
	}
}

// apiKey makes the --api-key's user the one the requests run as, once GET
// /users/myself shows that the key works and the space answers; otherwise
// the report gets one error naming the cause (a refused key, an unreachable
// space) and nothing else is run: every request would fail the same way.
func (k *checker) apiKey(ctx context.Context) {
	key := k.opts.APIKey
	as := func(b *v2client.Client) *v2client.Client { return b.WithAPIKey(key) }
	c := as(k.base)
	ctx, cancel := context.WithTimeout(ctx, k.opts.Timeout)
	defer cancel()
	if _, _, err := c.Users.Myself(ctx); err != nil {
		k.report.Errors = append(k.report.Errors, "--api-key does not work: "+err.Error()+": nothing else was checked")
		return
	}
	k.c, k.as = c, as
}

// probe runs one request: call runs it (through the body hook's capture)
// and typ is what its answer decodes into (nil: not JSON).
func (k *checker) probe(ctx context.Context, call, form string, typ reflect.Type, run func(ctx context.Context) (*v2client.Response, error)) Request {
	cap := &capture{}
	ctx = context.WithValue(ctx, captureKey{}, cap)
	ctx, cancel := context.WithTimeout(ctx, k.opts.Timeout)
	defer cancel()
	start := time.Now()
	resp, err := run(ctx)
	q := Request{Call: call, Form: form, LatencyMS: float64(time.Since(start).Microseconds()) / 1000}
	if resp != nil {
		q.Status = resp.StatusCode
		q.RateLimit, q.RateRemaining = resp.Rate.Limit, resp.Rate.Remaining
	}
	switch {
	case err == nil:
		q.Outcome = Works
		if typ != nil {
			if d := firstOfEach(v2client.Drift(cap.body, typ)); len(d) > 0 {
				q.Outcome, q.Drift = Drift, d
			}
		}
	default:
		q.Outcome, q.Error = Fails, err.Error()
		// An answer the lenient decoder refused (a member of a changed
		// type) is still compared, to name the member.
		if typ != nil && len(cap.body) > 0 {
			q.Drift = firstOfEach(v2client.Drift(cap.body, typ))
		}
		var ae *v2client.APIError
		if errors.As(err, &ae) {
			q.Status, q.Code = ae.StatusCode, int(ae.Code())
			if ae.StatusCode == http.StatusForbidden || ae.HasCode(v2client.CodeAccessDeniedError) || ae.HasCode(v2client.CodeUnauthorizedOperationError) {
				q.Outcome = NotPermitted
			}
		}
	}
	k.report.Requests = append(k.report.Requests, q)
	return q
}

// skip records a request that could not be run, and why.
func (k *checker) skip(call, why string) {
	k.report.Requests = append(k.report.Requests, Request{Call: call, Outcome: NotChecked, Error: why})
}

// verdicts gives each legacy method the worst outcome of its calls: fails,
// then drift, then not permitted, then not checked (a call that was not
// run, e.g. a write without --write-project). A backlog.admin.* method is
// at least not permitted when the user is not a space administrator.
func (k *checker) verdicts() {
	byCall := map[string][]Request{}
	for _, q := range k.report.Requests {
		byCall[q.Call] = append(byCall[q.Call], q)
	}
	rank := map[string]int{Works: 0, NotChecked: 1, NotPermitted: 2, Drift: 3, Fails: 4}
	names := make([]string, 0, len(k.opts.Methods))
	for n := range k.opts.Methods {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		m := Method{Name: n, Outcome: Works}
		if k.notAdmin != "" && strings.HasPrefix(n, "backlog.admin.") {
			m.Outcome = NotPermitted
			m.Detail = append(m.Detail, k.notAdmin)
		}
		for _, call := range k.opts.Methods[n] {
			qs := byCall[call]
			if len(qs) == 0 {
				qs = []Request{{Call: call, Outcome: NotChecked, Error: notRunWhy(call)}}
			}
			for _, q := range qs {
				if q.Outcome == Works {
					continue
				}
				if rank[q.Outcome] > rank[m.Outcome] {
					m.Outcome = q.Outcome
				}
				m.Detail = append(m.Detail, describe(q))
			}
		}
		m.Detail = dedupe(m.Detail)
		k.report.Methods = append(k.report.Methods, m)
	}
}

func notRunWhy(call string) string {
	switch {
	case strings.HasPrefix(call, "GET "):
		return "not run"
	case scratchWrites[call]:
		return "writes run only with --write-project"
	}
	return "never run: an administrator's space-wide write (users, projects)"
}

// scratchWrites are the writes --write-project runs (write.go).
var scratchWrites = map[string]bool{
	"POST /api/v2/issues": true, "PATCH /api/v2/issues/:issueIdOrKey": true, "DELETE /api/v2/issues/:issueIdOrKey": true,
	"POST /api/v2/issues/:issueIdOrKey/comments":             true,
	"POST /api/v2/projects/:projectIdOrKey/issueTypes":       true,
	"PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id":  true,
	"DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id": true,
	"POST /api/v2/projects/:projectIdOrKey/categories":       true,
	"PATCH /api/v2/projects/:projectIdOrKey/categories/:id":  true,
	"DELETE /api/v2/projects/:projectIdOrKey/categories/:id": true,
	"POST /api/v2/projects/:projectIdOrKey/versions":         true,
	"PATCH /api/v2/projects/:projectIdOrKey/versions/:id":    true,
	"DELETE /api/v2/projects/:projectIdOrKey/versions/:id":   true,
}

// adminScratchWrites are the administrators' writes --write-project runs
// (write_admin.go), only as a space administrator.
var adminScratchWrites = []string{
	"POST /api/v2/projects/:projectIdOrKey/customFields",
	"PATCH /api/v2/projects/:projectIdOrKey/customFields/:id",
	"DELETE /api/v2/projects/:projectIdOrKey/customFields/:id",
	"POST /api/v2/projects/:projectIdOrKey/customFields/:id/items",
	"DELETE /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId",
	"PATCH /api/v2/projects/:projectIdOrKey",
	"POST /api/v2/projects/:projectIdOrKey/users",
	"DELETE /api/v2/projects/:projectIdOrKey/users",
}

func init() {
	for _, call := range adminScratchWrites {
		scratchWrites[call] = true
	}
}

func describe(q Request) string {
	if q.Outcome == NotChecked {
		return q.Call + ": " + q.Error
	}
	s := q.Call
	if q.Form != "" {
		s += " [" + q.Form + "]"
	}
	s += ": " + q.Outcome
	if q.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d", q.Status)
		if q.Code != 0 {
			s += fmt.Sprintf(", code %d", q.Code)
		}
		s += ")"
	}
	if len(q.Drift) > 0 {
		s += ": " + q.Drift[0]
		if len(q.Drift) > 1 {
			s += fmt.Sprintf(" (and %d more)", len(q.Drift)-1)
		}
	}
	return s
}

var arrayIndex = regexp.MustCompile(`\[\d+\]`)

// firstOfEach keeps the first drift line of each member path regardless of
// array indices: a member new in every issue is reported once, with the
// index of the first issue that has it.
func firstOfEach(lines []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lines {
		k := arrayIndex.ReplaceAllString(l, "[]")
		if !seen[k] {
			seen[k] = true
			out = append(out, l)
		}
	}
	return out
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// rateSummary names the request with the least rate-limit headroom.
func (k *checker) rateSummary() {
	best := -1.0
	for _, q := range k.report.Requests {
		if q.RateLimit <= 0 {
			continue
		}
		left := float64(q.RateRemaining) / float64(q.RateLimit)
		if best < 0 || left < best {
			best = left
			k.report.RateLowest = fmt.Sprintf("%s: %d of %d left", q.Call, q.RateRemaining, q.RateLimit)
		}
	}
}
