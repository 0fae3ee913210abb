package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// updateComponent is backlog.updateComponent({id, name}) (legacy-api.md
// §4.22): renames a category and returns it as {id, name}.
//
// v2 calls: owner look-up (cold GET /api/v2/projects + GET
// /projects/:p/categories per joined project until found; warm none), then
// PATCH /api/v2/projects/:projectIdOrKey/categories/:id. The project's
// cached category list is invalidated.
func (s *Service) updateComponent(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params, "id", "name")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	id, err := a.reqInt("id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	name, err := a.reqStr("name")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	pid, err := s.cat.FindOwner(ctx, cl, catalog.Categories, id)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	c, _, err := cl.Projects.UpdateCategory(ctx, v2client.ID(pid), id, name)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.Invalidate(catalog.Categories, pid)
	return mapping.ComponentStruct(*c), nil
}
