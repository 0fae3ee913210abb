package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// deleteVersion is backlog.deleteVersion(id) (legacy-api.md §4.20): a bare
// version id (5 clients) or {id} (pl). Returns the deleted version's CRUD
// form.
//
// The project's cached version list is invalidated.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) deleteVersion(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	id, err := bareID(params, "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	ver, _, err := ownedDelete(ctx, s, e.cl, catalog.Versions, id, e.cl.Projects.DeleteVersion)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.VersionCRUD(*ver, e.loc), nil
}
