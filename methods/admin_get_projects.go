package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminGetProjects is backlog.admin.getProjects() (legacy-api.md §4.39):
// every project of the space, joined or not, archived included, as
// AdminProject {id, name, key, url, archived, text_formatting_rule,
// use_parent_child_issue, use_chart}; created_on/updated_on are omitted (v2
// projects have no timestamps). Administrators only.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminGetProjects(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	cl, err := s.adminClient(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	ps, _, err := cl.Projects.List(ctx, &v2client.ProjectListOptions{All: true})
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.RememberProjects(ps...)
	return mapping.AdminProjects(ps, s.baseURL(cl)), nil
}
