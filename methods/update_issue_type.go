package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// updateIssueType is backlog.updateIssueType({id, name, color})
// (legacy-api.md §4.16): renames / recolours an issue type and returns it.
// Every client sends all three; name and color are each optional here (v2
// PATCH leaves an absent one unchanged), color is validated as on add.
//
// The legacy call carries no project, v2 needs it in the path: the owning
// project comes from the catalog's id -> project index.
//
// The project's cached issue-type list is invalidated.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) updateIssueType(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params, "id", "name", "color")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	id, err := a.reqInt("id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	opts := &v2client.IssueTypeOptions{}
	if name, ok, err := a.str("name"); err != nil {
		return xmlrpc.Value{}, err
	} else if ok {
		opts.Name = &name
	}
	if opts.Color, err = issueTypeColor(a, false); err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	it, _, err := ownedWrite(ctx, s, cl, catalog.IssueTypes, id, func(p string) (*v2client.IssueType, *v2client.Response, error) {
		return cl.Projects.UpdateIssueType(ctx, p, id, opts)
	})
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.IssueTypeStruct(*it), nil
}
