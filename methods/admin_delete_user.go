package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminDeleteUser is backlog.admin.deleteUser(id) (legacy-api.md §4.38): a
// bare user id or {id}; returns the deleted AdminUser. Administrators only;
// a new-plan space answers fault 402.
//
// Every project's cached member list is then dropped (the user may have been
// a member of any project, joined by the caller or not), so getUser by login
// ID stops finding the user at once.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminDeleteUser(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	id, err := bareID(params, "id", "user_id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.adminClient(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	u, _, err := cl.Users.Delete(ctx, id)
	if err != nil {
		return xmlrpc.Value{}, s.userAdminFail(err)
	}
	s.cat.InvalidateKind(catalog.ProjectUsers)
	return mapping.AdminUser(*u), nil
}
