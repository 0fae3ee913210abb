package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// summaryPage is the page size of the listing strategy (v2's maximum).
const summaryPage = 100

// summaryPlan is the search-call cost of the two ways to count a project's
// issues per status and per milestone × status (methods/BUDGET.md):
//
//   - counting: one GET /issues/count per status except the last (the
//     total minus the others) plus one per milestone × status:
//     (S-1) + M·S calls;
//   - listing: page through GET /issues?projectId[]=p&count=100 once and
//     tally locally: ⌈N/100⌉ calls.
//
// Both need the total N first (one GET /issues/count), so a project costs
// 1 + min((S-1) + M·S, ⌈N/100⌉) search calls, and 1 when it has no issues.
// The listing wins for every project below about 100·(M·S+S-1) issues,
// i.e. for the small and medium projects legacy clients are used with;
// counting wins for big projects with few milestones.
type summaryPlan struct {
	countCalls, listCalls int
}

func planSummary(statuses, milestones int, total int64) summaryPlan {
	c := statuses - 1 + milestones*statuses
	if c < 0 {
		c = 0
	}
	return summaryPlan{countCalls: c, listCalls: int((total + summaryPage - 1) / summaryPage)}
}

// useListing reports whether the listing is the cheaper strategy (ties go
// to the listing: it reads a consistent snapshot).
func (p summaryPlan) useListing() bool { return p.listCalls <= p.countCalls }

// summaryFrame is what a project's summary is counted against: its
// statuses in summary order and its open milestones.
type summaryFrame struct {
	project    v2client.Project
	statuses   []v2client.Status
	milestones []v2client.Version
}

// frame reads a project's statuses and versions (both cached in the catalog).
//
// v2 on a miss: GET /projects/:p/statuses, GET /projects/:p/versions.
func (s *Service) frame(ctx context.Context, e env, p v2client.Project) (summaryFrame, error) {
	sts, err := s.cat.Statuses(ctx, e.cl, p.ID)
	if err != nil {
		return summaryFrame{}, s.fail(err)
	}
	versions, err := s.cat.Versions(ctx, e.cl, p.ID)
	if err != nil {
		return summaryFrame{}, s.fail(err)
	}
	return summaryFrame{project: p, statuses: mapping.SummaryStatuses(sts), milestones: mapping.SummaryMilestones(versions)}, nil
}

// summarize builds one project's ProjectSummary (§3.15) with the cheaper
// strategy of summaryPlan.
//
// v2 calls: GET /projects/:p/statuses and GET /projects/:p/versions
// (cached), GET /api/v2/issues/count?projectId[]=p, then either ⌈N/100⌉ ×
// GET /api/v2/issues or (S-1)+M·S × GET /api/v2/issues/count.
func (s *Service) summarize(ctx context.Context, e env, p v2client.Project) (xmlrpc.Value, error) {
	f, err := s.frame(ctx, e, p)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	total, _, err := e.cl.Issues.Count(ctx, &v2client.IssueListOptions{ProjectIDs: []int64{p.ID}})
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	var project []mapping.StatusCount
	var per [][]mapping.StatusCount
	plan := planSummary(len(f.statuses), len(f.milestones), total)
	switch {
	case total == 0:
		project, per = mapping.Tally(nil, f.statuses, f.milestones)
	case plan.useListing():
		issues, _, err := e.cl.Issues.ListAll(ctx, &v2client.IssueListOptions{ProjectIDs: []int64{p.ID}, Sort: "created", Order: "asc"}, 0)
		if err != nil {
			return xmlrpc.Value{}, s.fail(err)
		}
		project, per = mapping.Tally(issues, f.statuses, f.milestones)
	default:
		project, per, err = s.countSummary(ctx, e.cl, p.ID, f.statuses, f.milestones, total)
		if err != nil {
			return xmlrpc.Value{}, err
		}
	}
	return s.renderSummary(e, f, project, per), nil
}

// renderSummary shapes a counted project, picking its current milestone.
func (s *Service) renderSummary(e env, f summaryFrame, project []mapping.StatusCount, per [][]mapping.StatusCount) xmlrpc.Value {
	ms := make([]mapping.MilestoneCount, len(f.milestones))
	for i, m := range f.milestones {
		ms[i] = mapping.MilestoneCount{Version: m, Statuses: per[i]}
	}
	var current *mapping.MilestoneCount
	if cm := mapping.CurrentMilestone(f.milestones, s.opts.Now(), e.loc); cm != nil {
		for i := range ms {
			if ms[i].Version.ID == cm.ID {
				current = &ms[i]
			}
		}
	}
	return mapping.ProjectSummary(f.project, e.base, project, ms, current, e.loc)
}

// countSummary is the counting strategy: per-status counts over the project
// (the last status is the total minus the others) and per milestone.
func (s *Service) countSummary(ctx context.Context, cl *v2client.Client, pid int64, statuses []v2client.Status, milestones []v2client.Version, total int64) ([]mapping.StatusCount, [][]mapping.StatusCount, error) {
	count := func(statusID, milestoneID int64) (int64, error) {
		o := &v2client.IssueListOptions{ProjectIDs: []int64{pid}, StatusIDs: []int64{statusID}}
		if milestoneID != 0 {
			o.MilestoneIDs = []int64{milestoneID}
		}
		n, _, err := cl.Issues.Count(ctx, o)
		if err != nil {
			return 0, s.fail(err)
		}
		return n, nil
	}
	project, per := mapping.Tally(nil, statuses, milestones)
	rest := total
	for i := range project {
		if i == len(project)-1 {
			project[i].Count = rest
			break
		}
		n, err := count(project[i].ID, 0)
		if err != nil {
			return nil, nil, err
		}
		project[i].Count = n
		rest -= n
	}
	for mi, m := range milestones {
		for si := range per[mi] {
			n, err := count(per[mi][si].ID, m.ID)
			if err != nil {
				return nil, nil, err
			}
			per[mi][si].Count = n
		}
	}
	return project, per, nil
}
