package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getUserIcon is backlog.getUserIcon(id | loginId) (legacy-api.md §4.28):
// {id, content_type, data} with data the raw image as <base64> and
// content_type the real image type (v2 answers application/octet-stream;
// the type comes from the file name Backlog sends, else from the bytes).
// updated_on is omitted (no v2 equivalent).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getUserIcon(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	id, err := s.userIDForIcon(ctx, cl, params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	icon, _, err := cl.Users.Icon(ctx, id)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return mapping.UserIcon(id, *icon), nil
}
