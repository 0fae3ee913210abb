package methods

import (
	"context"
	"fmt"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminUpdateCustomField is backlog.admin.updateCustomField({id, name?,
// issueTypes?, ...the optional members of addCustomField}) (legacy-api.md
// §4.48): changes a custom field and returns its definition. typeId (b4j
// sends it) is accepted and ignored: a field's type cannot change. name is
// optional (v2 PATCH keeps it). Administrators only.
//
// Decision (items, UNCONFIRMED §6.10): a sent `items` list REPLACES the
// field's items by name — items whose name stays keep their id (and the
// issue values pointing at them); new names are added, missing names are
// removed, through v2's item endpoints (adds first). Not atomic: when an
// item call fails, the fault (that call's code) says how many changes were
// applied before it and how many were not attempted.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminUpdateCustomField(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params, "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	id, err := a.reqInt("id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.adminEnv(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	pid, err := s.cat.FindOwner(ctx, e.cl, catalog.CustomFields, id)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	defs, err := s.cat.CustomFields(ctx, e.cl, pid)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	var current *v2client.CustomField
	for i := range defs {
		if defs[i].ID == id {
			current = &defs[i]
		}
	}
	if current == nil {
		return xmlrpc.Value{}, failure.New(failure.NotFound, "no custom field with id %d", id)
	}
	p, err := mapping.CustomFieldParamsFrom(a.v, current.TypeID, false)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cf, _, err := e.cl.Projects.UpdateCustomField(ctx, v2client.ID(pid), id, &p.Options)
	s.cat.Invalidate(catalog.CustomFields, pid)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	if p.ItemsGiven {
		remove, add := mapping.ItemDiff(cf.Items, p.Items)
		applied := 0
		itemFailed := func(err error, what string) error {
			fe, _ := s.fail(err).(*failure.Error)
			if fe == nil {
				fe = failure.Wrap(failure.Internal, err, "internal error")
			}
			return &failure.Error{Code: fe.Code, RetryAfter: fe.RetryAfter, Err: err, Message: fmt.Sprintf(
				"%s; not atomic: the field's other changes and %d item change(s) were applied, %s failed, %d item change(s) not attempted",
				fe.Message, applied, what, len(add)+len(remove)-applied-1)}
		}
		for _, name := range add {
			if cf, _, err = e.cl.Projects.AddCustomFieldItem(ctx, v2client.ID(pid), id, name); err != nil {
				return xmlrpc.Value{}, itemFailed(err, fmt.Sprintf("adding item %q", clip(name)))
			}
			applied++
		}
		for _, itemID := range remove {
			if cf, _, err = e.cl.Projects.DeleteCustomFieldItem(ctx, v2client.ID(pid), id, itemID); err != nil {
				return xmlrpc.Value{}, itemFailed(err, fmt.Sprintf("removing item %d", itemID))
			}
			applied++
		}
	}
	return s.renderCustomField(ctx, e, pid, *cf)
}
