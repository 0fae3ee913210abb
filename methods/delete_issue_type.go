package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// deleteIssueType is backlog.deleteIssueType({id, substitute_id?})
// (legacy-api.md §4.17), also positional (id, substitute_id) as py 0.2.0
// sent it, or a bare id. Returns the deleted issue type.
//
// v2 requires substituteIssueTypeId (the type existing issues move to).
// Decision: without substitute_id the first OTHER issue type of the
// project in display order is used (legacy behaviour UNCONFIRMED); a
// project whose only issue type it is answers fault 409 (Conflict), since
// issues must keep a type.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) deleteIssueType(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params, "id", "substitute_id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	id, err := a.reqInt("id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	sub, hasSub, err := a.int("substitute_id", "substituteId", "substituteIssueTypeId")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	pid, err := s.cat.FindOwner(ctx, cl, catalog.IssueTypes, id)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	if !hasSub {
		types, err := s.cat.IssueTypes(ctx, cl, pid)
		if err != nil {
			return xmlrpc.Value{}, s.fail(err)
		}
		var best *v2client.IssueType
		for i, t := range types {
			if t.ID != id && (best == nil || t.DisplayOrder < best.DisplayOrder) {
				best = &types[i]
			}
		}
		if best == nil {
			return xmlrpc.Value{}, failure.New(failure.Conflict, "issue type %d is the project's only issue type and cannot be deleted", id)
		}
		sub = best.ID
	}
	it, err := projectWrite(s, catalog.IssueTypes, pid, func(p string) (*v2client.IssueType, *v2client.Response, error) {
		return cl.Projects.DeleteIssueType(ctx, p, id, sub)
	})
	if err != nil {
		return xmlrpc.Value{}, err
	}
	return mapping.IssueTypeStruct(*it), nil
}
