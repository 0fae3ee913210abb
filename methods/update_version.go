package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// updateVersion is backlog.updateVersion({id, name, start_date?, due_date?,
// archived?}) (legacy-api.md §4.19): returns the updated CRUD form. name is
// required (legacy and v2 alike); an empty start_date/due_date clears the
// date; archived is a boolean (also 0/1 or "true").
//
// The project's cached version list is invalidated.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) updateVersion(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, id, name, err := idNameArgs(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	opts := &v2client.VersionOptions{Name: name}
	if opts.StartDate, err = a.optDate("start_date", "startDate"); err != nil {
		return xmlrpc.Value{}, err
	}
	if opts.ReleaseDueDate, err = a.optDate("due_date", "dueDate", "releaseDueDate"); err != nil {
		return xmlrpc.Value{}, err
	}
	if b, ok, err := a.bool("archived"); err != nil {
		return xmlrpc.Value{}, err
	} else if ok {
		opts.Archived = &b
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	v, _, err := ownedWrite(ctx, s, e.cl, catalog.Versions, id, func(p string) (*v2client.Version, *v2client.Response, error) {
		return e.cl.Projects.UpdateVersion(ctx, p, id, opts)
	})
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.VersionCRUD(*v, e.loc), nil
}
