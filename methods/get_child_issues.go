package methods

import (
	"context"
	"strconv"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// maxChildParents bounds one getChildIssues call (each id is one
// parentIssueId[] value of a GET /issues query string).
const maxChildParents = 100

// getChildIssues is backlog.getChildIssues(parentIds) (legacy-api.md
// §4.34): the children of each parent issue. The param is an int (node,
// php), an array of int (b4j) or a struct {parent_issue_id: int | int[]}.
//
// Decision (UNCONFIRMED §6.7): the result is ALWAYS the struct b4j (written
// by a Nulab engineer) reads — keyed by the parent id as a string, each
// value the array of child Issues (§3.12), oldest first — also for a single
// int, and every requested parent has a member (an empty array when it has
// no children or is not visible), in the order requested. Only direct
// children are listed (v2's parentIssueId filter).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getChildIssues(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	if len(params) == 0 || params[0].Absent() {
		return xmlrpc.Value{}, failure.Invalid("parent_issue_id", "required")
	}
	p := params[0]
	member := "parent_issue_id"
	if p.Kind() == xmlrpc.KindStruct {
		v, ok := p.Get("parent_issue_id")
		if !ok {
			if v, ok = p.Get("parentIssueId"); !ok {
				return xmlrpc.Value{}, failure.Invalid("parent_issue_id", "required")
			}
		}
		p = v
	}
	ids, err := intList(member, p)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	ids = uniqueIDs(ids)
	if len(ids) == 0 {
		return xmlrpc.Value{}, failure.Invalid(member, "at least one parent issue id is required")
	}
	if len(ids) > maxChildParents {
		return xmlrpc.Value{}, failure.Invalid(member, "at most %d parent issue ids per call", maxChildParents)
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	children, _, err := e.cl.Issues.ListAll(ctx, &v2client.IssueListOptions{ParentIssueIDs: ids, Sort: "created", Order: "asc"}, 0)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	byParent := map[int64][]xmlrpc.Value{}
	for _, c := range children {
		if c.ParentIssueID == nil {
			continue
		}
		defs, err := s.cat.CustomFields(ctx, e.cl, c.ProjectID)
		if err != nil {
			defs = nil // the values are still rendered, without definitions
		}
		byParent[*c.ParentIssueID] = append(byParent[*c.ParentIssueID], mapping.Issue(c, defs, e.base, e.loc))
	}
	members := make([]xmlrpc.Member, len(ids))
	for i, id := range ids {
		members[i] = xmlrpc.Field(strconv.FormatInt(id, 10), xmlrpc.Array(byParent[id]...))
	}
	return xmlrpc.Struct(members...), nil
}

// uniqueIDs drops repeated ids, keeping the first occurrence's position.
func uniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
