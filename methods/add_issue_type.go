package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// addIssueType is backlog.addIssueType({project_id|projectId, name, color})
// (legacy-api.md §4.15): adds an issue type and returns it as
// {id, name, color}. color must be one of the ten palette colours (any
// case; the doc sample writes #FF9200); anything else is fault -32602
// before any v2 call. Positional (project_id, name, color) is accepted.
//
// The project's cached issue-type list is invalidated.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) addIssueType(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, pid, name, err := projectNameArgs(params, "project_id", "name", "color")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	color, err := issueTypeColor(a, true)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	it, err := projectWrite(s, catalog.IssueTypes, pid, func(p string) (*v2client.IssueType, *v2client.Response, error) {
		return cl.Projects.AddIssueType(ctx, p, &v2client.IssueTypeOptions{Name: &name, Color: color})
	})
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.IssueTypeStruct(*it), nil
}
