package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminDeleteProject is backlog.admin.deleteProject(id) (legacy-api.md
// §4.42): a bare project id or {id}; returns the deleted AdminProject.
// Administrators only.
//
// The project's cached lists are dropped.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminDeleteProject(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	id, err := bareID(params, "id", "project_id", "projectId")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.adminClient(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	p, _, err := cl.Projects.Delete(ctx, v2client.ID(id))
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.InvalidateProject(id)
	return mapping.AdminProject(*p, s.baseURL(cl)), nil
}
