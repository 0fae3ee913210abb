package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// addComment answers backlog.addComment (§4.14): struct {key, content},
// both required (an issue id is accepted as key too); the result is the new
// Comment (§3.13).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) addComment(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params, "key", "content")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	key, err := issueKeyArg(a)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	content, err := a.reqStr("content")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	c, _, err := e.cl.Comments.Add(ctx, key, &v2client.CommentAddOptions{Content: content})
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return mapping.Comment(*c, e.loc), nil
}
