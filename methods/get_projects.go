package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getProjects answers backlog.getProjects (legacy-api.md §4.1): the projects
// the caller has joined, archived ones included, as an array of Project.
// The keys are remembered in the catalog so later issue keys resolve free.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getProjects(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	ps, _, err := cl.Projects.List(ctx, nil)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.RememberProjects(ps...)
	return mapping.Projects(ps, s.baseURL(cl)), nil
}
