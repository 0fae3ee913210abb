package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// updateComponent is backlog.updateComponent({id, name}) (legacy-api.md
// §4.22): renames a category and returns it as {id, name}.
//
// The project's cached category list is invalidated.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) updateComponent(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	_, id, name, err := idNameArgs(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	c, _, err := ownedWrite(ctx, s, cl, catalog.Categories, id, func(p string) (*v2client.Category, *v2client.Response, error) {
		return cl.Projects.UpdateCategory(ctx, p, id, name)
	})
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.ComponentStruct(*c), nil
}
