package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminDeleteProjectUser is backlog.admin.deleteProjectUser({project_id,
// user_id}) (legacy-api.md §4.46): removes a member (numeric user id) and
// returns the member list after the removal. Administrators only.
//
// v2 calls: GET /api/v2/users/myself (administrator check), DELETE
// /api/v2/projects/:projectIdOrKey/users (userId), GET
// /api/v2/projects/:projectIdOrKey/users.
func (s *Service) adminDeleteProjectUser(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params, "project_id", "user_id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	pid, err := a.reqInt("project_id", "projectId")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	uid, err := a.reqInt("user_id", "userId")
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
	if _, _, err := cl.Projects.DeleteUser(ctx, v2client.ID(pid), uid); err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.Invalidate(catalog.ProjectUsers, pid)
	return s.projectMembers(ctx, cl, pid)
}
