package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminDeleteCustomField is backlog.admin.deleteCustomField(id)
// (legacy-api.md §4.49): a bare custom field id or {id}; returns the
// deleted definition. Administrators only.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminDeleteCustomField(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	id, err := bareID(params, "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.adminEnv(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cf, pid, err := ownedDelete(ctx, s, e.cl, catalog.CustomFields, id, e.cl.Projects.DeleteCustomField)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return s.renderCustomField(ctx, e, pid, *cf)
}
