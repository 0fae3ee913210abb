package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getCustomFields is backlog.getCustomFields({projectId, issueTypeId? |
// issueType?}) (legacy-api.md §4.33; rb's project_id, issue_type_id,
// issue_type and a bare project id are accepted too): the project's
// custom-field definitions (§3.16), optionally only those that apply to at
// least one of the given issue types (ids, or names resolved in the
// project). A field whose v2 applicableIssueTypes is empty applies to every
// type (and lists every type in issueTypes).
//
// The field list is always read with the caller's credentials and refreshes
// the catalog.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getCustomFields(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params, "projectId")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	pid, err := a.reqInt("projectId", "project_id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	typeIDs, _, err := a.ints("issueTypeId", "issue_type_id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	typeNames, _, err := a.strs("issueType", "issue_type")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	defs, err := projectList(ctx, s, projectByID(pid), catalog.CustomFields, e.cl.Projects.ListCustomFields)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	types, err := s.cat.IssueTypes(ctx, e.cl, pid)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	for _, n := range typeNames {
		id, ok := issueTypeByName(types, n)
		if !ok {
			return xmlrpc.Value{}, failure.Invalid("issueType", "no issue type named %q in project %d", clip(n), pid)
		}
		typeIDs = append(typeIDs, id)
	}
	return mapping.CustomFieldDefs(defs, typeIDs, types, e.loc), nil
}

// issueTypeByName finds an issue type by its exact name.
func issueTypeByName(types []v2client.IssueType, name string) (int64, bool) {
	for _, t := range types {
		if t.Name == name {
			return t.ID, true
		}
	}
	return 0, false
}
