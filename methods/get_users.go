package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getUsers answers backlog.getUsers (§4.5): the project's members as an
// array of {id, name}. Read with the caller's credentials; refreshes the
// catalog.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getUsers(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	p, err := projectParam(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	l, err := projectList(ctx, s, p, catalog.ProjectUsers, allMembers(cl))
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.Users(l), nil
}
