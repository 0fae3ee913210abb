package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getActivityTypes is backlog.getActivityTypes(): the three legacy timeline
// activity types {id, name} — 1 課題, 2 更新, 3 コメント (legacy-api.md §4.29).
// They are the same ids as v2's activity types 1-3, so the list is static.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getActivityTypes(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	return mapping.ActivityTypes(), nil
}
