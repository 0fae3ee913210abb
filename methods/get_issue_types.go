package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getIssueTypes answers backlog.getIssueTypes (§4.6): the project's issue
// types as an array of {id, name, color}, in display order. Read with the
// caller's credentials; refreshes the catalog.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getIssueTypes(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	p, err := projectParam(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	l, err := projectList(ctx, s, p, catalog.IssueTypes, cl.Projects.ListIssueTypes)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.IssueTypes(l), nil
}
