package methods

import (
	"context"
	"testing"
)

func TestMigrationInfoCoversTheRegistry(t *testing.T) {
	info := MigrationInfo()
	if len(info) != len(registry) {
		t.Fatalf("%d entries, want one per registry row (%d)", len(info), len(registry))
	}
	by := map[string]MigrationEntry{}
	for _, e := range info {
		by[e.Method] = e
		if e.Instead == "" {
			t.Errorf("%s: no Instead", e.Method)
		}
	}
	e := by["backlog.getIssue"]
	if e.Instead != "GET /api/v2/issues/:issueIdOrKey" || e.Doc != "docs/methods/backlog.getIssue.md" {
		t.Errorf("backlog.getIssue: %+v", e)
	}
	if e := by["backlog.admin.getUsers"]; e.Instead != "GET /api/v2/users" {
		t.Errorf("backlog.admin.getUsers: %+v, want GET /api/v2/users (not the role check)", e)
	}
	if e := by["backlog.getActivityTypes"]; e.Instead != "none (no v2 call: static)" {
		t.Errorf("backlog.getActivityTypes: %+v", e)
	}
}

func TestIsSpaceAdministrator(t *testing.T) {
	r := newRig(t, "demo")
	for user, want := range map[string]bool{"admin": true, "demo": false} {
		got, err := IsSpaceAdministrator(r.ctx(user))
		if err != nil || got != want {
			t.Errorf("%s: %v, %v; want %v", user, got, err, want)
		}
	}
	if _, err := IsSpaceAdministrator(context.Background()); err == nil {
		t.Error("no client in the context: no error")
	}
}
