package methods

import (
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestDeleteIssueTypeSubstitute: without substitute_id the issues of the
// deleted type move to the project's first other type in display order;
// with it, to that type; the last type of a project cannot go (409).
func TestDeleteIssueTypeSubstitute(t *testing.T) {
	typeOf := func(r *rig, key string) int64 {
		is, _, err := r.client("admin").Issues.Get(r.ctx("admin"), key)
		if err != nil {
			t.Fatal(err)
		}
		return is.IssueType.ID
	}
	tests := []struct {
		name   string
		params []xmlrpc.Value
		want   int64 // the type DEMO-1 (a バグ, 101) has afterwards
	}{
		{"first other type", []xmlrpc.Value{xmlrpc.Int(101)}, 102},
		{"given substitute", []xmlrpc.Value{xmlrpc.Struct(xmlrpc.Field("id", xmlrpc.Int(101)), xmlrpc.Field("substitute_id", xmlrpc.String("104")))}, 104},
		{"positional substitute", []xmlrpc.Value{xmlrpc.Int(101), xmlrpc.Int(103)}, 103},
	}
	for _, tt := range tests {
		r := newRig(t, "admin")
		if typeOf(r, "DEMO-1") != 101 {
			t.Fatal("seed changed: DEMO-1 is not a バグ")
		}
		if _, err := r.call("admin", "backlog.deleteIssueType", tt.params...); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := typeOf(r, "DEMO-1"); got != tt.want {
			t.Errorf("%s: DEMO-1 now has type %d, want %d", tt.name, got, tt.want)
		}
	}

	// A project left with one type: deleting it is a Conflict, with no DELETE sent.
	r := newRig(t, "admin")
	for _, id := range []int64{302, 303, 304} {
		if _, err := r.call("admin", "backlog.deleteIssueType", xmlrpc.Int(id)); err != nil {
			t.Fatal(err)
		}
	}
	r.calls()
	_, err := r.call("admin", "backlog.deleteIssueType", xmlrpc.Int(301))
	if failure.CodeOf(err) != failure.Conflict {
		t.Fatalf("last type: %v, want Conflict", err)
	}
	if n := r.calls()["DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id"]; n != 0 {
		t.Errorf("%d DELETE sent for the last type", n)
	}
	// and the catalog saw each deletion (the list was invalidated)
	types, err := r.svc.cat.IssueTypes(r.ctx("admin"), r.client("admin"), 3)
	if err != nil || len(types) != 1 || types[0].ID != 301 {
		t.Errorf("cached OLD types after deletions: %+v, %v", types, err)
	}
	_ = v2client.ID
}
