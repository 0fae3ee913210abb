package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminGetUsers is backlog.admin.getUsers() (legacy-api.md §4.35): every
// user of the space as AdminUser {id, user_id, name, mail_address, role,
// mail_setting}, ordered by id. role is the §2.3 string of v2's roleType;
// mail_setting is {false, false} and created_on/updated_on are omitted (no
// v2 equivalent; decisions in mapping/admin.go). Administrators only.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminGetUsers(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	cl, err := s.adminClient(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	users, _, err := cl.Users.List(ctx)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return mapping.AdminUsers(users), nil
}
