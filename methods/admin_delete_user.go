package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminDeleteUser is backlog.admin.deleteUser(id) (legacy-api.md §4.38): a
// bare user id or {id}; returns the deleted AdminUser. Administrators only;
// a new-plan space answers fault 402.
//
// v2 calls: GET /api/v2/users/myself (administrator check), DELETE
// /api/v2/users/:userId.
func (s *Service) adminDeleteUser(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	v, err := scalarArg(params, "id", "user_id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	id, err := toInt("id", v)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	if err := s.requireAdmin(ctx, cl); err != nil {
		return xmlrpc.Value{}, err
	}
	u, _, err := cl.Users.Delete(ctx, id)
	if err != nil {
		return xmlrpc.Value{}, s.userAdminFail(err)
	}
	return mapping.AdminUser(*u), nil
}
