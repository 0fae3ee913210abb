package mapping

import (
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

func TestSummaryStatuses(t *testing.T) {
	in := []v2client.Status{{ID: 77, Name: "レビュー", DisplayOrder: 1}, {ID: 4, Name: "完了", DisplayOrder: 5}, {ID: 1, Name: "未対応", DisplayOrder: 0},
		{ID: 80, Name: "保留", DisplayOrder: 0}, {ID: 2, Name: "処理中", DisplayOrder: 2}, {ID: 3, Name: "処理済み", DisplayOrder: 3}}
	var ids []int64
	for _, s := range SummaryStatuses(in) {
		ids = append(ids, s.ID)
	}
	want := []int64{1, 2, 3, 4, 80, 77}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("order %v, want %v", ids, want)
		}
	}
}

func TestCurrentMilestone(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	d := func(y int, m time.Month, day int) *v2client.Date { x := v2client.NewDate(y, m, day); return &x }
	ms := []v2client.Version{
		{ID: 1, Name: "no dates"},
		{ID: 2, Name: "past", StartDate: d(2026, 1, 1), ReleaseDueDate: d(2026, 2, 1)},
		{ID: 3, Name: "now", StartDate: d(2026, 11, 1), ReleaseDueDate: d(2026, 11, 30)},
		{ID: 4, Name: "also now", ReleaseDueDate: d(2026, 12, 31)},
	}
	// 2026-11-23 20:00 UTC is already 2026-11-24 in Tokyo.
	now := time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC)
	if got := CurrentMilestone(ms, now, tokyo); got == nil || got.ID != 3 {
		t.Fatalf("current = %+v, want id 3", got)
	}
	if got := CurrentMilestone(ms[:2], now, tokyo); got != nil {
		t.Fatalf("current = %+v, want none", got)
	}
	// the due date is inclusive, in the space zone
	edge := time.Date(2026, 11, 30, 14, 59, 0, 0, time.UTC) // 23:59 JST on the due date
	if got := CurrentMilestone(ms[2:3], edge, tokyo); got == nil {
		t.Fatal("due date not inclusive")
	}
	if got := CurrentMilestone(ms[2:3], edge.Add(2*time.Minute), tokyo); got != nil {
		t.Fatal("milestone still current after its due date")
	}
	if got := SummaryMilestones([]v2client.Version{{ID: 1, Archived: true}, {ID: 2}}); len(got) != 1 || got[0].ID != 2 {
		t.Fatalf("SummaryMilestones = %+v", got)
	}
}

func TestTallyAndSummary(t *testing.T) {
	statuses := []v2client.Status{{ID: 1, Name: "未対応"}, {ID: 2, Name: "処理中"}, {ID: 3, Name: "処理済み"}, {ID: 4, Name: "完了"}, {ID: 77, Name: "レビュー"}}
	due := v2client.NewDate(2026, 12, 1)
	m1 := v2client.Version{ID: 10, Name: "M1", ReleaseDueDate: &due}
	m2 := v2client.Version{ID: 11, Name: "M2"}
	issues := []v2client.Issue{
		{Status: v2client.Status{ID: 1}, Milestone: []v2client.Version{m1}},
		{Status: v2client.Status{ID: 1}, Milestone: []v2client.Version{m1, m2}},
		{Status: v2client.Status{ID: 4}},
		{Status: v2client.Status{ID: 77}, Milestone: []v2client.Version{m2, m2}},
		{Status: v2client.Status{ID: 99}}, // a status not listed: not counted
	}
	project, per := Tally(issues, statuses, []v2client.Version{m1, m2})
	got := render(ProjectSummary(v2client.Project{ID: 1, ProjectKey: "BLG", Name: "バックログ"}, "https://demo.backlog.jp",
		project, []MilestoneCount{{m1, per[0]}, {m2, per[1]}}, &MilestoneCount{m1, per[0]}, time.UTC))
	st := func(a, b, c, d, e string) string {
		return `[{id:i:1,name:"未対応",count:i:` + a + `},{id:i:2,name:"処理中",count:i:` + b + `},{id:i:3,name:"処理済み",count:i:` + c + `},{id:i:4,name:"完了",count:i:` + d + `},{id:i:77,name:"レビュー",count:i:` + e + `}]`
	}
	m1s := `{id:i:10,name:"M1",due_date:"20261201",date:"20261201",statuses:` + st("2", "0", "0", "0", "0") + `}`
	want := `{id:i:1,name:"バックログ",key:"BLG",url:"https://demo.backlog.jp/projects/BLG",statuses:` + st("2", "0", "0", "1", "1") +
		`,milestones:[` + m1s + `,{id:i:11,name:"M2",due_date:"",date:"",statuses:` + st("1", "0", "0", "0", "1") + `}],current_milestone:` + m1s + `}`
	if got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	noCurrent := render(ProjectSummary(v2client.Project{ID: 1}, "", nil, nil, nil, time.UTC))
	if noCurrent != `{id:i:1,name:"",key:"",url:"/projects/",statuses:[],milestones:[]}` {
		t.Error(noCurrent)
	}
}
