package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getProjectSummaries is backlog.getProjectSummaries() (legacy-api.md
// §4.26): the ProjectSummary of every project the caller has joined
// (archived ones included, like getProjects), in v2's project order.
//
// Search economy across projects: one GET /issues/count over ALL the
// projects first; when paging through all their issues at once costs no
// more calls than there are projects (⌈N/100⌉ ≤ P) — always cheaper than
// the per-project way, which needs at least one search call per project —
// one listing is tallied per project. Otherwise each project is summarised
// on its own with the cheaper strategy of summaryPlan.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getProjectSummaries(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	projects, _, err := e.cl.Projects.List(ctx, nil)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.RememberProjects(projects...)
	if len(projects) == 0 {
		return xmlrpc.Array(), nil
	}
	frames := make([]summaryFrame, len(projects))
	ids := make([]int64, len(projects))
	for i, p := range projects {
		if frames[i], err = s.frame(ctx, e, p); err != nil {
			return xmlrpc.Value{}, err
		}
		ids[i] = p.ID
	}
	total, _, err := e.cl.Issues.Count(ctx, &v2client.IssueListOptions{ProjectIDs: ids})
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	out := make([]xmlrpc.Value, 0, len(projects))
	if (total+summaryPage-1)/summaryPage <= int64(len(projects)) {
		var issues []v2client.Issue
		if total > 0 {
			if issues, _, err = e.cl.Issues.ListAll(ctx, &v2client.IssueListOptions{ProjectIDs: ids, Sort: "created", Order: "asc"}, 0); err != nil {
				return xmlrpc.Value{}, s.fail(err)
			}
		}
		byProject := map[int64][]v2client.Issue{}
		for _, is := range issues {
			byProject[is.ProjectID] = append(byProject[is.ProjectID], is)
		}
		for _, f := range frames {
			project, per := mapping.Tally(byProject[f.project.ID], f.statuses, f.milestones)
			out = append(out, s.renderSummary(e, f, project, per))
		}
		return xmlrpc.Array(out...), nil
	}
	for _, p := range projects {
		v, err := s.summarize(ctx, e, p)
		if err != nil {
			return xmlrpc.Value{}, err
		}
		out = append(out, v)
	}
	return xmlrpc.Array(out...), nil
}
