package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminDeleteCustomField is backlog.admin.deleteCustomField(id)
// (legacy-api.md §4.49): a bare custom field id or {id}; returns the
// deleted definition. Administrators only.
//
// v2 calls: GET /api/v2/users/myself (administrator check), owner look-up
// (cold GET /api/v2/projects + custom field lists until found; warm none),
// DELETE /api/v2/projects/:projectIdOrKey/customFields/:id, GET
// /projects/:p/issueTypes (cached).
func (s *Service) adminDeleteCustomField(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	v, err := scalarArg(params, "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	id, err := toInt("id", v)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	if err := s.requireAdmin(ctx, cl); err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	pid, err := s.cat.FindOwner(ctx, e.cl, catalog.CustomFields, id)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	cf, _, err := e.cl.Projects.DeleteCustomField(ctx, v2client.ID(pid), id)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.Invalidate(catalog.CustomFields, pid)
	return s.renderCustomField(ctx, e, pid, *cf)
}
