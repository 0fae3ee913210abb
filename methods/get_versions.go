package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getVersions answers backlog.getVersions (§4.4): the project's versions
// and milestones (one list in v1 and v2) as an array of {id, name, date},
// date = releaseDueDate as YYYYMMDD or "". Archived versions are included
// (decision: v2 lists them and legacy clients could not ask otherwise).
// Read with the caller's credentials; refreshes the catalog.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getVersions(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	p, err := projectParam(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	l, err := projectList(ctx, s, p, catalog.Versions, e.cl.Projects.ListVersions)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.Versions(l, e.loc), nil
}
