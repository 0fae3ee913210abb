package methods

import (
	"fmt"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// TestTimelineCapAndOrder: with more activity than fits, getTimeline
// answers exactly 50 entries, newest first, still with ONE issue search,
// and splits each update into one entry per changed attribute.
func TestTimelineCapAndOrder(t *testing.T) {
	r := newRig(t, "demo")
	ctx, cl := r.ctx("demo"), r.client("demo")
	for i := 0; i < 30; i++ { // 30 updates of two attributes each
		status := int64(1 + i%2) // alternate 1 and 2 so the status really changes
		comment := fmt.Sprintf("更新 %d", i)
		_, _, err := cl.Issues.Update(ctx, "DEMO-5", &v2client.IssueUpdateOptions{
			Description: v2client.Set(fmt.Sprintf("詳細 %d", i)), StatusID: &status, Comment: &comment})
		if err != nil {
			t.Fatal(err)
		}
	}
	r.calls()
	v, err := r.call("demo", "backlog.getTimeline")
	if err != nil {
		t.Fatal(err)
	}
	if n := r.calls()["GET /api/v2/issues"]; n != 1 {
		t.Errorf("%d issue searches, want 1", n)
	}
	items := v.Items()
	if len(items) != 50 {
		t.Fatalf("%d entries, want 50", len(items))
	}
	prev := "99999999999999"
	updates := 0
	for i, it := range items {
		ts, _ := it.Get("updated_on")
		if ts.Text() > prev {
			t.Errorf("entry %d at %s after %s: not newest first", i, ts.Text(), prev)
		}
		prev = ts.Text()
		typ, _ := it.Get("type")
		id, _ := typ.Get("id")
		if n, _ := id.AsInt(); n == 2 {
			updates++
		}
	}
	if updates < 49 {
		t.Errorf("only %d update entries among the newest 50", updates)
	}
}
