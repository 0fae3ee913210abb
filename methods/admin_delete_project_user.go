package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminDeleteProjectUser is backlog.admin.deleteProjectUser({project_id,
// user_id}) (legacy-api.md §4.46): removes a member (numeric user id) and
// returns the member list after the removal. Administrators only.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminDeleteProjectUser(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	return s.changeMember(ctx, params, (*v2client.ProjectsService).DeleteUser)
}
