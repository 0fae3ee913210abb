package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
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
	pid, err := bareID(params, "project_id", "projectId", "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.adminClient(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return s.projectMembers(ctx, cl, pid)
}

// projectMembers reads a project's members (GET /projects/:p/users) with
// the caller's credentials, refreshes the catalog with them and renders
// them as ProjectUsers: the result of every admin project-member method.
func (s *Service) projectMembers(ctx context.Context, cl *v2client.Client, pid int64) (xmlrpc.Value, error) {
	users, err := projectList(ctx, s, projectByID(pid), catalog.ProjectUsers, allMembers(cl))
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.ProjectUsers(users), nil
}
