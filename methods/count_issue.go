package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// countIssue answers backlog.countIssue (§4.9): the findIssue conditions
// without sort/order/offset/limit (ignored if sent); projectId required.
// Returns an int (0 when nothing matches); an unknown project is fault 404
// (checkProjectsExist).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) countIssue(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e := env{cl: cl}
	q, err := s.readSearch(ctx, e, a, false)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	if q.post.Active() {
		list, err := s.scanFiltered(ctx, e, q, 0)
		if err != nil {
			return xmlrpc.Value{}, err
		}
		if len(list) == 0 {
			if err := s.checkProjectsExist(ctx, e, q); err != nil {
				return xmlrpc.Value{}, err
			}
		}
		return xmlrpc.Int(int64(len(list))), nil
	}
	n, _, err := cl.Issues.Count(ctx, &q.opts)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	if n == 0 {
		if err := s.checkProjectsExist(ctx, e, q); err != nil {
			return xmlrpc.Value{}, err
		}
	}
	return xmlrpc.Int(n), nil
}
