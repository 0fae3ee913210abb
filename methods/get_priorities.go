package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getPriorities is backlog.getPriorities(): the space's priorities
// {id, name}, ids 2-4 (legacy-api.md §4.32), in v2's order.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getPriorities(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	ps, err := s.cat.Priorities(ctx, cl)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return mapping.Priorities(ps), nil
}
