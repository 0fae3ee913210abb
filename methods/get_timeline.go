package methods

import (
	"context"
	"sort"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getTimeline is backlog.getTimeline() (legacy-api.md §4.24, §3.14): the
// recent issue activity of the projects the caller can see, at most 50
// entries, newest first, rendered as the 2012 server did: type 1 (issue
// added) with the description, type 3 (comment) with the comment, type 2
// (update) as ONE ENTRY PER CHANGED ATTRIBUTE "[ 属性名:新しい値 ]" (status
// ids turned into the project's status names), each with the reduced issue
// {id, key, summary, description, priority, parent_issue_id?}. Activities
// of issues deleted since (or no longer visible) are left out, since the
// reduced issue needs the priority.
//
// Economy (search budget): v2 activities lack the priority, so the issues
// are read in ONE batch, GET /issues?id[]=…&count=100 (≤ 50 distinct ids),
// never one GET per issue.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getTimeline(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	acts, _, err := e.cl.Space.ListActivities(ctx, &v2client.ActivityListOptions{
		ActivityTypeIDs: mapping.TimelineActivityTypes, Count: mapping.TimelineLimit, Order: "desc"})
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	sort.SliceStable(acts, func(i, j int) bool { return acts[i].ID > acts[j].ID })
	var ids []int64
	seen := map[int64]bool{}
	statusProjects := map[int64]bool{}
	for _, a := range acts {
		if a.Content.ID != 0 && !seen[a.Content.ID] {
			seen[a.Content.ID] = true
			ids = append(ids, a.Content.ID)
		}
		for _, c := range a.Content.Changes {
			if c.Field == "status" {
				statusProjects[a.Project.ID] = true
			}
		}
	}
	issues := map[int64]*v2client.Issue{}
	if len(ids) > 0 {
		list, _, err := e.cl.Issues.List(ctx, &v2client.IssueListOptions{IDs: ids, Count: 100})
		if err != nil {
			return xmlrpc.Value{}, s.fail(err)
		}
		for i := range list {
			issues[list[i].ID] = &list[i]
		}
	}
	statusNames := map[int64]map[int64]string{}
	for pid := range statusProjects {
		sts, err := s.cat.Statuses(ctx, e.cl, pid)
		if err != nil {
			continue // names stay ids; the entry is still right
		}
		m := make(map[int64]string, len(sts))
		for _, st := range sts {
			m[st.ID] = st.Name
		}
		statusNames[pid] = m
	}
	out := make([]xmlrpc.Value, 0, mapping.TimelineLimit)
	for _, a := range acts {
		for _, entry := range mapping.TimelineEntries(a, issues[a.Content.ID], statusNames[a.Project.ID], e.loc) {
			if len(out) == mapping.TimelineLimit {
				return xmlrpc.Array(out...), nil
			}
			out = append(out, entry)
		}
	}
	return xmlrpc.Array(out...), nil
}
