package mapping

import (
	"sort"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// StatusCount is one {id, name, count} entry of a project summary (§3.15).
type StatusCount struct {
	ID    int64
	Name  string
	Count int64
}

// MilestoneCount is one milestone of a project summary with its counts.
type MilestoneCount struct {
	Version  v2client.Version
	Statuses []StatusCount
}

// SummaryStatuses orders a project's statuses for a summary: the built-in
// statuses 1-4 first (id order), then custom statuses in display order.
//
// Decision (custom statuses, legacy-api.md §4.30): legacy ids 1-4 cannot
// express a v2 custom status, and folding its issues into a built-in one
// would misreport them, so summaries list custom statuses AFTER the four
// built-ins with their real v2 id and name. Every issue is counted exactly
// once; clients that only know 1-4 still find them at the head of the list.
// (getStatuses, which has no project, answers the four built-ins only.)
func SummaryStatuses(statuses []v2client.Status) []v2client.Status {
	out := append([]v2client.Status(nil), statuses...)
	sort.SliceStable(out, func(i, j int) bool {
		bi, bj := out[i].ID >= 1 && out[i].ID <= 4, out[j].ID >= 1 && out[j].ID <= 4
		switch {
		case bi && bj:
			return out[i].ID < out[j].ID
		case bi != bj:
			return bi
		}
		return out[i].DisplayOrder < out[j].DisplayOrder
	})
	return out
}

// SummaryMilestones picks the milestones a summary lists: the project's
// non-archived versions, in v2's (display) order.
//
// Decision (UNCONFIRMED §6.8): the legacy summary showed the open
// milestones; archived ones are left out.
func SummaryMilestones(versions []v2client.Version) []v2client.Version {
	var out []v2client.Version
	for _, v := range versions {
		if !v.Archived {
			out = append(out, v)
		}
	}
	return out
}

// CurrentMilestone picks current_milestone among the listed milestones: the
// first (display order) whose period contains today's date in loc —
// start_date <= today <= due_date, where a missing start or due date leaves
// that side open but a milestone with neither date is never current. nil
// when none qualifies (current_milestone is then omitted).
// Decision for UNCONFIRMED §6.8.
func CurrentMilestone(milestones []v2client.Version, now time.Time, loc *time.Location) *v2client.Version {
	if loc == nil {
		loc = time.UTC
	}
	today := now.In(loc).Format("20060102")
	for i, v := range milestones {
		start, due := Date(v.StartDate, loc), Date(v.ReleaseDueDate, loc)
		if start == "" && due == "" {
			continue
		}
		if (start == "" || start <= today) && (due == "" || today <= due) {
			return &milestones[i]
		}
	}
	return nil
}

// Tally counts issues per status over the whole project and per status for
// each milestone (an issue with several milestones counts in each), for the
// "one paged listing" strategy of getProjectSummary. Statuses come out in
// the order given; an issue whose status is not in the list is not counted.
func Tally(issues []v2client.Issue, statuses []v2client.Status, milestones []v2client.Version) (project []StatusCount, perMilestone [][]StatusCount) {
	index := make(map[int64]int, len(statuses))
	for i, s := range statuses {
		index[s.ID] = i
	}
	mIndex := make(map[int64]int, len(milestones))
	for i, m := range milestones {
		mIndex[m.ID] = i
	}
	project = p2ZeroCounts(statuses)
	perMilestone = make([][]StatusCount, len(milestones))
	for i := range milestones {
		perMilestone[i] = p2ZeroCounts(statuses)
	}
	for _, is := range issues {
		si, ok := index[is.Status.ID]
		if !ok {
			continue
		}
		project[si].Count++
		seen := map[int64]bool{}
		for _, m := range is.Milestone {
			if mi, ok := mIndex[m.ID]; ok && !seen[m.ID] {
				seen[m.ID] = true
				perMilestone[mi][si].Count++
			}
		}
	}
	return project, perMilestone
}

func p2ZeroCounts(statuses []v2client.Status) []StatusCount {
	out := make([]StatusCount, len(statuses))
	for i, s := range statuses {
		out[i] = StatusCount{ID: s.ID, Name: s.Name}
	}
	return out
}

// ProjectSummary renders a ProjectSummary (§3.15): {id, name, key, url,
// statuses: [{id, name, count}], milestones: [MilestoneSummary],
// current_milestone (only when there is one)}, where MilestoneSummary is
// {id, name, due_date, statuses}.
//
// Decision (burndown_chart): v2 has no burndown image and drawing one here
// would show a chart the data never had, so current_milestone is a plain
// MilestoneSummary WITHOUT burndown_chart (clients read it as optional: the
// real node fixture had no current milestone at all).
func ProjectSummary(p v2client.Project, baseURL string, statuses []StatusCount, milestones []MilestoneCount, current *MilestoneCount, loc *time.Location) xmlrpc.Value {
	ms := make([]xmlrpc.Value, len(milestones))
	for i, m := range milestones {
		ms[i] = p2MilestoneSummary(m, loc)
	}
	members := []xmlrpc.Member{
		xmlrpc.Field("id", xmlrpc.Int(p.ID)),
		xmlrpc.Field("name", xmlrpc.String(p.Name)),
		xmlrpc.Field("key", xmlrpc.String(p.ProjectKey)),
		xmlrpc.Field("url", xmlrpc.String(strings.TrimRight(baseURL, "/")+"/projects/"+p.ProjectKey)),
		xmlrpc.Field("statuses", p2StatusCounts(statuses)),
		xmlrpc.Field("milestones", xmlrpc.Array(ms...)),
	}
	if current != nil {
		members = append(members, xmlrpc.Field("current_milestone", p2MilestoneSummary(*current, loc)))
	}
	return xmlrpc.Struct(members...)
}

// p2MilestoneSummary renders a MilestoneSummary (legacy-api.md §3.15):
// {id, name, due_date, date, statuses}. date repeats due_date because
// backlog4j reads the summary's milestones with its one Version class, whose
// getDate() reads `date` (the §3.9 list form's due date); decision in
// docs/decisions.md.
func p2MilestoneSummary(m MilestoneCount, loc *time.Location) xmlrpc.Value {
	due := xmlrpc.String(Date(m.Version.ReleaseDueDate, loc))
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(m.Version.ID)),
		xmlrpc.Field("name", xmlrpc.String(m.Version.Name)),
		xmlrpc.Field("due_date", due),
		xmlrpc.Field("date", due),
		xmlrpc.Field("statuses", p2StatusCounts(m.Statuses)),
	)
}

func p2StatusCounts(cs []StatusCount) xmlrpc.Value {
	out := make([]xmlrpc.Value, len(cs))
	for i, c := range cs {
		out[i] = xmlrpc.Struct(
			xmlrpc.Field("id", xmlrpc.Int(c.ID)),
			xmlrpc.Field("name", xmlrpc.String(c.Name)),
			xmlrpc.Field("count", xmlrpc.Int(c.Count)),
		)
	}
	return xmlrpc.Array(out...)
}
