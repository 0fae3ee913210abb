package methods

import (
	"maps"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// v2 route keys as the fake counts them.
const (
	rSpace        = "GET /api/v2/space"
	rProjects     = "GET /api/v2/projects"
	rProject      = "GET /api/v2/projects/:projectIdOrKey"
	rCategories   = "GET /api/v2/projects/:projectIdOrKey/categories"
	rVersions     = "GET /api/v2/projects/:projectIdOrKey/versions"
	rUsers        = "GET /api/v2/projects/:projectIdOrKey/users"
	rIssueTypes   = "GET /api/v2/projects/:projectIdOrKey/issueTypes"
	rCustomFields = "GET /api/v2/projects/:projectIdOrKey/customFields"
	rPriorities   = "GET /api/v2/priorities"
	rIssue        = "GET /api/v2/issues/:issueIdOrKey"
	rIssues       = "GET /api/v2/issues"
	rCount        = "GET /api/v2/issues/count"
	rComments     = "GET /api/v2/issues/:issueIdOrKey/comments"
	rCreate       = "POST /api/v2/issues"
	rUpdate       = "PATCH /api/v2/issues/:issueIdOrKey"
	rAddComment   = "POST /api/v2/issues/:issueIdOrKey/comments"
)

type calls = map[string]int

func st(members ...xmlrpc.Member) xmlrpc.Value { return xmlrpc.Struct(members...) }
func fi(name string, v xmlrpc.Value) xmlrpc.Member {
	return xmlrpc.Field(name, v)
}
func str(s string) xmlrpc.Value { return xmlrpc.String(s) }
func num(i int64) xmlrpc.Value  { return xmlrpc.Int(i) }

// TestBudget asserts methods/BUDGET.md: the v2 calls of each method on a
// cold cache (fresh Service) and warm (the same call again), counted by the
// fake per endpoint. The warm targets of the issue workflow are exactly 1.
func TestBudget(t *testing.T) {
	allNames := st(fi("projectId", num(1)), fi("summary", str("予算")), fi("issueType", str("バグ")),
		fi("priority", str("高")), fi("component", str("画面")), fi("version", str("v1.0")),
		fi("milestone", str("お披露目パーティ")))
	tests := []struct {
		method     string
		params     []xmlrpc.Value
		cold, warm calls
	}{
		{"backlog.getProjects", nil, calls{rProjects: 1}, calls{rProjects: 1}},
		{"backlog.getProject", []xmlrpc.Value{str("DEMO")}, calls{rProject: 1}, calls{rProject: 1}},
		{"backlog.getComponents", []xmlrpc.Value{num(1)}, calls{rCategories: 1}, calls{rCategories: 1}},
		{"backlog.getVersions", []xmlrpc.Value{num(1)}, calls{rSpace: 1, rVersions: 1}, calls{rVersions: 1}},
		{"backlog.getUsers", []xmlrpc.Value{num(1)}, calls{rUsers: 1}, calls{rUsers: 1}},
		{"backlog.getIssueTypes", []xmlrpc.Value{num(1)}, calls{rIssueTypes: 1}, calls{rIssueTypes: 1}},
		{"backlog.getIssue", []xmlrpc.Value{str("DEMO-1")}, calls{rSpace: 1, rIssue: 1, rCustomFields: 1}, calls{rIssue: 1}},
		{"backlog.getIssue", []xmlrpc.Value{str("OLD-1")}, calls{rSpace: 1, rIssue: 1}, calls{rIssue: 1}},
		{"backlog.getComments", []xmlrpc.Value{num(1001)}, calls{rSpace: 1, rComments: 1}, calls{rComments: 1}},
		{"backlog.countIssue", []xmlrpc.Value{st(fi("projectId", num(1)))}, calls{rCount: 1}, calls{rCount: 1}},
		{"backlog.countIssue", []xmlrpc.Value{st(fi("projectId", str("DEMO")), fi("issueType", str("バグ")))},
			calls{rProject: 1, rIssueTypes: 1, rCount: 1}, calls{rCount: 1}},
		{"backlog.countIssue", []xmlrpc.Value{st(fi("projectId", num(1)), fi("resolutionId", num(-1)))},
			calls{rIssues: 1}, calls{rIssues: 1}},
		{"backlog.findIssue", []xmlrpc.Value{st(fi("projectId", num(1)))},
			calls{rSpace: 1, rIssues: 1, rCustomFields: 1}, calls{rIssues: 1}},
		{"backlog.findIssue", []xmlrpc.Value{st(fi("projectId", num(1)), fi("issueType", xmlrpc.Array(str("バグ"), str("タスク"))), fi("priority", str("高")))},
			calls{rSpace: 1, rIssueTypes: 1, rPriorities: 1, rIssues: 1, rCustomFields: 1}, calls{rIssues: 1}},
		{"backlog.createIssue", []xmlrpc.Value{allNames},
			calls{rSpace: 1, rIssueTypes: 1, rPriorities: 1, rCategories: 1, rVersions: 1, rCustomFields: 1, rCreate: 1}, calls{rCreate: 1}},
		{"backlog.createIssue", []xmlrpc.Value{st(fi("projectId", num(3)), fi("summary", str("既定値")))},
			calls{rSpace: 1, rIssueTypes: 1, rCreate: 1}, calls{rCreate: 1}},
		{"backlog.updateIssue", []xmlrpc.Value{st(fi("key", str("DEMO-2")), fi("summary", str("改名")))},
			calls{rSpace: 1, rUpdate: 1, rCustomFields: 1}, calls{rUpdate: 1}},
		{"backlog.updateIssue", []xmlrpc.Value{st(fi("key", str("DEMO-2")), fi("issueType", str("バグ")), fi("priority", str("低")),
			fi("component", str("サーバー")), fi("milestone", str("v2.0")))},
			calls{rSpace: 1, rProject: 1, rIssueTypes: 1, rPriorities: 1, rCategories: 1, rVersions: 1, rCustomFields: 1, rUpdate: 1}, calls{rUpdate: 1}},
		{"backlog.switchStatus", []xmlrpc.Value{st(fi("key", str("DEMO-2")), fi("statusId", num(2)))},
			calls{rSpace: 1, rUpdate: 1, rCustomFields: 1}, calls{rUpdate: 1}},
		{"backlog.addComment", []xmlrpc.Value{st(fi("key", str("DEMO-2")), fi("content", str("コメント")))},
			calls{rSpace: 1, rAddComment: 1}, calls{rAddComment: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.method, func(t *testing.T) {
			r := newRig(t, "demo")
			for _, phase := range []struct {
				name string
				want calls
			}{{"cold", tc.cold}, {"warm", tc.warm}} {
				if _, err := r.call("demo", tc.method, tc.params...); err != nil {
					t.Fatalf("%s: %v", phase.name, err)
				}
				if got := r.calls(); !maps.Equal(got, phase.want) {
					t.Errorf("%s calls = %v, want %v", phase.name, got, phase.want)
				}
			}
		})
	}
}

// TestBudgetConfiguredLocation: with Options.Location set, GET /space is
// never made, so getIssue on an issue without custom fields is 1 call cold.
func TestBudgetConfiguredLocation(t *testing.T) {
	r := newRig(t, "demo", func(o *Options) { o.Location = time.FixedZone("JST", 9*3600) })
	if _, err := r.call("demo", "backlog.getIssue", str("OLD-1")); err != nil {
		t.Fatal(err)
	}
	if got := r.calls(); !maps.Equal(got, calls{rIssue: 1}) {
		t.Errorf("calls = %v", got)
	}
}

// TestBudgetPostFilterPaging: a post-filtered findIssue scans only as many
// 100-issue pages as it needs for offset+limit matches.
func TestBudgetPostFilterPaging(t *testing.T) {
	r := newRig(t, "demo")
	// Make 150 more unresolved issues in DEMO, so the scan needs two pages.
	for i := 0; i < 150; i++ {
		if _, err := r.call("demo", "backlog.createIssue", st(fi("projectId", num(1)), fi("summary", str("bulk")))); err != nil {
			t.Fatal(err)
		}
	}
	r.calls()
	cond := func(offset, limit int64) xmlrpc.Value {
		return st(fi("projectId", num(1)), fi("resolutionId", num(-1)), fi("offset", num(offset)), fi("limit", num(limit)))
	}
	for _, tc := range []struct {
		offset, limit int64
		pages, n      int
	}{
		{0, 10, 1, 10},
		{95, 10, 2, 10},
		{155, 100, 2, 6}, // 161 unresolved issues in DEMO in all
	} {
		v, err := r.call("demo", "backlog.findIssue", cond(tc.offset, tc.limit))
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Items()) != tc.n {
			t.Errorf("offset %d limit %d: %d issues, want %d", tc.offset, tc.limit, len(v.Items()), tc.n)
		}
		if got := r.calls()[rIssues]; got != tc.pages {
			t.Errorf("offset %d limit %d: %d pages, want %d", tc.offset, tc.limit, got, tc.pages)
		}
	}
}
