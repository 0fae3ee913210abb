package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// switchStatus answers backlog.switchStatus (§4.13): struct {key (req),
// statusId (req), assignerId, resolutionId, comment}; returns the updated
// Issue. assignerId/resolutionId "" clear the field (§2.6). Status ids are
// passed through unchanged: 1-4 are the built-in statuses in v2 too, and a
// custom v2 status id is accepted as is (decision).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) switchStatus(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params, "key", "statusId")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	key, err := issueKeyArg(a)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	status, err := a.reqInt("statusId", "status_id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	opts := &v2client.IssueUpdateOptions{StatusID: &status}
	if opts.AssigneeID, err = a.optInt("assignerId", "assigneeId"); err != nil {
		return xmlrpc.Value{}, err
	}
	if opts.ResolutionID, err = a.optInt("resolutionId"); err != nil {
		return xmlrpc.Value{}, err
	}
	if opts.Comment, err = commentArg(a); err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	is, _, err := e.cl.Issues.Update(ctx, key, opts)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return s.renderIssue(ctx, e, is), nil
}
