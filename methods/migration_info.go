package methods

import (
	"context"
	"errors"
	"slices"
)

// MigrationEntry is what the migration report says a rewritten client calls
// instead of one legacy method: Instead is the registry row's v2instead (the
// same text as the method's reference page), Also the v2 calls the gateway
// itself makes for it, Doc the repository path of the method's reference
// page.
type MigrationEntry struct {
	Method  string
	Instead string
	Also    []string
	Doc     string
}

// MigrationInfo returns one MigrationEntry per registered legacy method, in
// registry order. For backlog.admin.* methods the gateway's own role check
// (GET /api/v2/users/myself, listed first) is left out of Also: Backlog
// enforces the role itself, so a rewritten client does not make it.
func MigrationInfo() []MigrationEntry {
	out := make([]MigrationEntry, 0, len(registry))
	for _, m := range registry {
		v2 := m.v2
		if isAdminMethod(m.name) && len(v2) > 1 && v2[0] == "GET /api/v2/users/myself" {
			v2 = v2[1:]
		}
		out = append(out, MigrationEntry{Method: m.name, Instead: m.v2instead, Also: slices.Clone(v2), Doc: "docs/methods/" + m.name + ".md"})
	}
	return out
}

// IsSpaceAdministrator reports whether the caller whose v2 client is in ctx
// (WithClient) is a Backlog space administrator, by the role test
// requireAdmin makes for every backlog.admin.* method (isAdministrator).
// The administrators' pages (the migration report) use it.
func IsSpaceAdministrator(ctx context.Context) (bool, error) {
	cl, ok := ClientFrom(ctx)
	if !ok {
		return false, errors.New("no Backlog v2 client in the request")
	}
	return isAdministrator(ctx, cl)
}
