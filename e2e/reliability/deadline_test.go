package reliability

import (
	"errors"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/methods"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestReadRetriesStopAtTheCallDeadline: a legacy call's upstream work is
// bounded by the server's answer deadline (--write-timeout, less a margin
// to write the answer). With Backlog hanging, a read is retried only while
// time is left, and the caller gets fault 503 in time instead of a
// connection the server can no longer answer on.
func TestReadRetriesStopAtTheCallDeadline(t *testing.T) {
	// Budget 5.4 s (callBudget: less a tenth): a first 3 s attempt times
	// out, the retry is cut by the deadline, 0.6 s are left to answer.
	const writeTimeout = 6 * time.Second
	g := startGateway(t, gatewayConfig{Args: []string{
		"--upstream-timeout", "3s", "--write-timeout", writeTimeout.String(),
	}})
	if _, err := g.call("backlog.getIssue", xmlrpc.String("DEMO-1")); err != nil { // warm the caches
		t.Fatal(err)
	}
	g.Fake.ResetCounters()
	g.Fake.SetLatency(time.Minute)
	start := time.Now()
	_, err := g.call("backlog.getIssue", xmlrpc.String("DEMO-1"))
	took := time.Since(start)
	g.Fake.SetLatency(0)

	var f *xmlrpc.Fault
	if !errors.As(err, &f) || f.Code != methods.FaultUpstreamUnavailable {
		t.Fatalf("after %v: %v, want fault 503 delivered before the write timeout", took, err)
	}
	if took >= writeTimeout {
		t.Errorf("the answer took %v, past the %v write timeout", took, writeTimeout)
	}
	attempts := g.Fake.Count("GET /api/v2/issues/:issueIdOrKey")
	if attempts < 1 || attempts > 2 {
		t.Errorf("Backlog saw %d attempts, want 1 or 2 within the deadline", attempts)
	}
	t.Logf("fault %d after %v, %d attempts", f.Code, took.Round(time.Millisecond), attempts)
}
