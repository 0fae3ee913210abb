package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getStatuses is backlog.getStatuses(): the four legacy statuses {id, name},
// ids 1-4 (legacy-api.md §4.30), named in the space's language.
//
// Decision (custom statuses): the legacy call has no project, and v2
// custom statuses belong to one project with ids legacy clients do not know,
// so getStatuses answers only the four built-ins, which exist with the same
// ids in every project. Custom statuses appear, with their real id and name,
// in getProjectSummary(ies) and in issues (see mapping.SummaryStatuses).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getStatuses(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	sp, err := s.cat.Space(ctx, cl)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return mapping.BuiltinStatuses(sp.Lang), nil
}
