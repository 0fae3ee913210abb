package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminGetProjectUsers is backlog.admin.getProjectUsers(projectId)
// (legacy-api.md §4.43): a bare project id or {project_id|projectId};
// returns the members as ProjectUser {id, user_id, name}. Administrators
// only.
//
// v2 calls: GET /api/v2/users/myself (administrator check), GET
// /api/v2/projects/:projectIdOrKey/users (always fetched with the caller's
// credentials; it refreshes the catalog).
func (s *Service) adminGetProjectUsers(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	v, err := scalarArg(params, "project_id", "projectId", "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	pid, err := toInt("project_id", v)
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
	return s.projectMembers(ctx, cl, pid)
}

// projectMembers reads a project's members (GET /projects/:p/users) with
// the caller's credentials, refreshes the catalog with them and renders
// them as ProjectUsers: the result of every admin project-member method.
func (s *Service) projectMembers(ctx context.Context, cl *v2client.Client, pid int64) (xmlrpc.Value, error) {
	users, _, err := cl.Projects.ListUsers(ctx, v2client.ID(pid), false)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.Put(catalog.ProjectUsers, pid, users)
	return mapping.ProjectUsers(users), nil
}
