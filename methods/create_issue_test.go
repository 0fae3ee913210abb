package methods

import (
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestCreateIssueDefaults: v2 requires an issue type and a priority; the
// legacy defaults fill them — first issue type by display order, 中 (3).
func TestCreateIssueDefaults(t *testing.T) {
	tests := []struct {
		project  int64
		wantType string
	}{{1, "バグ"}, {3, "バグ"}} // BLG (2) requires a custom field: TestFaultsThroughHTTP
	r := newRig(t, "admin")
	for _, tc := range tests {
		v, err := r.call("admin", "backlog.createIssue", st(fi("projectId", num(tc.project)), fi("summary", str("既定"))))
		if err != nil {
			t.Fatal(err)
		}
		if n := member(t, v, "issueType", "name").Text(); n != tc.wantType {
			t.Errorf("project %d: issue type %q, want %q", tc.project, n, tc.wantType)
		}
		if id, _ := member(t, v, "priority", "id").AsInt(); id != 3 {
			t.Errorf("project %d: priority %d, want 3", tc.project, id)
		}
		if id, _ := member(t, v, "status", "id").AsInt(); id != 1 {
			t.Errorf("new issue status %d, want 1 (未対応)", id)
		}
	}
}

// TestFirstIssueType: the default is the lowest display order, not the
// first of the list.
func TestFirstIssueType(t *testing.T) {
	if id, ok := firstIssueType(nil); ok || id != 0 {
		t.Error("no types gives a default")
	}
	types := []v2client.IssueType{{ID: 101, DisplayOrder: 3}, {ID: 102, DisplayOrder: 1}, {ID: 103, DisplayOrder: 2}, {ID: 104, DisplayOrder: 1}}
	if id, _ := firstIssueType(types); id != 102 {
		t.Errorf("first by display order = %d, want 102", id)
	}
}

// TestCreateIssueNewNameIsFoundAfterRefresh: a name added after the
// catalog was filled is found by the one refresh a miss triggers.
func TestCreateIssueNewNameIsFoundAfterRefresh(t *testing.T) {
	r := newRig(t, "admin")
	mk := func(cat string) error {
		_, err := r.call("admin", "backlog.createIssue", st(fi("projectId", num(1)), fi("summary", str("x")), fi("component", str(cat))))
		return err
	}
	if err := mk("画面"); err != nil { // fills the catalog
		t.Fatal(err)
	}
	// Add a category behind the catalog's back (directly in v2).
	if _, _, err := r.client("admin").Projects.AddCategory(r.ctx("admin"), "1", "新カテゴリ"); err != nil {
		t.Fatal(err)
	}
	r.calls()
	if err := mk("新カテゴリ"); err != nil {
		t.Fatalf("new category not found after refresh: %v", err)
	}
	if got := r.calls()[rCategories]; got != 1 {
		t.Errorf("refresh made %d category calls, want 1", got)
	}
	if err := mk("どこにもない"); failure.CodeOf(err) != failure.InvalidParams {
		t.Errorf("unknown category: %v", err)
	}
}

func TestCreateIssueFaults(t *testing.T) {
	r := newRig(t, "demo")
	tests := []struct {
		name string
		args []xmlrpc.Value
		code failure.Code
	}{
		{"no params", nil, failure.InvalidParams},
		{"no project", []xmlrpc.Value{st(fi("summary", str("x")))}, failure.InvalidParams},
		{"blank summary", []xmlrpc.Value{st(fi("projectId", num(1)), fi("summary", str("  ")))}, failure.InvalidParams},
		{"project key unknown", []xmlrpc.Value{st(fi("projectId", str("NOPE")), fi("summary", str("x")))}, failure.NotFound},
		{"bad estimated_hours", []xmlrpc.Value{st(fi("projectId", num(1)), fi("summary", str("x")), fi("estimated_hours", str("many")))}, failure.InvalidParams},
		{"unknown priority name", []xmlrpc.Value{st(fi("projectId", num(1)), fi("summary", str("x")), fi("priority", str("最高")))}, failure.InvalidParams},
		{"unknown custom field", []xmlrpc.Value{st(fi("projectId", num(1)), fi("summary", str("x")), fi("custom_fields", xmlrpc.Array(st(fi("id", num(9)), fi("values", str("x"))))))}, failure.InvalidParams},
	}
	for _, tc := range tests {
		if _, err := r.call("demo", "backlog.createIssue", tc.args...); failure.CodeOf(err) != tc.code {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.code)
		}
	}
}
