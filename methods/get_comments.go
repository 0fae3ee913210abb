package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getComments answers backlog.getComments (§4.8): param is the issue id
// (int or digits; an issue key is accepted too — decision, §6.9), result an
// array of Comment, oldest first. Decision (UNCONFIRMED in §4.8): entries
// that only record field changes are included with content "", so comment
// ids stay contiguous with what the Backlog UI shows. An unknown issue is a
// NotFound fault (404).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getComments(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	idOrKey, err := issueParam(params, "issueId", "issue_id", "key", "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cs, _, err := e.cl.Comments.ListAll(ctx, idOrKey)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return mapping.Comments(cs, e.loc), nil
}
