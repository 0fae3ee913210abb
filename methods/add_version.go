package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// addVersion is backlog.addVersion({project_id|projectId, name, start_date?,
// due_date?}) (legacy-api.md §4.18): adds a version/milestone and returns
// its CRUD form {id, name, start_date, due_date, archived}. Dates are
// YYYYMMDD (Perl sends them as <int>); a name that Perl smart-encoded as
// <double>1.0</double> keeps its text "1.0".
//
// The project's cached version list is invalidated.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) addVersion(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, pid, name, err := projectNameArgs(params, "project_id", "name")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	opts := &v2client.VersionOptions{Name: name}
	if opts.StartDate, err = addDate(a, "start_date", "startDate"); err != nil {
		return xmlrpc.Value{}, err
	}
	if opts.ReleaseDueDate, err = addDate(a, "due_date", "dueDate", "releaseDueDate"); err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	v, err := projectWrite(s, catalog.Versions, pid, func(p string) (*v2client.Version, *v2client.Response, error) {
		return e.cl.Projects.AddVersion(ctx, p, opts)
	})
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.VersionCRUD(*v, e.loc), nil
}

// addDate reads an optional date of a create call: absent or "" -> not
// sent.
func addDate(a args, names ...string) (v2client.Optional[v2client.Date], error) {
	if a.clear(names...) {
		return v2client.Optional[v2client.Date]{}, nil
	}
	return a.optDate(names...)
}
