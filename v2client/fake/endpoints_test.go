package fake

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// endpointCase is one request against a fresh fake and what it must answer.
type endpointCase struct {
	name    string
	method  string
	path    string
	key     string
	form    []string
	status  int
	code    int      // Backlog error code expected (0: a success)
	members []string // top-level members of the answer (of its first element for lists)
	check   func(t *testing.T, r resp)
}

func listLen(n int) func(t *testing.T, r resp) {
	return func(t *testing.T, r resp) {
		t.Helper()
		var l []json.RawMessage
		r.json(t, &l)
		if len(l) != n {
			t.Errorf("%d elements, want %d: %s", len(l), n, r.body)
		}
	}
}

func field(name string, want any) func(t *testing.T, r resp) {
	return func(t *testing.T, r resp) {
		t.Helper()
		var m map[string]any
		r.json(t, &m)
		got, _ := json.Marshal(m[name])
		exp, _ := json.Marshal(want)
		if string(got) != string(exp) {
			t.Errorf("%s = %s, want %s", name, got, exp)
		}
	}
}

func header(name, want string) func(t *testing.T, r resp) {
	return func(t *testing.T, r resp) {
		t.Helper()
		if got := r.header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func all(fs ...func(t *testing.T, r resp)) func(t *testing.T, r resp) {
	return func(t *testing.T, r resp) {
		t.Helper()
		for _, f := range fs {
			f(t, r)
		}
	}
}

var (
	userMembers    = []string{"id", "userId", "name", "roleType", "lang", "mailAddress", "nulabAccount", "lastLoginTime"}
	projectMembers = []string{"id", "projectKey", "name", "chartEnabled", "subtaskingEnabled", "textFormattingRule", "archived", "displayOrder"}
	issueMembers   = []string{"id", "projectId", "issueKey", "keyId", "issueType", "summary", "description", "resolution",
		"priority", "status", "assignee", "category", "versions", "milestone", "startDate", "dueDate", "estimatedHours",
		"actualHours", "parentIssueId", "createdUser", "created", "updatedUser", "updated", "customFields", "attachments",
		"sharedFiles", "stars"}
	commentMembers = []string{"id", "content", "changeLog", "createdUser", "created", "updated", "stars", "notifications"}
)

// endpointCases covers every endpoint (TestEndpoints checks it) with its
// successes, role refusals and validation errors.
var endpointCases = []endpointCase{
	// space and constants
	{name: "space", method: "GET", path: "/api/v2/space", key: keyDemo, status: 200, members: []string{"spaceKey", "name", "ownerId", "lang", "timezone", "reportSendTime", "textFormattingRule", "created", "updated"},
		check: all(field("spaceKey", "demo"), field("timezone", "Asia/Tokyo"))},
	{name: "no key", method: "GET", path: "/api/v2/space", status: 401, code: 11},
	{name: "unknown key", method: "GET", path: "/api/v2/space", key: "nope", status: 401, code: 11},
	{name: "unknown path", method: "GET", path: "/api/v2/wikis", key: keyDemo, status: 404, code: 6},
	{name: "rate limit state", method: "GET", path: "/api/v2/rateLimit", key: keyDemo, status: 200, members: []string{"rateLimit"}},
	{name: "priorities", method: "GET", path: "/api/v2/priorities", key: keyDemo, status: 200, members: []string{"id", "name"},
		check: func(t *testing.T, r resp) {
			if !strings.Contains(string(r.body), `{"id":2,"name":"高"},{"id":3,"name":"中"},{"id":4,"name":"低"}`) {
				t.Errorf("priorities %s", r.body)
			}
		}},
	{name: "resolutions", method: "GET", path: "/api/v2/resolutions", key: keyDemo, status: 200, check: listLen(5)},
	{name: "space statuses", method: "GET", path: "/api/v2/statuses", key: keyDemo, status: 200, members: []string{"id", "name"}, check: listLen(4)},
	{name: "space activities", method: "GET", path: "/api/v2/space/activities?count=5", key: keyDemo, status: 200,
		members: []string{"id", "project", "type", "content", "notifications", "createdUser", "created"}, check: listLen(5)},
	{name: "activities count out of range", method: "GET", path: "/api/v2/space/activities?count=101", key: keyDemo, status: 400, code: 7},
	{name: "project activities", method: "GET", path: "/api/v2/projects/BLG/activities?count=100", key: keyDemo, status: 200, check: listLen(7)},
	{name: "project activities invisible", method: "GET", path: "/api/v2/projects/SECRET/activities", key: keyDemo, status: 404, code: 6},
	{name: "user activities", method: "GET", path: "/api/v2/users/1/activities?count=100", key: keyDemo, status: 200, check: listLen(6)},

	// users
	{name: "users as admin", method: "GET", path: "/api/v2/users", key: keyAdmin, status: 200, members: userMembers, check: listLen(7)},
	{name: "users as project admin", method: "GET", path: "/api/v2/users", key: keyDemo, status: 200, check: listLen(7)},
	{name: "users as reporter", method: "GET", path: "/api/v2/users", key: keyReporter, status: 403, code: 5},
	{name: "users as guest", method: "GET", path: "/api/v2/users", key: keyGuest, status: 403, code: 5},
	{name: "myself", method: "GET", path: "/api/v2/users/myself", key: keyDemo, status: 200, members: userMembers,
		check: all(field("userId", "demo"), field("roleType", 2), field("id", 2))},
	{name: "user", method: "GET", path: "/api/v2/users/3", key: keyViewer, status: 200, members: userMembers, check: field("userId", "yamada")},
	{name: "user unknown", method: "GET", path: "/api/v2/users/999", key: keyDemo, status: 404, code: 6},
	{name: "user not numeric", method: "GET", path: "/api/v2/users/yamada", key: keyDemo, status: 404, code: 6},
	{name: "add user", method: "POST", path: "/api/v2/users", key: keyAdmin, form: []string{"userId", "tanaka", "password", "pw", "name", "田中", "mailAddress", "t@example.com", "roleType", "2"},
		status: 201, members: userMembers, check: all(field("userId", "tanaka"), field("name", "田中"))},
	{name: "add user as normal user", method: "POST", path: "/api/v2/users", key: keyDemo, form: []string{"userId", "tanaka", "password", "pw", "name", "田中", "mailAddress", "t@example.com", "roleType", "2"}, status: 403, code: 5},
	{name: "add user without password", method: "POST", path: "/api/v2/users", key: keyAdmin, form: []string{"userId", "tanaka", "name", "田中", "mailAddress", "t@example.com", "roleType", "2"}, status: 400, code: 7},
	{name: "add user taken login", method: "POST", path: "/api/v2/users", key: keyAdmin, form: []string{"userId", "demo", "password", "pw", "name", "x", "mailAddress", "t@example.com", "roleType", "2"}, status: 400, code: 7},
	{name: "add user bad role", method: "POST", path: "/api/v2/users", key: keyAdmin, form: []string{"userId", "x", "password", "pw", "name", "x", "mailAddress", "t@example.com", "roleType", "7"}, status: 400, code: 7},
	{name: "update user", method: "PATCH", path: "/api/v2/users/3", key: keyAdmin, form: []string{"name", "山田 改", "roleType", "3"}, status: 200,
		check: all(field("name", "山田 改"), field("roleType", 3))},
	{name: "update user as normal user", method: "PATCH", path: "/api/v2/users/3", key: keyDemo, form: []string{"name", "x"}, status: 403, code: 5},
	{name: "update unknown user", method: "PATCH", path: "/api/v2/users/999", key: keyAdmin, form: []string{"name", "x"}, status: 404, code: 6},
	{name: "delete user", method: "DELETE", path: "/api/v2/users/7", key: keyAdmin, status: 200, check: field("userId", "guestviewer")},
	{name: "delete self", method: "DELETE", path: "/api/v2/users/1", key: keyAdmin, status: 400, code: 7},
	{name: "delete user as normal user", method: "DELETE", path: "/api/v2/users/7", key: keyDemo, status: 403, code: 5},
	{name: "user icon gif", method: "GET", path: "/api/v2/users/2/icon", key: keyDemo, status: 200,
		check: all(header("Content-Type", "application/octet-stream"), header("Content-Disposition", `attachment;filename="person_2.gif"`),
			func(t *testing.T, r resp) {
				if ct := http.DetectContentType(r.body); ct != "image/gif" {
					t.Errorf("icon bytes sniff as %s", ct)
				}
			})},
	{name: "user icon png", method: "GET", path: "/api/v2/users/1/icon", key: keyDemo, status: 200,
		check: func(t *testing.T, r resp) {
			if ct := http.DetectContentType(r.body); ct != "image/png" {
				t.Errorf("icon bytes sniff as %s", ct)
			}
		}},
	{name: "user icon unknown", method: "GET", path: "/api/v2/users/999/icon", key: keyDemo, status: 404, code: 6},

	// projects
	{name: "projects", method: "GET", path: "/api/v2/projects", key: keyDemo, status: 200, members: projectMembers, check: listLen(3)},
	{name: "projects active", method: "GET", path: "/api/v2/projects?archived=false", key: keyDemo, status: 200, check: listLen(2)},
	{name: "projects archived", method: "GET", path: "/api/v2/projects?archived=true", key: keyDemo, status: 200, check: listLen(1)},
	{name: "projects all as admin", method: "GET", path: "/api/v2/projects?all=true", key: keyAdmin, status: 200, check: listLen(4)},
	{name: "projects all as normal user", method: "GET", path: "/api/v2/projects?all=true", key: keyDemo, status: 200, check: listLen(3)},
	{name: "projects as guest", method: "GET", path: "/api/v2/projects", key: keyGuest, status: 200, check: listLen(1)},
	{name: "project by key", method: "GET", path: "/api/v2/projects/DEMO", key: keyDemo, status: 200, members: projectMembers, check: field("name", "デモプロジェクト")},
	{name: "project by id", method: "GET", path: "/api/v2/projects/2", key: keyDemo, status: 200, check: field("projectKey", "BLG")},
	{name: "project invisible", method: "GET", path: "/api/v2/projects/SECRET", key: keyDemo, status: 404, code: 6},
	{name: "project invisible to admin is visible", method: "GET", path: "/api/v2/projects/SECRET", key: keyAdmin, status: 200},
	{name: "project unknown", method: "GET", path: "/api/v2/projects/NOPE", key: keyDemo, status: 404, code: 6},
	{name: "add project", method: "POST", path: "/api/v2/projects", key: keyAdmin, form: []string{"name", "新規", "key", "NEW_1", "chartEnabled", "true", "subtaskingEnabled", "false", "textFormattingRule", "backlog"},
		status: 201, members: projectMembers, check: all(field("projectKey", "NEW_1"), field("chartEnabled", true), field("textFormattingRule", "backlog"))},
	{name: "add project as normal user", method: "POST", path: "/api/v2/projects", key: keyDemo, form: []string{"name", "新規", "key", "NEW"}, status: 403, code: 5},
	{name: "add project without key", method: "POST", path: "/api/v2/projects", key: keyAdmin, form: []string{"name", "新規"}, status: 400, code: 7},
	{name: "add project bad key", method: "POST", path: "/api/v2/projects", key: keyAdmin, form: []string{"name", "新規", "key", "new"}, status: 400, code: 7},
	{name: "add project taken key", method: "POST", path: "/api/v2/projects", key: keyAdmin, form: []string{"name", "新規", "key", "BLG"}, status: 400, code: 7},
	{name: "add project bad bool", method: "POST", path: "/api/v2/projects", key: keyAdmin, form: []string{"name", "新規", "key", "NEW", "chartEnabled", "yes"}, status: 400, code: 7},
	{name: "update project as project admin", method: "PATCH", path: "/api/v2/projects/DEMO", key: keyDemo, form: []string{"name", "デモ改", "archived", "true"}, status: 200,
		check: all(field("name", "デモ改"), field("archived", true))},
	{name: "update project as member", method: "PATCH", path: "/api/v2/projects/DEMO", key: keyYamada, form: []string{"name", "x"}, status: 403, code: 5},
	{name: "update project bad rule", method: "PATCH", path: "/api/v2/projects/DEMO", key: keyAdmin, form: []string{"textFormattingRule", "html"}, status: 400, code: 7},
	{name: "delete project", method: "DELETE", path: "/api/v2/projects/OLD", key: keyAdmin, status: 200, check: field("projectKey", "OLD")},
	{name: "delete project as project admin", method: "DELETE", path: "/api/v2/projects/DEMO", key: keyDemo, status: 403, code: 5},

	// members and administrators
	{name: "project users", method: "GET", path: "/api/v2/projects/DEMO/users", key: keyDemo, status: 200, members: userMembers, check: listLen(7)},
	{name: "project users excluding groups", method: "GET", path: "/api/v2/projects/BLG/users?excludeGroupMembers=true", key: keyDemo, status: 200, check: listLen(4)},
	{name: "add project user", method: "POST", path: "/api/v2/projects/BLG/users", key: keyAdmin, form: []string{"userId", "5"}, status: 200, check: field("userId", "viewer")},
	{name: "add project user twice", method: "POST", path: "/api/v2/projects/BLG/users", key: keyAdmin, form: []string{"userId", "2"}, status: 400, code: 7},
	{name: "add unknown project user", method: "POST", path: "/api/v2/projects/BLG/users", key: keyAdmin, form: []string{"userId", "999"}, status: 400, code: 7},
	{name: "add project user as member", method: "POST", path: "/api/v2/projects/BLG/users", key: keyDemo, form: []string{"userId", "5"}, status: 403, code: 5},
	{name: "remove project user (DELETE form body)", method: "DELETE", path: "/api/v2/projects/BLG/users", key: keyYamada, form: []string{"userId", "4"}, status: 200, check: field("userId", "reporter")},
	{name: "remove non-member", method: "DELETE", path: "/api/v2/projects/BLG/users", key: keyAdmin, form: []string{"userId", "5"}, status: 400, code: 7},
	{name: "remove project user without userId", method: "DELETE", path: "/api/v2/projects/BLG/users", key: keyAdmin, status: 400, code: 7},
	{name: "project administrators", method: "GET", path: "/api/v2/projects/DEMO/administrators", key: keyDemo, status: 200, check: listLen(1)},
	{name: "add project administrator", method: "POST", path: "/api/v2/projects/DEMO/administrators", key: keyDemo, form: []string{"userId", "3"}, status: 200},
	{name: "remove project administrator", method: "DELETE", path: "/api/v2/projects/DEMO/administrators", key: keyAdmin, form: []string{"userId", "2"}, status: 200},

	// issue types
	{name: "issue types", method: "GET", path: "/api/v2/projects/DEMO/issueTypes", key: keyDemo, status: 200, members: []string{"id", "projectId", "name", "color", "displayOrder", "templateSummary", "templateDescription"},
		check: func(t *testing.T, r resp) {
			var l []struct{ Name, Color string }
			r.json(t, &l)
			want := "バグ#990000 タスク#7ea800 要望#ff9200 その他#2779ca"
			var got []string
			for _, x := range l {
				got = append(got, x.Name+x.Color)
			}
			if strings.Join(got, " ") != want {
				t.Errorf("issue types %v", got)
			}
		}},
	{name: "add issue type", method: "POST", path: "/api/v2/projects/DEMO/issueTypes", key: keyDemo, form: []string{"name", "調査", "color", "#934981"}, status: 200, check: field("displayOrder", 4)},
	{name: "add issue type without color", method: "POST", path: "/api/v2/projects/DEMO/issueTypes", key: keyDemo, form: []string{"name", "調査"}, status: 400, code: 7},
	{name: "add issue type bad color", method: "POST", path: "/api/v2/projects/DEMO/issueTypes", key: keyDemo, form: []string{"name", "調査", "color", "#123456"}, status: 400, code: 7},
	{name: "add issue type duplicate", method: "POST", path: "/api/v2/projects/DEMO/issueTypes", key: keyDemo, form: []string{"name", "バグ", "color", "#934981"}, status: 400, code: 7},
	{name: "add issue type as member", method: "POST", path: "/api/v2/projects/DEMO/issueTypes", key: keyYamada, form: []string{"name", "調査", "color", "#934981"}, status: 403, code: 5},
	{name: "update issue type", method: "PATCH", path: "/api/v2/projects/DEMO/issueTypes/104", key: keyDemo, form: []string{"name", "雑務", "color", "#666665"}, status: 200, check: all(field("name", "雑務"), field("color", "#666665"))},
	{name: "update unknown issue type", method: "PATCH", path: "/api/v2/projects/DEMO/issueTypes/201", key: keyAdmin, form: []string{"name", "x"}, status: 404, code: 6},
	{name: "delete issue type without substitute", method: "DELETE", path: "/api/v2/projects/DEMO/issueTypes/104", key: keyDemo, status: 400, code: 7},
	{name: "delete issue type with itself as substitute", method: "DELETE", path: "/api/v2/projects/DEMO/issueTypes/104", key: keyDemo, form: []string{"substituteIssueTypeId", "104"}, status: 400, code: 7},
	{name: "delete issue type", method: "DELETE", path: "/api/v2/projects/DEMO/issueTypes/104", key: keyDemo, form: []string{"substituteIssueTypeId", "102"}, status: 200, check: field("name", "その他")},

	// categories
	{name: "categories", method: "GET", path: "/api/v2/projects/DEMO/categories", key: keyDemo, status: 200, members: []string{"id", "projectId", "name", "displayOrder"}, check: listLen(3)},
	{name: "add category", method: "POST", path: "/api/v2/projects/DEMO/categories", key: keyDemo, form: []string{"name", "インフラ"}, status: 200, check: field("name", "インフラ")},
	{name: "add category without name", method: "POST", path: "/api/v2/projects/DEMO/categories", key: keyDemo, status: 400, code: 7},
	{name: "update category", method: "PATCH", path: "/api/v2/projects/DEMO/categories/111", key: keyDemo, form: []string{"name", "UI"}, status: 200, check: field("name", "UI")},
	{name: "update category empty name", method: "PATCH", path: "/api/v2/projects/DEMO/categories/111", key: keyDemo, form: []string{"name", ""}, status: 400, code: 7},
	{name: "delete category", method: "DELETE", path: "/api/v2/projects/DEMO/categories/113", key: keyDemo, status: 200},
	{name: "delete category of another project", method: "DELETE", path: "/api/v2/projects/DEMO/categories/211", key: keyAdmin, status: 404, code: 6},

	// versions
	{name: "versions", method: "GET", path: "/api/v2/projects/DEMO/versions", key: keyDemo, status: 200, members: []string{"id", "projectId", "name", "description", "startDate", "releaseDueDate", "archived", "displayOrder"}, check: listLen(3)},
	{name: "add version", method: "POST", path: "/api/v2/projects/DEMO/versions", key: keyDemo, form: []string{"name", "v3.0", "startDate", "2027-04-01", "releaseDueDate", "2027-06-30"}, status: 200,
		check: all(field("startDate", "2027-04-01T00:00:00Z"), field("releaseDueDate", "2027-06-30T00:00:00Z"), field("archived", false))},
	{name: "add version bad date", method: "POST", path: "/api/v2/projects/DEMO/versions", key: keyDemo, form: []string{"name", "v3.0", "startDate", "20270401"}, status: 400, code: 7},
	{name: "update version without name", method: "PATCH", path: "/api/v2/projects/DEMO/versions/123", key: keyDemo, form: []string{"archived", "true"}, status: 400, code: 7},
	{name: "update version", method: "PATCH", path: "/api/v2/projects/DEMO/versions/123", key: keyDemo, form: []string{"name", "v2.0", "archived", "true", "releaseDueDate", ""}, status: 200,
		check: all(field("archived", true), field("releaseDueDate", nil))},
	{name: "delete version", method: "DELETE", path: "/api/v2/projects/DEMO/versions/121", key: keyDemo, status: 200, check: field("name", "v1.0")},

	// statuses
	{name: "statuses", method: "GET", path: "/api/v2/projects/DEMO/statuses", key: keyDemo, status: 200, members: []string{"id", "projectId", "name", "color", "displayOrder"},
		check: func(t *testing.T, r resp) {
			var l []struct{ ID int64 }
			r.json(t, &l)
			var ids []int64
			for _, x := range l {
				ids = append(ids, x.ID)
			}
			if !slices.Equal(ids, []int64{1, 2, 100, 3, 4}) {
				t.Errorf("status ids %v", ids)
			}
		}},
	{name: "statuses without custom", method: "GET", path: "/api/v2/projects/BLG/statuses", key: keyDemo, status: 200, check: listLen(4)},
	{name: "add status", method: "POST", path: "/api/v2/projects/DEMO/statuses", key: keyDemo, form: []string{"name", "確認中", "color", "#3b9dbd"}, status: 200, check: field("name", "確認中")},
	{name: "add status bad color", method: "POST", path: "/api/v2/projects/DEMO/statuses", key: keyDemo, form: []string{"name", "確認中", "color", "#990000"}, status: 400, code: 7},
	{name: "update status", method: "PATCH", path: "/api/v2/projects/DEMO/statuses/100", key: keyDemo, form: []string{"name", "レビュー中"}, status: 200, check: field("name", "レビュー中")},
	{name: "update built-in status", method: "PATCH", path: "/api/v2/projects/DEMO/statuses/1", key: keyAdmin, form: []string{"name", "x"}, status: 400, code: 7},
	{name: "delete status without substitute", method: "DELETE", path: "/api/v2/projects/DEMO/statuses/100", key: keyDemo, status: 400, code: 7},
	{name: "delete status", method: "DELETE", path: "/api/v2/projects/DEMO/statuses/100", key: keyDemo, form: []string{"substituteStatusId", "2"}, status: 200},

	// custom fields
	{name: "custom fields", method: "GET", path: "/api/v2/projects/DEMO/customFields", key: keyDemo, status: 200, members: []string{"id", "typeId", "name", "description", "required", "applicableIssueTypes"}, check: listLen(8)},
	{name: "add numeric custom field", method: "POST", path: "/api/v2/projects/DEMO/customFields", key: keyDemo, form: []string{"typeId", "3", "name", "工数", "min", "0", "max", "10", "unit", "h"}, status: 200,
		check: all(field("min", 0), field("max", 10), field("unit", "h"), field("initialValue", nil))},
	{name: "add list custom field", method: "POST", path: "/api/v2/projects/DEMO/customFields", key: keyDemo, form: []string{"typeId", "7", "name", "ブラウザ", "items[]", "Chrome", "items[]", "Firefox", "allowInput", "true"}, status: 200,
		check: all(field("items", []map[string]any{{"id": 1, "name": "Chrome", "displayOrder": 0}, {"id": 2, "name": "Firefox", "displayOrder": 1}}), field("allowInput", true))},
	{name: "add date custom field", method: "POST", path: "/api/v2/projects/DEMO/customFields", key: keyDemo, form: []string{"typeId", "4", "name", "締切", "initialValueType", "3", "initialDate", "2027-01-01"}, status: 200,
		check: field("initialDate", map[string]any{"id": 3, "date": "2027-01-01T00:00:00Z"})},
	{name: "add custom field bad type", method: "POST", path: "/api/v2/projects/DEMO/customFields", key: keyDemo, form: []string{"typeId", "9", "name", "x"}, status: 400, code: 7},
	{name: "add custom field unknown issue type", method: "POST", path: "/api/v2/projects/DEMO/customFields", key: keyDemo, form: []string{"typeId", "1", "name", "x", "applicableIssueTypes[]", "201"}, status: 400, code: 7},
	{name: "update custom field", method: "PATCH", path: "/api/v2/projects/DEMO/customFields/131", key: keyDemo, form: []string{"name", "環境", "required", "true"}, status: 200, check: all(field("name", "環境"), field("required", true))},
	{name: "delete custom field", method: "DELETE", path: "/api/v2/projects/DEMO/customFields/131", key: keyDemo, status: 200},
	{name: "add list item", method: "POST", path: "/api/v2/projects/DEMO/customFields/135/items", key: keyDemo, form: []string{"name", "要望"}, status: 200,
		check: func(t *testing.T, r resp) {
			if !strings.Contains(string(r.body), `{"id":4,"name":"要望","displayOrder":3}`) {
				t.Errorf("items %s", r.body)
			}
		}},
	{name: "add list item to text field", method: "POST", path: "/api/v2/projects/DEMO/customFields/131/items", key: keyDemo, form: []string{"name", "x"}, status: 400, code: 7},
	{name: "update list item", method: "PATCH", path: "/api/v2/projects/DEMO/customFields/135/items/3", key: keyDemo, form: []string{"name", "些細"}, status: 200},
	{name: "delete list item", method: "DELETE", path: "/api/v2/projects/DEMO/customFields/135/items/3", key: keyDemo, status: 200},
	{name: "delete unknown list item", method: "DELETE", path: "/api/v2/projects/DEMO/customFields/135/items/9", key: keyDemo, status: 404, code: 6},

	// issues
	{name: "issues", method: "GET", path: "/api/v2/issues", key: keyDemo, status: 200, members: issueMembers, check: listLen(20)},
	{name: "issues count", method: "GET", path: "/api/v2/issues/count", key: keyDemo, status: 200, members: []string{"count"}, check: field("count", 20)},
	{name: "issues count ignores paging", method: "GET", path: "/api/v2/issues/count?count=1000&offset=5", key: keyDemo, status: 200, check: field("count", 20)},
	{name: "issues count 0", method: "GET", path: "/api/v2/issues?count=0", key: keyDemo, status: 400, code: 7},
	{name: "issues count 101", method: "GET", path: "/api/v2/issues?count=101", key: keyDemo, status: 400, code: 7},
	{name: "issues bad sort", method: "GET", path: "/api/v2/issues?sort=bogus", key: keyDemo, status: 400, code: 7},
	{name: "issues bad order", method: "GET", path: "/api/v2/issues?order=up", key: keyDemo, status: 400, code: 7},
	{name: "issues hasDueDate=true", method: "GET", path: "/api/v2/issues?hasDueDate=true", key: keyDemo, status: 400, code: 7},
	{name: "issues bad id", method: "GET", path: "/api/v2/issues?projectId[]=x", key: keyDemo, status: 400, code: 7},
	{name: "issues bad date", method: "GET", path: "/api/v2/issues?createdSince=2026/10/01", key: keyDemo, status: 400, code: 7},
	{name: "issue by key", method: "GET", path: "/api/v2/issues/DEMO-1", key: keyDemo, status: 200, members: issueMembers,
		check: all(field("id", 1001), field("startDate", "2026-10-01T00:00:00Z"), field("dueDate", "2026-10-10T00:00:00Z"), field("resolution", nil), field("parentIssueId", nil))},
	{name: "issue by id", method: "GET", path: "/api/v2/issues/1003", key: keyDemo, status: 200, check: all(field("issueKey", "DEMO-3"), field("parentIssueId", 1002), field("resolution", map[string]any{"id": 0, "name": "対応済み"}))},
	{name: "issue with child summary", method: "GET", path: "/api/v2/issues/DEMO-2?expand[]=childIssueSummary", key: keyDemo, status: 200, check: field("childIssueSummary", map[string]any{"total": 3, "closed": 1})},
	{name: "issue invisible", method: "GET", path: "/api/v2/issues/SECRET-1", key: keyDemo, status: 404, code: 6},
	{name: "issue unknown", method: "GET", path: "/api/v2/issues/DEMO-999", key: keyDemo, status: 404, code: 6},
	{name: "issue unknown project", method: "GET", path: "/api/v2/issues/NOPE-1", key: keyDemo, status: 404, code: 6},
	{name: "add issue", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "1", "summary", "新しい課題", "issueTypeId", "101", "priorityId", "3"}, status: 201, members: issueMembers,
		check: all(field("issueKey", "DEMO-15"), field("keyId", 15), field("id", 9031), field("created", "2026-11-23T03:04:05Z"), field("status", map[string]any{"id": 1, "projectId": 1, "name": "未対応", "color": "#ed8077", "displayOrder": 1000}),
			func(t *testing.T, r resp) {
				if loc := r.header.Get("Location"); !strings.HasSuffix(loc, "/view/DEMO-15") {
					t.Errorf("Location %q", loc)
				}
			})},
	{name: "add issue without issueTypeId", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "1", "summary", "x", "priorityId", "3"}, status: 400, code: 7},
	{name: "add issue without priorityId", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "1", "summary", "x", "issueTypeId", "101"}, status: 400, code: 7},
	{name: "add issue without summary", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "1", "issueTypeId", "101", "priorityId", "3"}, status: 400, code: 7},
	{name: "add issue unknown project", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "99", "summary", "x", "issueTypeId", "101", "priorityId", "3"}, status: 404, code: 6},
	{name: "add issue invisible project", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "4", "summary", "x", "issueTypeId", "401", "priorityId", "3"}, status: 404, code: 6},
	{name: "add issue issue type of another project", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "1", "summary", "x", "issueTypeId", "201", "priorityId", "3"}, status: 400, code: 7},
	{name: "add issue bad priority", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "1", "summary", "x", "issueTypeId", "101", "priorityId", "1"}, status: 400, code: 7},
	{name: "add issue as viewer", method: "POST", path: "/api/v2/issues", key: keyViewer, form: []string{"projectId", "1", "summary", "x", "issueTypeId", "101", "priorityId", "3"}, status: 403, code: 5},
	{name: "add issue as guest viewer", method: "POST", path: "/api/v2/issues", key: keyGuestViewer, form: []string{"projectId", "1", "summary", "x", "issueTypeId", "101", "priorityId", "3"}, status: 403, code: 5},
	{name: "add issue ignores statusId", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "1", "summary", "x", "issueTypeId", "101", "priorityId", "3", "statusId", "4", "resolutionId", "0"}, status: 201,
		check: all(field("resolution", nil), func(t *testing.T, r resp) {
			if !strings.Contains(string(r.body), `"status":{"id":1,`) {
				t.Errorf("status: %s", r.body)
			}
		})},
	{name: "add issue as reporter", method: "POST", path: "/api/v2/issues", key: keyReporter, form: []string{"projectId", "1", "summary", "x", "issueTypeId", "101", "priorityId", "3"}, status: 201},
	{name: "add issue missing required custom field", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "2", "summary", "x", "issueTypeId", "201", "priorityId", "3"}, status: 400, code: 7},
	{name: "add issue required custom field not applicable", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "2", "summary", "x", "issueTypeId", "202", "priorityId", "3"}, status: 201, check: field("issueKey", "BLG-6")},
	{name: "add issue with required custom field", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "2", "summary", "x", "issueTypeId", "201", "priorityId", "3", "customField_231", "顧客A"}, status: 201},
	{name: "add issue bracket custom field", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "1", "summary", "x", "issueTypeId", "101", "priorityId", "3", "customField_136[]", "1"}, status: 400, code: 7},
	{name: "add issue child where subtasking is off", method: "POST", path: "/api/v2/issues", key: keyAdmin, form: []string{"projectId", "4", "summary", "x", "issueTypeId", "401", "priorityId", "3", "parentIssueId", "4001"}, status: 400, code: 7},
	{name: "add issue grandchild", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "1", "summary", "x", "issueTypeId", "101", "priorityId", "3", "parentIssueId", "1003"}, status: 400, code: 7},
	{name: "add issue assignee not a member", method: "POST", path: "/api/v2/issues", key: keyDemo, form: []string{"projectId", "2", "summary", "x", "issueTypeId", "202", "priorityId", "3", "assigneeId", "5"}, status: 400, code: 7},
	{name: "update issue", method: "PATCH", path: "/api/v2/issues/DEMO-1", key: keyDemo, form: []string{"statusId", "3", "resolutionId", "0", "comment", "直しました"}, status: 200,
		check: all(field("status", map[string]any{"id": 3, "projectId": 1, "name": "処理済み", "color": "#5eb5a6", "displayOrder": 3000}), field("updated", "2026-11-23T03:04:05Z"))},
	{name: "update issue as viewer", method: "PATCH", path: "/api/v2/issues/DEMO-1", key: keyViewer, form: []string{"summary", "x"}, status: 403, code: 5},
	{name: "update someone else's issue as reporter", method: "PATCH", path: "/api/v2/issues/DEMO-1", key: keyReporter, form: []string{"summary", "x"}, status: 403, code: 5},
	{name: "update own issue as reporter", method: "PATCH", path: "/api/v2/issues/DEMO-5", key: keyReporter, form: []string{"summary", "ダークモード"}, status: 200, check: field("summary", "ダークモード")},
	{name: "update issue empty summary", method: "PATCH", path: "/api/v2/issues/DEMO-1", key: keyDemo, form: []string{"summary", ""}, status: 400, code: 7},
	{name: "update issue unknown status", method: "PATCH", path: "/api/v2/issues/BLG-1", key: keyDemo, form: []string{"statusId", "100"}, status: 400, code: 7},
	{name: "update unknown issue", method: "PATCH", path: "/api/v2/issues/DEMO-999", key: keyDemo, form: []string{"summary", "x"}, status: 404, code: 6},
	{name: "delete issue as project admin", method: "DELETE", path: "/api/v2/issues/DEMO-12", key: keyDemo, status: 200, check: field("issueKey", "DEMO-12")},
	{name: "delete issue as member", method: "DELETE", path: "/api/v2/issues/DEMO-12", key: keyYamada, status: 403, code: 5},

	// comments
	{name: "comments", method: "GET", path: "/api/v2/issues/DEMO-1/comments", key: keyDemo, status: 200, members: commentMembers, check: listLen(2)},
	{name: "comments count", method: "GET", path: "/api/v2/issues/DEMO-1/comments/count", key: keyDemo, status: 200, check: field("count", 2)},
	{name: "comment", method: "GET", path: "/api/v2/issues/DEMO-1/comments/5001", key: keyDemo, status: 200, members: commentMembers, check: field("content", "再現しました。調査します。")},
	{name: "comment of another issue", method: "GET", path: "/api/v2/issues/DEMO-2/comments/5001", key: keyDemo, status: 404, code: 6},
	{name: "add comment", method: "POST", path: "/api/v2/issues/DEMO-1/comments", key: keyDemo, form: []string{"content", "了解です"}, status: 201, members: commentMembers,
		check: all(field("content", "了解です"), field("changeLog", []any{}), func(t *testing.T, r resp) {
			var c struct{ ID int64 }
			r.json(t, &c)
			if loc := r.header.Get("Location"); !strings.HasSuffix(loc, "/view/DEMO-1#comment-"+itoa(c.ID)) {
				t.Errorf("Location %q", loc)
			}
		})},
	{name: "add empty comment", method: "POST", path: "/api/v2/issues/DEMO-1/comments", key: keyDemo, form: []string{"content", ""}, status: 400, code: 7},
	{name: "add comment as viewer", method: "POST", path: "/api/v2/issues/DEMO-1/comments", key: keyViewer, form: []string{"content", "x"}, status: 403, code: 5},
	{name: "add comment as guest reporter", method: "POST", path: "/api/v2/issues/DEMO-1/comments", key: keyGuest, form: []string{"content", "x"}, status: 201},
	{name: "update own comment", method: "PATCH", path: "/api/v2/issues/DEMO-1/comments/5002", key: keyDemo, form: []string{"content", "改"}, status: 200, check: field("content", "改")},
	{name: "update someone else's comment", method: "PATCH", path: "/api/v2/issues/DEMO-1/comments/5001", key: keyDemo, form: []string{"content", "改"}, status: 403, code: 5},
	{name: "delete comment", method: "DELETE", path: "/api/v2/issues/DEMO-1/comments/5002", key: keyDemo, status: 200},

	// OAuth token endpoint errors (the success path is TestOAuth)
	{name: "token bad client", method: "POST", path: "/api/v2/oauth2/token", form: []string{"grant_type", "refresh_token", "refresh_token", "x", "client_id", "demo-client", "client_secret", "wrong"}, status: 401,
		check: field("error", "invalid_client")},
	{name: "token bad refresh", method: "POST", path: "/api/v2/oauth2/token", form: []string{"grant_type", "refresh_token", "refresh_token", "x", "client_id", "demo-client", "client_secret", "demo-client-secret"}, status: 400,
		check: field("error", "invalid_grant")},
	{name: "token bad grant type", method: "POST", path: "/api/v2/oauth2/token", form: []string{"grant_type", "password", "client_id", "demo-client", "client_secret", "demo-client-secret"}, status: 400,
		check: field("error", "unsupported_grant_type")},
}

func TestEndpoints(t *testing.T) {
	hit := map[string]bool{}
	var routes []string
	for _, tc := range endpointCases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			routes = e.s.Routes()
			r := e.do(tc.method, tc.path, tc.key, form(tc.form...))
			for k := range e.s.Calls() {
				hit[k] = true
			}
			if r.status != tc.status {
				t.Fatalf("%s %s: status %d, want %d: %s", tc.method, tc.path, r.status, tc.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") && ct != "application/octet-stream" {
				t.Errorf("Content-Type %q", ct)
			}
			if tc.code != 0 {
				if got := r.errCode(t); got != tc.code {
					t.Errorf("error code %d, want %d: %s", got, tc.code, r.body)
				}
				if !strings.Contains(string(r.body), `"moreInfo":""`) {
					t.Errorf("error body without moreInfo: %s", r.body)
				}
			}
			if len(tc.members) > 0 {
				var v any
				r.json(t, &v)
				if l, ok := v.([]any); ok {
					if len(l) == 0 {
						t.Fatalf("empty list: %s", r.body)
					}
					v = l[0]
				}
				m, _ := v.(map[string]any)
				for _, name := range tc.members {
					if _, ok := m[name]; !ok {
						t.Errorf("member %q missing: %s", name, r.body)
					}
				}
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
	for _, k := range routes {
		if !hit[k] {
			t.Errorf("endpoint %s has no case", k)
		}
	}
}
