package fake

import (
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// TestIssueLifecycle creates an issue with every kind of field, updates
// and clears fields, and checks the change log, the activities and the
// date-only rendering.
func TestIssueLifecycle(t *testing.T) {
	e := newEnv(t)
	f := form("projectId", "1", "summary", "全部入り", "issueTypeId", "101", "priorityId", "2",
		"description", "説明", "startDate", "2026-11-01", "dueDate", "2026-11-30", "estimatedHours", "2.5", "actualHours", "0.25",
		"categoryId[]", "111", "categoryId[]", "112", "versionId[]", "121", "milestoneId[]", "122", "assigneeId", "3",
		"parentIssueId", "1002",
		"customField_131", "Firefox", "customField_132", "手順", "customField_133", "42.5", "customField_134", "2026-12-24",
		"customField_135", "2", "customField_137", "1", "customField_137", "3", "customField_137_otherValue", "BSD", "customField_138", "1")
	f.Add("customField_136[1]", "3") // the indexed form (backlog-js), out of order on purpose
	f.Add("customField_136[0]", "1")
	r := e.do("POST", "/api/v2/issues", keyDemo, f)
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var is v2client.Issue
	r.json(t, &is)
	var raw map[string]json.RawMessage
	r.json(t, &raw)
	for name, want := range map[string]string{"startDate": `"2026-11-01T00:00:00Z"`, "dueDate": `"2026-11-30T00:00:00Z"`,
		"estimatedHours": "2.5", "actualHours": "0.25", "parentIssueId": "1002", "created": `"2026-11-23T03:04:05Z"`} {
		if string(raw[name]) != want {
			t.Errorf("%s = %s, want %s", name, raw[name], want)
		}
	}
	if is.Assignee == nil || is.Assignee.UserID != "yamada" || len(is.Category) != 2 || is.Versions[0].Name != "v1.0" || is.Milestone[0].Name != "お披露目パーティ" {
		t.Errorf("references: %+v", is)
	}
	cf := map[int64]string{}
	for _, v := range is.CustomFields {
		b, _ := json.Marshal(v)
		cf[v.ID] = string(b)
	}
	wantCF := map[int64]string{
		131: `"value":"Firefox"`, 132: `"value":"手順"`, 133: `"value":42.5`, 134: `"value":"2026-12-24T00:00:00Z"`,
		135: `"value":{"id":2,"name":"重大","displayOrder":1}`,
		136: `"value":[{"id":1,"name":"画面","displayOrder":0},{"id":3,"name":"バッチ","displayOrder":2}]`,
		137: `"value":[{"id":1,"name":"Windows","displayOrder":0},{"id":3,"name":"Linux","displayOrder":2}],"otherValue":"BSD"`,
		138: `"value":{"id":1,"name":"毎回","displayOrder":0},"otherValue":null`,
	}
	for id, want := range wantCF {
		if !strings.Contains(cf[id], want) {
			t.Errorf("custom field %d = %s, want %s", id, cf[id], want)
		}
	}
	key := is.IssueKey

	// Update: status by id, clear assignee, due date, categories and a
	// custom field; comment.
	r = e.do("PATCH", "/api/v2/issues/"+key, keyYamada, form("statusId", "2", "assigneeId", "", "dueDate", "",
		"categoryId[]", "", "customField_131", "", "estimatedHours", "", "comment", "着手します"))
	if r.status != 200 {
		t.Fatalf("update: %d %s", r.status, r.body)
	}
	r.json(t, &raw)
	for name, want := range map[string]string{"assignee": "null", "dueDate": "null", "category": "[]", "estimatedHours": "null",
		"startDate": `"2026-11-01T00:00:00Z"`} {
		if string(raw[name]) != want {
			t.Errorf("after update %s = %s, want %s", name, raw[name], want)
		}
	}
	if !strings.Contains(string(raw["customFields"]), `{"id":131,"fieldTypeId":1,"name":"再現環境","value":null}`) {
		t.Errorf("custom field 131 not cleared: %s", raw["customFields"])
	}
	var comments []v2client.Comment
	e.do("GET", "/api/v2/issues/"+key+"/comments", keyDemo, nil).json(t, &comments)
	if len(comments) != 1 || comments[0].Content == nil || *comments[0].Content != "着手します" {
		t.Fatalf("comments %+v", comments)
	}
	logs := map[string]string{}
	for _, l := range comments[0].ChangeLog {
		logs[l.Field] = deref(l.OriginalValue) + "->" + deref(l.NewValue)
	}
	wantLogs := map[string]string{"status": "未対応->処理中", "assigner": "山田 花子->", "limitDate": "2026-11-30->",
		"component": "画面, サーバー->", "estimatedHours": "2.5->", "再現環境": "Firefox->"}
	for k, v := range wantLogs {
		if logs[k] != v {
			t.Errorf("changeLog %s = %q, want %q (all: %v)", k, logs[k], v, logs)
		}
	}
	if len(logs) != len(wantLogs) {
		t.Errorf("changeLog fields %v, want %v", logs, wantLogs)
	}
	var acts []v2client.Activity
	e.do("GET", "/api/v2/projects/DEMO/activities?count=2", keyDemo, nil).json(t, &acts)
	if len(acts) != 2 || acts[0].Type != v2client.ActivityIssueUpdated || acts[1].Type != v2client.ActivityIssueCreated || acts[0].IssueKey() != key {
		t.Fatalf("activities %+v", acts)
	}
	var statusChange *v2client.ActivityChange
	for k := range acts[0].Content.Changes {
		if acts[0].Content.Changes[k].Field == "status" {
			statusChange = &acts[0].Content.Changes[k]
		}
	}
	if statusChange == nil || statusChange.OldValue != "1" || statusChange.NewValue != "2" {
		t.Errorf("activity status change %+v (ids expected)", statusChange)
	}
	if acts[0].Content.Comment == nil || acts[0].Content.Comment.Content != "着手します" {
		t.Errorf("activity comment %+v", acts[0].Content.Comment)
	}

	// A PATCH that changes nothing records nothing.
	e.do("PATCH", "/api/v2/issues/"+key, keyDemo, form("summary", "全部入り"))
	if n := e.do("GET", "/api/v2/issues/"+key+"/comments/count", keyDemo, nil); !strings.Contains(string(n.body), `"count":1`) {
		t.Errorf("no-op update added a comment: %s", n.body)
	}

	// The issue is found by its key and id, and deleting it removes it.
	if r := e.do("DELETE", "/api/v2/issues/"+key, keyAdmin, nil); r.status != 200 {
		t.Fatalf("delete: %d", r.status)
	}
	if r := e.do("GET", "/api/v2/issues/"+key, keyDemo, nil); r.status != 404 {
		t.Errorf("deleted issue answers %d", r.status)
	}
	// Key ids are never reused.
	r = e.do("POST", "/api/v2/issues", keyDemo, form("projectId", "1", "summary", "次", "issueTypeId", "102", "priorityId", "3"))
	r.json(t, &is)
	if is.IssueKey != "DEMO-16" {
		t.Errorf("next key %s, want DEMO-16", is.IssueKey)
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// TestCustomFieldValidation checks the custom-field write rules.
func TestCustomFieldValidation(t *testing.T) {
	base := []string{"projectId", "1", "summary", "x", "issueTypeId", "101", "priorityId", "3"}
	cases := []struct {
		name string
		kv   []string
		ok   bool
	}{
		{"numeric out of range", []string{"customField_133", "101"}, false},
		{"numeric not a number", []string{"customField_133", "many"}, false},
		{"date out of range", []string{"customField_134", "2025-01-01"}, false},
		{"date bad format", []string{"customField_134", "20261224"}, false},
		{"unknown item", []string{"customField_135", "9"}, false},
		{"two values for a single list", []string{"customField_135", "1", "customField_135", "2"}, false},
		{"other value where not allowed", []string{"customField_135_otherValue", "x"}, false},
		{"unknown field", []string{"customField_999", "x"}, false},
		{"field of another project", []string{"customField_231", "x"}, false},
		{"repeated multi values", []string{"customField_136", "1", "customField_136", "2"}, true},
		{"other value only", []string{"customField_138_otherValue", "その他"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			r := e.do("POST", "/api/v2/issues", keyDemo, form(append(slices.Clone(base), tc.kv...)...))
			if tc.ok && r.status != 201 || !tc.ok && (r.status != 400 || r.errCode(t) != 7) {
				t.Errorf("status %d: %s", r.status, r.body)
			}
		})
	}
}

func issueKeys(t *testing.T, r resp) []string {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var l []struct{ IssueKey string }
	r.json(t, &l)
	keys := []string{}
	for _, x := range l {
		keys = append(keys, x.IssueKey)
	}
	return keys
}

// TestIssueSearch checks each GET /issues filter against the seed, and
// that /issues/count agrees with the list.
func TestIssueSearch(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		query string
		key   string
		want  string // sorted issue keys, space separated
	}{
		{"projectId[]=2", keyDemo, "BLG-1 BLG-2 BLG-3 BLG-4 BLG-5"},
		{"projectId[]=4", keyDemo, ""},
		{"projectId[]=4", keyAdmin, "SECRET-1"},
		{"projectId[]=3&projectId[]=2&statusId[]=4", keyDemo, "BLG-5 OLD-1"},
		{"projectId[]=1&issueTypeId[]=101", keyDemo, "DEMO-1 DEMO-13 DEMO-6 DEMO-9"},
		{"projectId[]=1&categoryId[]=113", keyDemo, "DEMO-7 DEMO-8"},
		{"projectId[]=1&versionId[]=123", keyDemo, "DEMO-10 DEMO-5"},
		{"projectId[]=1&milestoneId[]=122", keyDemo, "DEMO-1 DEMO-11 DEMO-2 DEMO-3 DEMO-4"},
		{"projectId[]=1&statusId[]=100", keyDemo, "DEMO-6"},
		{"projectId[]=1&priorityId[]=4", keyDemo, "DEMO-12 DEMO-5 DEMO-7"},
		{"projectId[]=1&assigneeId[]=2&assigneeId[]=1", keyDemo, "DEMO-1 DEMO-13 DEMO-4 DEMO-7 DEMO-8"},
		{"projectId[]=1&createdUserId[]=4", keyDemo, "DEMO-10 DEMO-5"},
		{"projectId[]=1&resolutionId[]=4", keyDemo, "DEMO-9"},
		{"projectId[]=1&parentIssueId[]=1002", keyDemo, "DEMO-11 DEMO-3 DEMO-4"},
		{"id[]=1001&id[]=2001&id[]=4001", keyDemo, "BLG-1 DEMO-1"},
		{"projectId[]=1&parentChild=1&statusId[]=1", keyDemo, "DEMO-10 DEMO-12 DEMO-13 DEMO-14 DEMO-2 DEMO-5"},
		{"projectId[]=1&parentChild=2", keyDemo, "DEMO-11 DEMO-3 DEMO-4"},
		{"projectId[]=2&parentChild=3", keyDemo, "BLG-1 BLG-4 BLG-5"},
		{"parentChild=4", keyDemo, "BLG-2 DEMO-2"},
		{"projectId[]=1&attachment=true", keyDemo, "DEMO-1"},
		{"projectId[]=1&sharedFile=true", keyDemo, "DEMO-13"},
		{"keyword=ダークモード", keyDemo, "DEMO-5"},
		{"keyword=レビューお願い", keyDemo, "DEMO-6"},
		{"keyword=blg-4", keyDemo, "BLG-4"},
		{"createdSince=2026-10-12&createdUntil=2026-10-12", keyDemo, "DEMO-13"},
		{"updatedSince=2026-10-31", keyDemo, "BLG-5"},
		{"startDateSince=2026-10-02", keyDemo, "DEMO-4 DEMO-8"},
		{"dueDateUntil=2026-10-20", keyDemo, "DEMO-1 DEMO-4"},
		{"projectId[]=2&hasDueDate=false", keyDemo, "BLG-1 BLG-2 BLG-3 BLG-4 BLG-5"},
		{"customField_131=chrome", keyDemo, "DEMO-1"},
		{"customField_133_min=6", keyDemo, "DEMO-6"},
		{"customField_133_max=6", keyDemo, "DEMO-1"},
		{"customField_134_min=2026-11-20", keyDemo, "DEMO-1"},
		{"customField_135[]=1&customField_135[]=3", keyDemo, "DEMO-13 DEMO-6"},
		{"customField_136[]=2", keyDemo, "DEMO-1 DEMO-6"},
		{"customField_137[]=3", keyDemo, "DEMO-1"},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tc.query)
			q.Set("count", "100")
			got := issueKeys(t, e.do("GET", "/api/v2/issues", tc.key, q))
			sort.Strings(got)
			if strings.Join(got, " ") != tc.want {
				t.Errorf("got %q, want %q", strings.Join(got, " "), tc.want)
			}
			var n v2client.Count
			e.do("GET", "/api/v2/issues/count", tc.key, q).json(t, &n)
			if int(n.Count) != len(got) {
				t.Errorf("count %d, list %d", n.Count, len(got))
			}
		})
	}
	r := e.do("GET", "/api/v2/issues?customField_999=x", keyDemo, nil)
	if r.status != 400 || r.errCode(t) != 7 {
		t.Errorf("unknown custom field search: %d %s", r.status, r.body)
	}
}

// TestIssueSortAndPaging checks sort keys, order, the default order
// (created desc), offset and count.
func TestIssueSortAndPaging(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		query string
		want  string
	}{
		{"projectId[]=2", "BLG-4 BLG-3 BLG-2 BLG-1 BLG-5"},
		{"projectId[]=2&sort=created&order=asc", "BLG-5 BLG-1 BLG-2 BLG-3 BLG-4"},
		{"projectId[]=2&sort=updated", "BLG-5 BLG-4 BLG-3 BLG-2 BLG-1"},
		{"projectId[]=2&sort=summary&order=asc", "BLG-5 BLG-3 BLG-1 BLG-4 BLG-2"},
		{"projectId[]=2&sort=priority&order=desc", "BLG-1 BLG-5 BLG-4 BLG-2 BLG-3"},
		{"projectId[]=2&sort=status&order=asc", "BLG-2 BLG-3 BLG-4 BLG-1 BLG-5"},
		{"projectId[]=2&sort=childIssue", "BLG-2 BLG-5 BLG-4 BLG-3 BLG-1"},
		{"projectId[]=1&sort=dueDate&count=3", "DEMO-14 DEMO-11 DEMO-2"},
		{"projectId[]=1&sort=estimatedHours&count=3", "DEMO-8 DEMO-6 DEMO-1"},
		{"projectId[]=1&sort=customField_133&count=2", "DEMO-6 DEMO-1"},
		{"projectId[]=1&sort=created&order=asc&offset=12&count=5", "DEMO-13 DEMO-14"},
		{"projectId[]=1&offset=100", ""},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tc.query)
			got := issueKeys(t, e.do("GET", "/api/v2/issues", keyDemo, q))
			if strings.Join(got, " ") != tc.want {
				t.Errorf("got %q, want %q", strings.Join(got, " "), tc.want)
			}
		})
	}
	// count defaults to 20 and pages never overlap.
	seen := map[string]bool{}
	for off := 0; off < 20; off += 7 {
		q := url.Values{"count": {"7"}, "offset": {itoa(int64(off))}, "sort": {"summary"}}
		for _, k := range issueKeys(t, e.do("GET", "/api/v2/issues", keyDemo, q)) {
			if seen[k] {
				t.Errorf("%s on two pages", k)
			}
			seen[k] = true
		}
	}
	if len(seen) != 20 {
		t.Errorf("%d issues over the pages, want 20", len(seen))
	}
}

// TestCommentPaging checks minId/maxId (exclusive), count and order.
func TestCommentPaging(t *testing.T) {
	e := newEnv(t)
	var ids []int64
	for k := 0; k < 5; k++ {
		var c v2client.Comment
		e.do("POST", "/api/v2/issues/BLG-2/comments", keyDemo, form("content", "c"+itoa(int64(k)))).json(t, &c)
		ids = append(ids, c.ID)
	}
	page := func(q string) []int64 {
		v, _ := url.ParseQuery(q)
		var l []v2client.Comment
		e.do("GET", "/api/v2/issues/BLG-2/comments", keyDemo, v).json(t, &l)
		var out []int64
		for _, c := range l {
			out = append(out, c.ID)
		}
		return out
	}
	cases := []struct {
		q    string
		want []int64
	}{
		{"", []int64{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{"order=asc&count=2", []int64{ids[0], ids[1]}},
		{"order=asc&count=2&minId=" + itoa(ids[1]), []int64{ids[2], ids[3]}},
		{"maxId=" + itoa(ids[2]), []int64{ids[1], ids[0]}},
		{"minId=" + itoa(ids[0]) + "&maxId=" + itoa(ids[4]), []int64{ids[3], ids[2], ids[1]}},
	}
	for _, tc := range cases {
		if got := page(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("%q: %v, want %v", tc.q, got, tc.want)
		}
	}
	if r := e.do("GET", "/api/v2/issues/BLG-2/comments?count=0", keyDemo, nil); r.status != 400 {
		t.Errorf("count=0: %d", r.status)
	}
}

// TestDefaultSeedContract pins what the demo mode, golden and interop tests
// rely on (README.md).
func TestDefaultSeedContract(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		key, login string
		role       int
	}{
		{keyDemo, "demo", 2}, {keyAdmin, "admin", 1}, {keyReporter, "reporter", 3}, {keyViewer, "viewer", 4},
		{keyGuest, "guest", 5}, {keyGuestViewer, "guestviewer", 6},
	} {
		var u v2client.User
		e.do("GET", "/api/v2/users/myself", tc.key, nil).json(t, &u)
		if u.UserID != tc.login || int(u.RoleType) != tc.role {
			t.Errorf("key %s: %+v", tc.key, u)
		}
	}
	var p v2client.Project
	e.do("GET", "/api/v2/projects/1", keyDemo, nil).json(t, &p)
	if p.ProjectKey != "DEMO" || p.Name != "デモプロジェクト" || !p.SubtaskingEnabled || !p.ChartEnabled {
		t.Errorf("project 1: %+v", p)
	}
	var vs []v2client.Version
	e.do("GET", "/api/v2/projects/1/versions", keyDemo, nil).json(t, &vs)
	if !slices.ContainsFunc(vs, func(v v2client.Version) bool { return v.Name == "お披露目パーティ" }) {
		t.Error("DEMO has no milestone お披露目パーティ (the createIssue seed case names it)")
	}
	var cfs []v2client.CustomField
	e.do("GET", "/api/v2/projects/DEMO/customFields", keyDemo, nil).json(t, &cfs)
	types := map[v2client.CustomFieldType]bool{}
	for _, cf := range cfs {
		types[cf.TypeID] = true
	}
	if len(types) != 8 {
		t.Errorf("DEMO custom field types %v, want all 8", types)
	}
	var n v2client.Count
	e.do("GET", "/api/v2/issues/count", keyAdmin, url.Values{"projectId[]": {"1", "2", "3", "4"}}).json(t, &n)
	if n.Count < 20 {
		t.Errorf("%d issues in the seed", n.Count)
	}
}

// TestIssueCacheInvalidation: issue answers are cached between writes; any
// write (to the issue or to what it embeds) must show in the next read.
func TestIssueCacheInvalidation(t *testing.T) {
	e := newEnv(t)
	get := func(path string) string {
		return string(e.do("GET", path, keyDemo, nil).body)
	}
	before := get("/api/v2/issues/DEMO-1")
	if get("/api/v2/issues/DEMO-1") != before {
		t.Fatal("two reads differ")
	}
	steps := []struct {
		method, path string
		form         []string
		read, want   string
	}{
		{"PATCH", "/api/v2/issues/DEMO-1", []string{"summary", "新しい件名"}, "/api/v2/issues/DEMO-1", `"summary":"新しい件名"`},
		{"PATCH", "/api/v2/projects/DEMO/categories/111", []string{"name", "フロント"}, "/api/v2/issues?projectId[]=1&count=100", `"name":"フロント"`},
		{"PATCH", "/api/v2/users/2", []string{"name", "デモ 改名"}, "/api/v2/issues/DEMO-1", `"name":"デモ 改名"`},
		{"POST", "/api/v2/issues", []string{"projectId", "1", "summary", "子", "issueTypeId", "102", "priorityId", "3", "parentIssueId", "1002"},
			"/api/v2/issues/DEMO-2?expand[]=childIssueSummary", `"childIssueSummary":{"total":4,"closed":1}`},
	}
	for _, st := range steps {
		get(st.read) // warm the cache
		key := keyAdmin
		if r := e.do(st.method, st.path, key, form(st.form...)); r.status >= 300 {
			t.Fatalf("%s %s: %d %s", st.method, st.path, r.status, r.body)
		}
		if got := get(st.read); !strings.Contains(got, st.want) {
			t.Errorf("after %s %s: %s lacks %s", st.method, st.path, st.read, st.want)
		}
	}
}
