package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

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
