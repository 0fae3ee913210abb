package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getComponents answers backlog.getComponents (§4.3): the project's
// categories as an array of {id, name}, in v2's display order. The list is
// always read with the caller's credentials (never served from the shared
// cache) and then refreshes the catalog.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getComponents(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	p, err := projectParam(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	l, err := projectList(ctx, s, p, catalog.Categories, cl.Projects.ListCategories)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.Components(l), nil
}
