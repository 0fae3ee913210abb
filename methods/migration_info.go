package methods

import (
	"context"
	"errors"
	"slices"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// MigrationEntry is what the migration report says a rewritten client calls
// instead of one legacy method: Instead is the method's main Backlog v2
// call (the first of the registry row's v2 calls), Also the look-ups the
// gateway makes beside it, Doc the repository path of the method's
// reference page.
type MigrationEntry struct {
	Method  string
	Instead string
	Also    []string
	Doc     string
}

// MigrationInfo returns one MigrationEntry per registered legacy method, in
// registry order, read from the registry's v2 column; for backlog.admin.*
// methods the gateway's own role check (GET /api/v2/users/myself, listed
// first) is not what a rewritten client calls instead (Backlog enforces the
// role itself), so it is left out. For a method that
// makes no v2 call (a static answer) Instead says so, with the registry's
// note or gap.
func MigrationInfo() []MigrationEntry {
	out := make([]MigrationEntry, 0, len(registry))
	for _, m := range registry {
		e := MigrationEntry{Method: m.name, Doc: "docs/methods/" + m.name + ".md"}
		v2 := m.v2
		if isAdminMethod(m.name) && len(v2) > 1 && v2[0] == "GET /api/v2/users/myself" {
			v2 = v2[1:]
		}
		if len(v2) > 0 {
			e.Instead = v2[0]
			e.Also = slices.Clone(v2[1:])
		} else {
			why := m.v2note
			if m.gap != "" {
				why = m.gap
			}
			e.Instead = "none (no v2 call: " + why + ")"
		}
		out = append(out, e)
	}
	return out
}

// IsSpaceAdministrator reports whether the caller whose v2 client is in ctx
// (WithClient) is a Backlog space administrator: the role test requireAdmin
// makes for every backlog.admin.* method (GET /api/v2/users/myself, roleType
// 1). The administrators' pages (the migration report) use it.
func IsSpaceAdministrator(ctx context.Context) (bool, error) {
	cl, ok := ClientFrom(ctx)
	if !ok {
		return false, errors.New("no Backlog v2 client in the request")
	}
	me, _, err := cl.Users.Myself(ctx)
	if err != nil {
		return false, err
	}
	return me.RoleType == v2client.RoleAdministrator, nil
}
