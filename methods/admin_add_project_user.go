package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminAddProjectUser is backlog.admin.addProjectUser({project_id, user_id})
// (legacy-api.md §4.44; user_id is the NUMERIC user id here): adds a member
// and returns the project's member list after the addition (array of
// ProjectUser, [LIVE b4j]). Administrators only.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminAddProjectUser(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	return s.changeMember(ctx, params, (*v2client.ProjectsService).AddUser)
}
