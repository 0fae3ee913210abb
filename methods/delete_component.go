package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// deleteComponent is backlog.deleteComponent(id) (legacy-api.md §4.23): a
// bare category id or {id}. Returns the deleted category as {id, name}.
//
// The project's cached category list is invalidated.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) deleteComponent(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	id, err := bareID(params, "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	c, _, err := ownedDelete(ctx, s, cl, catalog.Categories, id, cl.Projects.DeleteCategory)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.ComponentStruct(*c), nil
}
