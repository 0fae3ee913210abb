package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminAddCustomField is backlog.admin.addCustomField({projectId, typeId,
// name, issueTypes, description?, required?, min?, max?, initial_value?,
// unit?, initial_value_type?, initial_shift?, initial_date?, items?,
// allow_input?}) (legacy-api.md §4.47): creates a custom field and returns
// its definition (§3.16). issueTypes [] means every issue type (decision
// in mapping.CustomFieldParamsFrom); items may be {name} structs or plain
// strings (b4j). Administrators only.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminAddCustomField(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	pid, err := a.reqInt("projectId", "project_id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	typeID, err := a.reqInt("typeId", "type_id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	if typeID < 1 || typeID > 8 {
		return xmlrpc.Value{}, failure.Invalid("typeId", "must be 1-8, got %d", typeID)
	}
	p, err := mapping.CustomFieldParamsFrom(a.v, v2client.CustomFieldType(typeID), true)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.adminEnv(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cf, err := projectWrite(s, catalog.CustomFields, pid, func(pr string) (*v2client.CustomField, *v2client.Response, error) {
		return e.cl.Projects.AddCustomField(ctx, pr, &p.Options)
	})
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return s.renderCustomField(ctx, e, pid, *cf)
}
