package methods

import (
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

func member(t *testing.T, v xmlrpc.Value, path ...string) xmlrpc.Value {
	t.Helper()
	for _, p := range path {
		var ok bool
		if v, ok = v.Get(p); !ok {
			t.Fatalf("no member %s", p)
		}
	}
	return v
}

func TestUpdateIssueIgnoresStatusId(t *testing.T) {
	r := newRig(t, "demo")
	v, err := r.call("demo", "backlog.updateIssue", st(fi("key", str("DEMO-2")), fi("statusId", num(4)), fi("summary", str("新しい件名"))))
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := member(t, v, "status", "id").AsInt(); id != 1 {
		t.Errorf("status changed to %d by updateIssue", id)
	}
	if s := member(t, v, "summary").Text(); s != "新しい件名" {
		t.Errorf("summary %q", s)
	}
}

// TestUpdateIssueByID: a numeric id works as key; with names it costs one
// GET of the issue to learn the project.
func TestUpdateIssueByID(t *testing.T) {
	r := newRig(t, "demo")
	v, err := r.call("demo", "backlog.updateIssue", st(fi("key", num(1002)), fi("issueType", str("バグ"))))
	if err != nil {
		t.Fatal(err)
	}
	if n := member(t, v, "issueType", "name").Text(); n != "バグ" {
		t.Errorf("issueType %q", n)
	}
	if got := r.calls(); got[rIssue] != 1 || got[rUpdate] != 1 || got[rProject] != 0 {
		t.Errorf("calls %v", got)
	}
}

// TestUpdateIssueClearAndKeep: "" clears, absent keeps, lists replace.
func TestUpdateIssueClearAndKeep(t *testing.T) {
	r := newRig(t, "demo")
	v, err := r.call("demo", "backlog.updateIssue", st(fi("key", str("DEMO-1")),
		fi("assignerId", str("")), fi("start_date", str("")), fi("estimated_hours", str("")),
		fi("milestoneId", xmlrpc.Array()), fi("version", xmlrpc.Array(str("v1.0"), str("v2.0")))))
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"assigner", "start_date", "estimated_hours", "milestone"} {
		if _, ok := v.Get(gone); ok {
			t.Errorf("%s not cleared", gone)
		}
	}
	if n := len(member(t, v, "versions").Items()); n != 2 {
		t.Errorf("versions: %d, want 2", n)
	}
	// kept
	if d := member(t, v, "due_date").Text(); d != "20261010" {
		t.Errorf("due_date %q changed", d)
	}
	if h, _ := member(t, v, "actual_hours").AsDouble(); h != 1 {
		t.Errorf("actual_hours %v changed", h)
	}
}

func TestUpdateIssueFaults(t *testing.T) {
	r := newRig(t, "demo")
	tests := []struct {
		name string
		args xmlrpc.Value
		code failure.Code
	}{
		{"no key", st(fi("summary", str("x"))), failure.InvalidParams},
		{"not a struct", xmlrpc.Array(), failure.InvalidParams},
		{"empty summary", st(fi("key", str("DEMO-1")), fi("summary", str(""))), failure.InvalidParams},
		{"bad date", st(fi("key", str("DEMO-1")), fi("due_date", str("20261332"))), failure.InvalidParams},
		{"unknown milestone", st(fi("key", str("DEMO-1")), fi("milestone", str("無い"))), failure.InvalidParams},
		{"unknown project of key", st(fi("key", str("NOPE-1")), fi("issueType", str("バグ"))), failure.NotFound},
		{"unknown issue", st(fi("key", str("DEMO-999")), fi("summary", str("x"))), failure.NotFound},
		{"custom field of another type", st(fi("key", str("DEMO-1")), fi("custom_fields", xmlrpc.Array(st(fi("id", num(133)), fi("values", str("abc")))))), failure.InvalidParams},
	}
	for _, tc := range tests {
		if _, err := r.call("demo", "backlog.updateIssue", tc.args); failure.CodeOf(err) != tc.code {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.code)
		}
	}
}

// TestUpdateIssueCustomFields: values by type reach v2 and come back in
// the legacy shape.
func TestUpdateIssueCustomFields(t *testing.T) {
	r := newRig(t, "demo")
	v, err := r.call("demo", "backlog.updateIssue", st(fi("key", str("DEMO-2")), fi("custom_fields", xmlrpc.Array(
		st(fi("id", num(131)), fi("values", str("Firefox"))),
		st(fi("id", num(133)), fi("values", xmlrpc.Double(2.5))),
		st(fi("id", num(134)), fi("values", num(20270105))),
		st(fi("id", num(136)), fi("values", xmlrpc.Array(num(1), num(3)))),
		st(fi("id", num(137)), fi("values", num(2)), fi("other_text", str("BSD"))),
	))))
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]xmlrpc.Value{}
	for _, cf := range member(t, v, "custom_fields").Items() {
		id, _ := member(t, cf, "id").AsInt()
		got[id] = cf
	}
	if s := member(t, got[131], "value").Text(); s != "Firefox" {
		t.Errorf("text %q", s)
	}
	if f := member(t, got[133], "value"); f.Kind() != xmlrpc.KindDouble || f.Text() != "2.5" {
		t.Errorf("number %v %q", f.Kind(), f.Text())
	}
	if s := member(t, got[134], "value").Text(); s != "20270105" {
		t.Errorf("date %q", s)
	}
	if n := len(member(t, got[136], "values").Items()); n != 2 {
		t.Errorf("multi list %d items", n)
	}
	if s := member(t, got[137], "other_text").Text(); s != "BSD" {
		t.Errorf("other_text %q", s)
	}
}
