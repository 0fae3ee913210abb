package methods

import (
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

func TestPlanSummary(t *testing.T) {
	tests := []struct {
		statuses, milestones int
		total                int64
		count, list          int
		listing              bool
	}{
		{5, 2, 14, 14, 1, true},     // the seed's DEMO project
		{4, 0, 250, 3, 3, true},     // tie: the listing (a consistent snapshot)
		{4, 0, 301, 3, 4, false},    // bigger: counts
		{4, 3, 1500, 15, 15, true},  // 100·(M·S+S-1) is the break-even
		{4, 3, 1501, 15, 16, false}, // one more page: counts
		{4, 1, 0, 7, 0, true},       // empty project: the total alone answers
		{0, 0, 10, 0, 1, false},     // no statuses: nothing to count
	}
	for _, tt := range tests {
		p := planSummary(tt.statuses, tt.milestones, tt.total)
		if p.countCalls != tt.count || p.listCalls != tt.list || p.useListing() != tt.listing {
			t.Errorf("S=%d M=%d N=%d: plan %+v listing=%v; want count %d list %d listing %v",
				tt.statuses, tt.milestones, tt.total, p, p.useListing(), tt.count, tt.list, tt.listing)
		}
	}
}

// TestSummaryStrategiesAgree: the counting strategy and the listing
// strategy give the same numbers for every seed project, and the counting
// one makes exactly (S-1) + M·S count calls.
func TestSummaryStrategiesAgree(t *testing.T) {
	r := newRig(t, "admin")
	ctx := r.ctx("admin")
	cl := r.client("admin")
	for _, pid := range []int64{1, 2, 3, 4} {
		sts, err := r.svc.cat.Statuses(ctx, cl, pid)
		if err != nil {
			t.Fatal(err)
		}
		statuses := mapping.SummaryStatuses(sts)
		versions, err := r.svc.cat.Versions(ctx, cl, pid)
		if err != nil {
			t.Fatal(err)
		}
		milestones := mapping.SummaryMilestones(versions)
		issues, _, err := cl.Issues.ListAll(ctx, &v2client.IssueListOptions{ProjectIDs: []int64{pid}}, 0)
		if err != nil {
			t.Fatal(err)
		}
		wantProject, wantPer := mapping.Tally(issues, statuses, milestones)
		r.calls()
		gotProject, gotPer, err := r.svc.countSummary(ctx, cl, pid, statuses, milestones, int64(len(issues)))
		if err != nil {
			t.Fatal(err)
		}
		if n, want := r.calls()["GET /api/v2/issues/count"], len(statuses)-1+len(milestones)*len(statuses); n != want {
			t.Errorf("project %d: %d count calls, want %d", pid, n, want)
		}
		render := func(p []mapping.StatusCount, per [][]mapping.StatusCount) string {
			ms := make([]mapping.MilestoneCount, len(per))
			for i := range per {
				ms[i] = mapping.MilestoneCount{Version: milestones[i], Statuses: per[i]}
			}
			return renderValue(mapping.ProjectSummary(v2client.Project{ID: pid}, "", p, ms, nil, nil))
		}
		if got, want := render(gotProject, gotPer), render(wantProject, wantPer); got != want {
			t.Errorf("project %d:\ncounts  %s\nlisting %s", pid, got, want)
		}
		if pid == 1 && (len(statuses) != 5 || statuses[4].ID != 100) {
			t.Errorf("DEMO statuses %+v: want the custom status 100 after 1-4", statuses)
		}
	}
}

// renderValue encodes a value as its XML-RPC response text, for equality.
func renderValue(v xmlrpc.Value) string {
	b, err := xmlrpc.AppendResponse(nil, v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// TestSummariesMatchSingleSummaries: the one-listing-for-all-projects path
// of getProjectSummaries gives, project by project, exactly what
// getProjectSummary (counted per project) gives.
func TestSummariesMatchSingleSummaries(t *testing.T) {
	r := newRig(t, "admin")
	all, err := r.call("admin", "backlog.getProjectSummaries")
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Items()) != 4 {
		t.Fatalf("%d summaries for admin, want the 4 seed projects", len(all.Items()))
	}
	for _, sum := range all.Items() {
		id, _ := sum.Get("id")
		one, err := r.call("admin", "backlog.getProjectSummary", id)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := renderValue(sum), renderValue(one); got != want {
			t.Errorf("project %s:\nsummaries %s\nsummary   %s", id.Text(), got, want)
		}
	}
}
