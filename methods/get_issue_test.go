package methods

import (
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestGetIssueParamForms: id as int, digits, key, and a struct.
func TestGetIssueParamForms(t *testing.T) {
	r := newRig(t, "demo")
	for _, p := range []xmlrpc.Value{num(1001), str("1001"), str("DEMO-1"), st(fi("issueId", num(1001))), st(fi("key", str("DEMO-1")))} {
		v, err := r.call("demo", "backlog.getIssue", p)
		if err != nil {
			t.Fatalf("%v: %v", p.Kind(), err)
		}
		if k := member(t, v, "key").Text(); k != "DEMO-1" {
			t.Errorf("%v %q: key %q", p.Kind(), p.Text(), k)
		}
	}
}

// TestGetIssueNotFoundIsEmptyStruct: unknown or invisible issues answer an
// empty struct (legacy behaviour), other failures stay faults.
func TestGetIssueNotFoundIsEmptyStruct(t *testing.T) {
	r := newRig(t, "demo")
	for _, p := range []xmlrpc.Value{num(999999), str("DEMO-999"), str("SECRET-1")} {
		v, err := r.call("demo", "backlog.getIssue", p)
		if err != nil {
			t.Fatalf("%q: %v", p.Text(), err)
		}
		if v.Kind() != xmlrpc.KindStruct || len(v.Members()) != 0 {
			t.Errorf("%q: %v members, want an empty struct", p.Text(), len(v.Members()))
		}
	}
	for _, p := range []xmlrpc.Value{num(0), str(""), xmlrpc.Array()} {
		if _, err := r.call("demo", "backlog.getIssue", p); failure.CodeOf(err) != failure.InvalidParams {
			t.Errorf("%v %q: %v, want InvalidParams", p.Kind(), p.Text(), err)
		}
	}
	if _, err := r.call("demo", "backlog.getIssue"); failure.CodeOf(err) != failure.InvalidParams {
		t.Errorf("no param: %v", err)
	}
	// getProject behaves the same way.
	for _, p := range []xmlrpc.Value{num(10), str("FOOO"), str("SECRET")} {
		v, err := r.call("demo", "backlog.getProject", p)
		if err != nil || len(v.Members()) != 0 {
			t.Errorf("getProject(%q) = %v, %v", p.Text(), len(v.Members()), err)
		}
	}
}

// TestGetIssueIsOneCallWarmAcrossUsers: the catalog is shared, so a second
// user's getIssue on the same project is 1 call too.
func TestGetIssueIsOneCallWarmAcrossUsers(t *testing.T) {
	r := newRig(t, "demo")
	if _, err := r.call("demo", "backlog.getIssue", str("DEMO-1")); err != nil {
		t.Fatal(err)
	}
	r.calls()
	if _, err := r.call("yamada", "backlog.getIssue", str("DEMO-3")); err != nil {
		t.Fatal(err)
	}
	if got := r.calls(); len(got) != 1 || got[rIssue] != 1 {
		t.Errorf("calls %v", got)
	}
}
