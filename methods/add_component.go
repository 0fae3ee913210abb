package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// addComponent is backlog.addComponent({project_id|projectId, name})
// (legacy-api.md §4.21), also positional (project_id, name) as py 0.2.0
// sent it: adds a category and returns it as {id, name}.
//
// The project's cached category list is invalidated.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) addComponent(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	_, pid, name, err := projectNameArgs(params, "project_id", "name")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	c, err := projectWrite(s, catalog.Categories, pid, func(p string) (*v2client.Category, *v2client.Response, error) {
		return cl.Projects.AddCategory(ctx, p, name)
	})
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.ComponentStruct(*c), nil
}
