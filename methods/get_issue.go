package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getIssue answers backlog.getIssue (§4.7): param is an issue id (int or
// digits) or key; the result is the Issue (§3.12). An unknown issue
// answers an empty struct, as the old server did (Perl's client relies on
// it), not a fault.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getIssue(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	idOrKey, err := issueParam(params, "issueId", "key", "id", "issue_id", "issueKey")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	is, _, err := e.cl.Issues.Get(ctx, idOrKey)
	if err != nil {
		err = s.fail(err)
		if failure.CodeOf(err) == failure.NotFound {
			return xmlrpc.Struct(), nil
		}
		return xmlrpc.Value{}, err
	}
	return s.renderIssue(ctx, e, is), nil
}
