package reliability

import (
	"errors"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// The upstream fault matrix: every failure Backlog (or what sits
// in front of it) can produce is injected through the fake's knobs, under a
// read (backlog.getIssue), and two writes (backlog.addComment,
// backlog.createIssue). For each: the fault the legacy client sees; how
// many times the request reached Backlog (reads may be retried, within
// bounds; writes never are); how many comments/issues exist afterwards (a
// write happens at most once, and exactly as many times as Backlog says it
// handled it); a write whose outcome is unknown gets fault 520.

// upstreamTimeout is the gateway's --upstream-timeout in the matrix: short,
// so that latency faults are quick to provoke.
const upstreamTimeout = time.Second

// matrixArgs configures the gateways of the matrix: a short upstream
// timeout, and a write timeout of 10 s, which makes each call's deadline
// 9 s (cmd/backlog-xmlrpc callBudget): a read waits for a 429's reset only
// when the reset comes before that deadline.
var matrixArgs = []string{"--upstream-timeout", upstreamTimeout.String(), "--write-timeout", "10s"}

// readAttempts is the v2 client's default attempts for a read
// (v2client.DefaultRetryPolicy.MaxAttempts).
var readAttempts = v2client.DefaultRetryPolicy.MaxAttempts

// outcome is what one legacy call must get under one fault.
type outcome struct {
	fault    int // 0: success
	attempts int // requests that reached the targeted endpoint (the fake counts before latency/faults)
	changed  int // writes: how many comments/issues the call added (0 or 1, never more)
}

type faultCase struct {
	name    string
	faults  fake.Faults   // Endpoints is filled per operation
	latency time.Duration // added to every request
	revoked bool          // the caller's API key is unknown to Backlog
	read    outcome
	write   outcome
	// retryAfter, when set, must appear in the fault string: "retry after N seconds".
	retryAfter *regexp.Regexp
}

var faultMatrix = []faultCase{
	{name: "latency past the timeout", latency: 3 * upstreamTimeout,
		read:  outcome{fault: 503, attempts: readAttempts},
		write: outcome{fault: 520, attempts: 1, changed: 0}},
	{name: "500", faults: fake.Faults{Status: 500},
		read:  outcome{fault: 503, attempts: readAttempts},
		write: outcome{fault: 520, attempts: 1, changed: 0}},
	{name: "502", faults: fake.Faults{Status: 502},
		read:  outcome{fault: 503, attempts: readAttempts},
		write: outcome{fault: 520, attempts: 1, changed: 0}},
	{name: "503", faults: fake.Faults{Status: 503},
		read:  outcome{fault: 503, attempts: readAttempts},
		write: outcome{fault: 520, attempts: 1, changed: 0}},
	{name: "500 once then fine", faults: fake.Faults{Status: 500, Times: 1},
		read:  outcome{fault: 0, attempts: 2},
		write: outcome{fault: 520, attempts: 1, changed: 0}},
	{name: "500 after the write was made", faults: fake.Faults{Status: 500, AfterWrite: true},
		read:  outcome{fault: 503, attempts: readAttempts},
		write: outcome{fault: 520, attempts: 1, changed: 1}},
	// The reset comes after the call's deadline: no wait, the caller is told when to retry.
	{name: "429 with a reset in a minute", faults: fake.Faults{RateLimited: true, RateLimitReset: time.Minute},
		read:       outcome{fault: 429, attempts: 1},
		write:      outcome{fault: 429, attempts: 1, changed: 0},
		retryAfter: regexp.MustCompile(`retry after (59|60|61) seconds`)},
	// The reset comes before the deadline: a read waits and retries; a write never does.
	{name: "429 once with a reset in 2s", faults: fake.Faults{RateLimited: true, RateLimitReset: 2 * time.Second, Times: 1},
		read:       outcome{fault: 0, attempts: 2},
		write:      outcome{fault: 429, attempts: 1, changed: 0},
		retryAfter: regexp.MustCompile(`retry after [123] seconds`)},
	{name: "connection reset mid-body", faults: fake.Faults{ResetConnection: true},
		read:  outcome{fault: 503, attempts: readAttempts},
		write: outcome{fault: 520, attempts: 1, changed: 1}},
	{name: "truncated JSON", faults: fake.Faults{TruncateBody: true},
		read:  outcome{fault: 503, attempts: readAttempts},
		write: outcome{fault: 520, attempts: 1, changed: 1}},
	{name: "HTML error page", faults: fake.Faults{HTMLErrorPage: true, Status: 502},
		read:  outcome{fault: 503, attempts: readAttempts},
		write: outcome{fault: 520, attempts: 1, changed: 0}},
	{name: "HTML page with status 200", faults: fake.Faults{HTMLErrorPage: true, Status: 200},
		read:  outcome{fault: 502, attempts: 1},
		write: outcome{fault: 520, attempts: 1, changed: 0}},
	// Decided: the v2 client judges an answer by its body, not its
	// Content-Type, so valid JSON labelled text/html is used as is (an HTML
	// page is refused by the row above whatever its label).
	{name: "wrong content type on valid JSON", faults: fake.Faults{WrongContentType: true},
		read:  outcome{fault: 0, attempts: 1},
		write: outcome{fault: 0, attempts: 1, changed: 1}},
	{name: "401 revoked key", revoked: true,
		read:  outcome{fault: 401, attempts: 1},
		write: outcome{fault: 401, attempts: 1, changed: 0}},
}

// legacyOp is one legacy call under test and how to count its effect.
type legacyOp struct {
	name     string
	endpoint string // the fake's counter key of the v2 call the fault targets
	write    bool
	call     func(g *gateway, i int) (xmlrpc.Value, error)
	count    func(t *testing.T, admin *v2client.Client) int64 // writes: comments/issues now
}

var legacyOps = []legacyOp{
	{name: "getIssue", endpoint: "GET /api/v2/issues/:issueIdOrKey",
		call: func(g *gateway, _ int) (xmlrpc.Value, error) {
			return g.call("backlog.getIssue", xmlrpc.String("DEMO-1"))
		}},
	{name: "addComment", endpoint: "POST /api/v2/issues/:issueIdOrKey/comments", write: true,
		call: func(g *gateway, i int) (xmlrpc.Value, error) {
			return g.call("backlog.addComment", xmlrpc.Struct(
				xmlrpc.Field("key", xmlrpc.String("DEMO-1")),
				xmlrpc.Field("content", xmlrpc.String(fmt.Sprintf("fault matrix comment %d", i)))))
		},
		count: func(t *testing.T, admin *v2client.Client) int64 {
			n, _, err := admin.Comments.Count(ctxTimeout(t, 10*time.Second), "DEMO-1")
			if err != nil {
				t.Fatalf("counting comments in the fake: %v", err)
			}
			return n
		}},
	{name: "createIssue", endpoint: "POST /api/v2/issues", write: true,
		call: func(g *gateway, i int) (xmlrpc.Value, error) {
			return g.call("backlog.createIssue", xmlrpc.Struct(
				xmlrpc.Field("projectId", xmlrpc.Int(1)),
				xmlrpc.Field("summary", xmlrpc.String(fmt.Sprintf("fault matrix issue %d", i))),
				xmlrpc.Field("issueType", xmlrpc.String("バグ")),
				xmlrpc.Field("priority", xmlrpc.String("中"))))
		},
		count: func(t *testing.T, admin *v2client.Client) int64 {
			n, _, err := admin.Issues.Count(ctxTimeout(t, 10*time.Second), &v2client.IssueListOptions{ProjectIDs: []int64{1}})
			if err != nil {
				t.Fatalf("counting issues in the fake: %v", err)
			}
			return n
		}},
}

// TestUpstreamFaultMatrix runs every fault under every operation against a
// fresh gateway per fault (so caches, limiters and counters start equal),
// after warming the gateway's lookup caches with one successful call each.
func TestUpstreamFaultMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault matrix takes about a minute")
	}
	for _, fc := range faultMatrix {
		t.Run(fc.name, func(t *testing.T) {
			t.Parallel()
			runFaultCase(t, fc, gatewayConfig{Args: matrixArgs}, nil)
		})
	}
}

// runFaultCase drives one row of the matrix and returns the gateway (for
// the secrets test, which inspects its logs and metrics afterwards); every
// fault string the legacy client saw is appended to seen when it is set.
func runFaultCase(t *testing.T, fc faultCase, cfg gatewayConfig, seen *[]string) *gateway {
	t.Helper()
	g := startGateway(t, cfg)
	admin, err := v2client.New(g.FakeURL)
	if err != nil {
		t.Fatal(err)
	}
	admin = admin.WithAPIKey("demo-api-key-admin")
	for _, op := range legacyOps { // warm the caches (space, lookups)
		if _, err := op.call(g, -1); err != nil {
			t.Fatalf("warm-up %s: %v", op.name, err)
		}
	}
	if fc.revoked {
		// Revoke the caller's key in Backlog: the gateway still holds it.
		revokeKey(t, g)
	}
	for i, op := range legacyOps {
		t.Run(op.name, func(t *testing.T) {
			want := fc.read
			if op.write {
				want = fc.write
			}
			var before int64
			if op.write {
				before = op.count(t, admin)
			}
			g.Fake.ResetCounters()
			f := fc.faults
			f.Endpoints = []string{op.endpoint}
			g.Fake.SetFaults(f)
			g.Fake.SetLatency(fc.latency)
			start := time.Now()
			_, err := op.call(g, i)
			took := time.Since(start)
			g.Fake.SetLatency(0)
			g.Fake.ClearFaults()
			attempts := g.Fake.Count(op.endpoint)

			var fault *xmlrpc.Fault
			if errors.As(err, &fault) && seen != nil {
				*seen = append(*seen, fault.String)
			}
			switch {
			case err == nil && want.fault != 0:
				t.Errorf("success, want fault %d", want.fault)
			case err != nil && !errors.As(err, &fault):
				t.Fatalf("not a fault: %v", err)
			case fault != nil && fault.Code != want.fault:
				t.Errorf("fault %d %q, want %d", fault.Code, fault.String, want.fault)
			}
			if fault != nil && fc.retryAfter != nil && fault.Code == 429 && !fc.retryAfter.MatchString(fault.String) {
				t.Errorf("fault string %q does not say when to retry (%v)", fault.String, fc.retryAfter)
			}
			if attempts != want.attempts {
				t.Errorf("%s reached Backlog %d times, want %d", op.endpoint, attempts, want.attempts)
			}
			if op.write && attempts > 1 {
				t.Errorf("a write was sent %d times", attempts)
			}
			// Reads retry within a bound: attempts x timeout plus backoff.
			if limit := time.Duration(readAttempts)*(upstreamTimeout+v2client.DefaultRetryPolicy.MaxBackoff) + 5*time.Second; took > limit {
				t.Errorf("the call took %v, bound %v", took, limit)
			}
			if op.write {
				after := op.count(t, admin)
				if got := int(after - before); got != want.changed {
					t.Errorf("the write changed Backlog %d times, want %d", got, want.changed)
				}
			}
			t.Logf("fault %v after %v, %d attempt(s)", err, took.Round(time.Millisecond), attempts)
		})
	}
	if fc.revoked {
		return g
	}
	// The faults are gone: every operation works again.
	for _, op := range legacyOps {
		if _, err := op.call(g, 99); err != nil {
			t.Errorf("after the fault, %s still fails: %v", op.name, err)
		}
	}
	return g
}

// revokeKey makes Backlog refuse the gateway's credential for the caller, as
// when a user regenerates their API key: the fake drops the user's key.
func revokeKey(t *testing.T, g *gateway) {
	t.Helper()
	if !g.Fake.RevokeAPIKey(g.apiKey) {
		t.Fatalf("the fake did not know the caller's key")
	}
}
