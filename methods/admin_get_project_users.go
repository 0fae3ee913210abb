package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminGetProjectUsers is backlog.admin.getProjectUsers(projectId)
// (legacy-api.md §4.43): a bare project id or {project_id|projectId};
// returns the members as ProjectUser {id, user_id, name}. Administrators
// only.
//
// The members are always read with the caller's credentials and refresh the
// catalog.
//
// Its v2 calls are listed in its registry row (registry.go).
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
