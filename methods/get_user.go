package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getUser is backlog.getUser(id | loginId) (legacy-api.md §4.27): the
// DetailUser {id, name, lang}. lang is the user's language, or the space's
// when the user follows the space default (v2 null). updated_on is omitted:
// v2 users carry no timestamps (decision in mapping/admin.go).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getUser(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	u, err := s.resolveUser(ctx, cl, params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	lang := ""
	if u.Lang == nil || *u.Lang == "" {
		sp, err := s.cat.Space(ctx, cl)
		if err != nil {
			return xmlrpc.Value{}, s.fail(err)
		}
		lang = sp.Lang
	}
	return mapping.DetailUser(*u, lang), nil
}
