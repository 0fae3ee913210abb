package methods

import (
	"context"
	"slices"
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
	if e := by["backlog.admin.getUsers"]; e.Instead != "GET /api/v2/users" || slices.Contains(e.Also, "GET /api/v2/users/myself") {
		t.Errorf("backlog.admin.getUsers: %+v, want GET /api/v2/users (not the role check)", e)
	}
	// The reference page's text, not the first call the gateway makes
	// (GET /api/v2/space, for the statuses of a legacy space).
	if e := by["backlog.getStatuses"]; e.Instead != "GET /api/v2/projects/:projectIdOrKey/statuses" {
		t.Errorf("backlog.getStatuses: %+v", e)
	}
	for _, m := range registry {
		if by[m.name].Instead != m.v2instead {
			t.Errorf("%s: Instead %q, its reference page says %q", m.name, by[m.name].Instead, m.v2instead)
		}
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
