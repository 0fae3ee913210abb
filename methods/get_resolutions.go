package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getResolutions is backlog.getResolutions(): the space's resolutions
// {id, name}, ids 0-4 (legacy-api.md §4.31), in v2's order.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getResolutions(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	rs, err := s.cat.Resolutions(ctx, cl)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return mapping.Resolutions(rs), nil
}
