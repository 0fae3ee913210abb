package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// findIssue answers backlog.findIssue (§4.10): one struct of search
// conditions (projectId required; see search.go for every condition) plus
// sort (legacy names, mapping.SortKey), order (boolean: true = ascending;
// default descending), offset (default 0) and limit (default 100, the
// legacy default; values above 100 are capped at 100; below 1 is
// InvalidParams). Without sort the newest issues come first (sort created).
// Returns an array of Issue; an unknown project is fault 404
// (checkProjectsExist).
//
// Post-filtered conditions (resolutionId -1, assignerId -1): v2 cannot
// express them, so the gateway pages through the v2 result in the
// requested order, 100 at a time, filters, and stops as soon as it has
// offset+limit matching issues (or the result ends). offset and limit then
// count FILTERED issues, exactly as a server filtering in SQL would, so
// paging through with offset += limit visits every match once and only
// once (given no concurrent changes).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) findIssue(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	q, err := s.readSearch(ctx, e, a, true)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	var list []v2client.Issue
	if !q.post.Active() {
		o := q.opts
		o.Offset, o.Count = q.offset, q.limit
		if list, _, err = e.cl.Issues.List(ctx, &o); err != nil {
			return xmlrpc.Value{}, s.fail(err)
		}
	} else if list, err = s.scanFiltered(ctx, e, q, q.offset+q.limit); err != nil {
		return xmlrpc.Value{}, err
	} else {
		list = window(list, q.offset, q.limit)
	}
	if len(list) == 0 {
		if err := s.checkProjectsExist(ctx, e, q); err != nil {
			return xmlrpc.Value{}, err
		}
	}
	items := make([]xmlrpc.Value, len(list))
	for i := range list {
		items[i] = s.renderIssue(ctx, e, &list[i])
	}
	return xmlrpc.Array(items...), nil
}

// window returns list[offset:offset+limit], clipped.
func window(list []v2client.Issue, offset, limit int) []v2client.Issue {
	if offset >= len(list) {
		return nil
	}
	end := min(offset+limit, len(list))
	return list[offset:end]
}
