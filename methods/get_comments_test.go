package methods

import (
	"strconv"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestGetCommentsPagesOldestFirst: more than 100 comments come back all,
// oldest first, with one v2 call per 100.
func TestGetCommentsPagesOldestFirst(t *testing.T) {
	r := newRig(t, "demo")
	cl, ctx := r.client("demo"), r.ctx("demo")
	for i := 0; i < 150; i++ {
		if _, _, err := cl.Comments.Add(ctx, "DEMO-5", &v2client.CommentAddOptions{Content: "c" + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	r.calls()
	v, err := r.call("demo", "backlog.getComments", str("DEMO-5"))
	if err != nil {
		t.Fatal(err)
	}
	items := v.Items()
	if len(items) < 150 {
		t.Fatalf("%d comments, want at least 150", len(items))
	}
	var last int64
	for i, c := range items {
		id, _ := member(t, c, "id").AsInt()
		if id <= last {
			t.Fatalf("comment %d (id %d) is not after id %d", i, id, last)
		}
		last = id
	}
	if got := member(t, items[len(items)-1], "content").Text(); got != "c149" {
		t.Errorf("last comment %q, want c149", got)
	}
	if got := r.calls()[rComments]; got != 2 {
		t.Errorf("%d comment pages, want 2", got)
	}
}

// TestGetCommentsKeepsChangeOnlyEntries: an update without a comment
// leaves a change-log entry in v2; getComments reports it with content ""
// (decision in methods/README.md).
func TestGetCommentsKeepsChangeOnlyEntries(t *testing.T) {
	r := newRig(t, "demo")
	if _, err := r.call("demo", "backlog.switchStatus", st(fi("key", str("DEMO-5")), fi("statusId", num(2)))); err != nil {
		t.Fatal(err)
	}
	cs, _, err := r.client("demo").Comments.ListAll(r.ctx("demo"), "DEMO-5")
	if err != nil {
		t.Fatal(err)
	}
	v, err := r.call("demo", "backlog.getComments", num(1005))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Items()) != len(cs) {
		t.Fatalf("%d legacy comments for %d v2 entries", len(v.Items()), len(cs))
	}
	if len(cs) == 0 {
		t.Fatal("no change-only entry was recorded for the status change")
	}
	last := v.Items()[len(v.Items())-1]
	if c := member(t, last, "content"); c.Kind() != xmlrpc.KindString || c.Text() != "" {
		t.Errorf("change-only entry content %v %q, want \"\"", c.Kind(), c.Text())
	}
}
