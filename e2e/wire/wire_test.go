// Package wire holds the v2 wire-format differential: v2client against
// nulab's official backlog-js client (see v2client/README.md, "Wire format
// against the official clients").
package wire

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// inCI reports whether a missing node or backlog-js must fail the run
// instead of skipping it (CI=true, as .ci/run sets it).
func inCI() bool { return os.Getenv("CI") == "true" }

// missing skips outside CI and fails under CI=true, where .ci/run has
// installed node and run npm ci in e2e/wire/node.
func missing(t *testing.T, why string) {
	t.Helper()
	if inCI() {
		t.Fatalf("CI=true and %s (run .ci/install-clients.sh)", why)
	}
	t.Skipf("%s; skipping outside CI (run .ci/install-clients.sh)", why)
}

// exchange is one recorded request, in the terms the test compares.
type exchange struct {
	Method      string
	Path        string   // escaped path
	Params      []string // sorted name=value pairs of query and form body, decoded, auth removed
	ContentType string   // the Content-Type header ("" when none)
	BodyEmpty   bool
	Auth        string // "apiKey query", "Backlog-API-Key header", "Bearer" or ""
}

func (e exchange) String() string {
	return fmt.Sprintf("%s %s ct=%q empty=%v auth=%s\n      %s", e.Method, e.Path, e.ContentType, e.BodyEmpty, e.Auth, strings.Join(e.Params, "\n      "))
}

// recorder is a loopback server that keeps every request, filed under the
// X-Wire-Case header (backlog-js) or the Go side's current case, and
// answers each with the smallest body both clients accept.
type recorder struct {
	mu      sync.Mutex
	current string
	got     map[string][]exchange
	errs    []string
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if err != nil {
		rc.errs = append(rc.errs, err.Error())
	}
	name := r.Header.Get("X-Wire-Case")
	if name == "" {
		name = "go:" + rc.current
	} else {
		name = "js:" + name
	}
	var params []string
	auth := ""
	for k, vs := range r.URL.Query() {
		for _, v := range vs {
			if k == "apiKey" {
				auth = "apiKey query"
				continue
			}
			params = append(params, "query "+k+"="+v)
		}
	}
	if r.Header.Get("Backlog-API-Key") != "" {
		auth = "Backlog-API-Key header"
	}
	if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		auth = "Bearer"
	}
	if len(body) > 0 {
		form, perr := url.ParseQuery(string(body))
		if perr != nil {
			rc.errs = append(rc.errs, name+": body is not form-encoded: "+perr.Error())
		}
		for k, vs := range form {
			for _, v := range vs {
				params = append(params, "form "+k+"="+v)
			}
		}
	}
	sort.Strings(params)
	rc.got[name] = append(rc.got[name], exchange{
		Method: r.Method, Path: r.URL.EscapedPath(), Params: params,
		ContentType: r.Header.Get("Content-Type"), BodyEmpty: len(body) == 0, Auth: auth,
	})
	rc.answer(w, r)
}

// lists are the routes whose answer is a JSON array.
var lists = map[string]bool{"projects": true, "users": true, "categories": true, "versions": true,
	"issueTypes": true, "customFields": true, "comments": true, "issues": true, "priorities": true,
	"resolutions": true, "statuses": true, "activities": true, "administrators": true}

func (rc *recorder) answer(w http.ResponseWriter, r *http.Request) {
	last := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	switch {
	case last == "count":
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		io.WriteString(w, `{"count":0}`)
	case last == "icon":
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment;filename="person_168.gif"`)
		w.Write([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	case r.Method == http.MethodGet && lists[last]:
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		io.WriteString(w, `[]`)
	default:
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		io.WriteString(w, `{}`)
	}
}

func ptr[T any](v T) *T { return &v }

func date(s string) v2client.Date {
	d, err := v2client.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// wireCase is one v2 request the gateway makes: the v2client call and the
// backlog-js call with the same arguments.
type wireCase struct {
	name   string
	call   func(ctx context.Context, c *v2client.Client) error
	js     string // backlog-js method
	jsArgs []any
}

func e1[T any](_ T, _ *v2client.Response, err error) error { return err }

// text has a space, a plus, an ampersand, brackets and non-ASCII: the value
// encodings both clients must agree on.
const text = "a b+c&d [x] 日本語"

// cases: every v2 route of methods/registry.go's rows (the calls the
// gateway makes) and the ones `check` adds (the project's administrators),
// each with the parameters the gateway can send.
var cases = []wireCase{
	{"space", func(ctx context.Context, c *v2client.Client) error { return e1(c.Space.Get(ctx)) }, "getSpace", nil},
	{"space-activities", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Space.ListActivities(ctx, &v2client.ActivityListOptions{ActivityTypeIDs: []v2client.ActivityType{1, 2}, MinID: 5, MaxID: 90, Count: 100, Order: "asc"}))
	}, "getSpaceActivities", []any{map[string]any{"activityTypeId": []int{1, 2}, "minId": 5, "maxId": 90, "count": 100, "order": "asc"}}},
	{"projects", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.List(ctx, &v2client.ProjectListOptions{Archived: ptr(false), All: true}))
	}, "getProjects", []any{map[string]any{"archived": false, "all": true}}},
	{"project", func(ctx context.Context, c *v2client.Client) error { return e1(c.Projects.Get(ctx, "BLG")) }, "getProject", []any{"BLG"}},
	{"project-create", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.Create(ctx, &v2client.ProjectCreateOptions{Name: text, Key: "NEWP", ChartEnabled: true, SubtaskingEnabled: false, TextFormattingRule: "markdown"}))
	}, "postProject", []any{map[string]any{"name": text, "key": "NEWP", "chartEnabled": true, "subtaskingEnabled": false, "textFormattingRule": "markdown"}}},
	{"project-update", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.Update(ctx, "BLG", &v2client.ProjectUpdateOptions{Name: ptr(text), Archived: ptr(true)}))
	}, "patchProject", []any{"BLG", map[string]any{"name": text, "archived": true}}},
	{"project-delete", func(ctx context.Context, c *v2client.Client) error { return e1(c.Projects.Delete(ctx, "BLG")) }, "deleteProject", []any{"BLG"}},
	{"project-users", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.ListUsers(ctx, "BLG", false))
	}, "getProjectUsers", []any{"BLG"}},
	{"project-administrators", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.ListAdministrators(ctx, "BLG"))
	}, "getProjectAdministrators", []any{"BLG"}},
	{"project-user-add", func(ctx context.Context, c *v2client.Client) error { return e1(c.Projects.AddUser(ctx, "BLG", 7)) }, "postProjectUser", []any{"BLG", "7"}},
	{"project-user-delete", func(ctx context.Context, c *v2client.Client) error { return e1(c.Projects.DeleteUser(ctx, "BLG", 7)) }, "deleteProjectUsers", []any{"BLG", map[string]any{"userId": 7}}},
	{"project-statuses", func(ctx context.Context, c *v2client.Client) error { return e1(c.Projects.ListStatuses(ctx, "BLG")) }, "getProjectStatuses", []any{"BLG"}},
	{"issue-types", func(ctx context.Context, c *v2client.Client) error { return e1(c.Projects.ListIssueTypes(ctx, "BLG")) }, "getIssueTypes", []any{"BLG"}},
	{"issue-type-add", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.AddIssueType(ctx, "BLG", &v2client.IssueTypeOptions{Name: ptr(text), Color: ptr("#e30000")}))
	}, "postIssueType", []any{"BLG", map[string]any{"name": text, "color": "#e30000"}}},
	{"issue-type-update", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.UpdateIssueType(ctx, "BLG", 3, &v2client.IssueTypeOptions{Name: ptr(text), Color: ptr("#990000")}))
	}, "patchIssueType", []any{"BLG", 3, map[string]any{"name": text, "color": "#990000"}}},
	{"issue-type-delete", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.DeleteIssueType(ctx, "BLG", 3, 4))
	}, "deleteIssueType", []any{"BLG", 3, map[string]any{"substituteIssueTypeId": 4}}},
	{"categories", func(ctx context.Context, c *v2client.Client) error { return e1(c.Projects.ListCategories(ctx, "BLG")) }, "getCategories", []any{"BLG"}},
	{"category-add", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.AddCategory(ctx, "BLG", text))
	}, "postCategories", []any{"BLG", map[string]any{"name": text}}},
	{"category-update", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.UpdateCategory(ctx, "BLG", 5, text))
	}, "patchCategories", []any{"BLG", 5, map[string]any{"name": text}}},
	{"category-delete", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.DeleteCategory(ctx, "BLG", 5))
	}, "deleteCategories", []any{"BLG", 5}},
	{"versions", func(ctx context.Context, c *v2client.Client) error { return e1(c.Projects.ListVersions(ctx, "BLG")) }, "getVersions", []any{"BLG"}},
	{"version-add", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.AddVersion(ctx, "BLG", &v2client.VersionOptions{Name: text, Description: v2client.Set("d"), StartDate: v2client.Set(date("2024-01-02")), ReleaseDueDate: v2client.Set(date("2024-03-04"))}))
	}, "postVersions", []any{"BLG", map[string]any{"name": text, "description": "d", "startDate": "2024-01-02", "releaseDueDate": "2024-03-04"}}},
	{"version-update", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.UpdateVersion(ctx, "BLG", 6, &v2client.VersionOptions{Name: text, Description: v2client.Clear[string](), Archived: ptr(true)}))
	}, "patchVersions", []any{"BLG", 6, map[string]any{"name": text, "description": "", "archived": true}}},
	{"version-delete", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.DeleteVersion(ctx, "BLG", 6))
	}, "deleteVersions", []any{"BLG", 6}},
	{"custom-fields", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.ListCustomFields(ctx, "BLG"))
	}, "getCustomFields", []any{"BLG"}},
	{"custom-field-add-list", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.AddCustomField(ctx, "BLG", &v2client.CustomFieldOptions{TypeID: 6, Name: ptr(text), ApplicableIssueTypes: v2client.Set([]int64{1, 2}), Description: v2client.Set("d"), Required: ptr(true), Items: []string{"x", "y z"}, AllowAddItem: ptr(true), AllowInput: ptr(false)}))
	}, "postCustomField", []any{"BLG", map[string]any{"typeId": 6, "name": text, "applicableIssueTypes": []int{1, 2}, "description": "d", "required": true, "items": []string{"x", "y z"}, "allowAddItem": true, "allowInput": false}}},
	{"custom-field-add-number", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.AddCustomField(ctx, "BLG", &v2client.CustomFieldOptions{TypeID: 3, Name: ptr("n"), Min: v2client.Set(1.5), Max: v2client.Set(1000000.0), InitialValue: v2client.Set(3.0), Unit: v2client.Set("h")}))
	}, "postCustomField", []any{"BLG", map[string]any{"typeId": 3, "name": "n", "min": 1.5, "max": 1000000, "initialValue": 3, "unit": "h"}}},
	{"custom-field-add-date", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.AddCustomField(ctx, "BLG", &v2client.CustomFieldOptions{TypeID: 4, Name: ptr("d"), MinDate: v2client.Set(date("2024-01-01")), MaxDate: v2client.Set(date("2024-12-31")), InitialValueType: ptr(2), InitialShift: ptr(3)}))
	}, "postCustomField", []any{"BLG", map[string]any{"typeId": 4, "name": "d", "min": "2024-01-01", "max": "2024-12-31", "initialValueType": 2, "initialShift": 3}}},
	{"custom-field-update", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.UpdateCustomField(ctx, "BLG", 8, &v2client.CustomFieldOptions{Name: ptr(text), Description: v2client.Set("d2"), Required: ptr(false)}))
	}, "patchCustomField", []any{"BLG", 8, map[string]any{"name": text, "description": "d2", "required": false}}},
	{"custom-field-delete", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.DeleteCustomField(ctx, "BLG", 8))
	}, "deleteCustomField", []any{"BLG", 8}},
	{"custom-field-item-add", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.AddCustomFieldItem(ctx, "BLG", 8, text))
	}, "postCustomFieldItem", []any{"BLG", 8, map[string]any{"name": text}}},
	{"custom-field-item-delete", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Projects.DeleteCustomFieldItem(ctx, "BLG", 8, 9))
	}, "deleteCustomFieldItem", []any{"BLG", 8, 9}},
	{"priorities", func(ctx context.Context, c *v2client.Client) error { return e1(c.Priorities.List(ctx)) }, "getPriorities", nil},
	{"resolutions", func(ctx context.Context, c *v2client.Client) error { return e1(c.Resolutions.List(ctx)) }, "getResolutions", nil},
	{"issues", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Issues.List(ctx, issueSearch()))
	}, "getIssues", []any{issueSearchJS()}},
	{"issues-count", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Issues.Count(ctx, issueSearch()))
	}, "getIssuesCount", []any{issueCountJS()}},
	{"issues-custom-field-search", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Issues.List(ctx, &v2client.IssueListOptions{CustomFields: []v2client.CustomFieldCondition{{ID: 12, ItemIDs: []int64{1, 3}}, {ID: 13, Keyword: text}, {ID: 14, Min: "1.5", Max: "9"}}}))
	}, "getIssues", []any{map[string]any{"customField_12": []int{1, 3}, "customField_13": text, "customField_14_min": "1.5", "customField_14_max": "9"}}},
	{"issue", func(ctx context.Context, c *v2client.Client) error { return e1(c.Issues.Get(ctx, "BLG-12")) }, "getIssue", []any{"BLG-12"}},
	{"issue-create", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Issues.Create(ctx, &v2client.IssueCreateOptions{ProjectID: 1, Summary: text, IssueTypeID: 2, PriorityID: 3,
			ParentIssueID: ptr(int64(40)), Description: ptr(text), StartDate: ptr(date("2024-01-02")), DueDate: ptr(date("2024-02-03")),
			EstimatedHours: ptr(1.5), ActualHours: ptr(13.0), CategoryIDs: []int64{4, 5}, VersionIDs: []int64{6}, MilestoneIDs: []int64{7},
			AssigneeID: ptr(int64(8)), NotifiedUserIDs: []int64{9, 10},
			CustomFields: []v2client.CustomFieldInput{{ID: 12, Values: []string{"1", "3"}}, {ID: 13, Values: []string{text}}, {ID: 14, Values: []string{"2"}, OtherValue: ptr("other")}}}))
	}, "postIssue", []any{map[string]any{"projectId": 1, "summary": text, "issueTypeId": 2, "priorityId": 3,
		"parentIssueId": 40, "description": text, "startDate": "2024-01-02", "dueDate": "2024-02-03",
		"estimatedHours": 1.5, "actualHours": 13, "categoryId": []int{4, 5}, "versionId": []int{6}, "milestoneId": []int{7},
		"assigneeId": 8, "notifiedUserId": []int{9, 10},
		"customField_12": []string{"1", "3"}, "customField_13": text, "customField_14": "2", "customField_14_otherValue": "other"}}},
	{"issue-update", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Issues.Update(ctx, "BLG-12", &v2client.IssueUpdateOptions{Summary: ptr(text), StatusID: ptr(int64(2)),
			ResolutionID: v2client.Set(int64(1)), AssigneeID: v2client.Clear[int64](), DueDate: v2client.Clear[v2client.Date](),
			CategoryIDs: v2client.Set([]int64{4, 5}), VersionIDs: v2client.Clear[[]int64](), Comment: ptr(text),
			CustomFields: []v2client.CustomFieldInput{{ID: 12, Values: []string{"1", "3"}}, {ID: 13}}}))
	}, "patchIssue", []any{"BLG-12", map[string]any{"summary": text, "statusId": 2, "resolutionId": 1, "assigneeId": "", "dueDate": "",
		"categoryId": []int{4, 5}, "versionId": []string{""}, "comment": text,
		"customField_12": []string{"1", "3"}, "customField_13": ""}}},
	{"comments", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Comments.List(ctx, "BLG-12", &v2client.CommentListOptions{MinID: 3, Count: 100, Order: "asc"}))
	}, "getIssueComments", []any{"BLG-12", map[string]any{"minId": 3, "count": 100, "order": "asc"}}},
	{"comment-add", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Comments.Add(ctx, "BLG-12", &v2client.CommentAddOptions{Content: text, NotifiedUserIDs: []int64{9}}))
	}, "postIssueComments", []any{"BLG-12", map[string]any{"content": text, "notifiedUserId": []int{9}}}},
	{"users", func(ctx context.Context, c *v2client.Client) error { return e1(c.Users.List(ctx)) }, "getUsers", nil},
	{"user", func(ctx context.Context, c *v2client.Client) error { return e1(c.Users.Get(ctx, 7)) }, "getUser", []any{7}},
	{"myself", func(ctx context.Context, c *v2client.Client) error { return e1(c.Users.Myself(ctx)) }, "getMyself", nil},
	{"user-icon", func(ctx context.Context, c *v2client.Client) error { return e1(c.Users.Icon(ctx, 7)) }, "getUserIcon", []any{7}},
	{"user-create", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Users.Create(ctx, &v2client.UserCreateOptions{UserID: "newbie", Password: "pw 1+", Name: text, MailAddress: "n@example.com", RoleType: 2}))
	}, "postUser", []any{map[string]any{"userId": "newbie", "password": "pw 1+", "name": text, "mailAddress": "n@example.com", "roleType": 2}}},
	{"user-update", func(ctx context.Context, c *v2client.Client) error {
		return e1(c.Users.Update(ctx, 7, &v2client.UserUpdateOptions{Name: ptr(text), RoleType: ptr(v2client.RoleType(6))}))
	}, "patchUser", []any{7, map[string]any{"name": text, "roleType": 6}}},
	{"user-delete", func(ctx context.Context, c *v2client.Client) error { return e1(c.Users.Delete(ctx, 7)) }, "deleteUser", []any{7}},
}

func issueSearch() *v2client.IssueListOptions {
	return &v2client.IssueListOptions{ProjectIDs: []int64{1, 2}, StatusIDs: []int64{1, 4}, AssigneeIDs: []int64{8},
		ParentChild: 2, Attachment: true, HasDueDate: ptr(false), Keyword: text, Sort: "updated", Order: "asc",
		Offset: 100, Count: 100, CreatedSince: date("2024-01-01"), UpdatedUntil: date("2024-12-31"),
		IDs: []int64{11, 12}, ParentIssueIDs: []int64{40}}
}

func issueSearchJS() map[string]any {
	return map[string]any{"projectId": []int{1, 2}, "statusId": []int{1, 4}, "assigneeId": []int{8},
		"parentChild": 2, "attachment": true, "hasDueDate": false, "keyword": text, "sort": "updated", "order": "asc",
		"offset": 100, "count": 100, "createdSince": "2024-01-01", "updatedUntil": "2024-12-31",
		"id": []int{11, 12}, "parentIssueId": []int{40}}
}

// issueCountJS is issueSearchJS without paging and order, which
// v2client leaves out of /issues/count (documented as meaningless there).
func issueCountJS() map[string]any {
	m := issueSearchJS()
	for _, k := range []string{"offset", "count", "sort", "order"} {
		delete(m, k)
	}
	return m
}

// exception is a difference between v2client and backlog-js that is
// decided in v2client's favour, with its sources; v2client/README.md,
// "Wire format against the official clients", has the same table.
type exception struct {
	what    string
	applies func(caseName string) bool
	// normalise rewrites both sides' exchange so the decided difference
	// no longer shows (and only it).
	normalise func(goSide, jsSide *exchange)
	sources   string
}

var exceptions = []exception{
	{
		what:    "API key: apiKey query parameter (v2client) vs Backlog-API-Key header (backlog-js 0.20)",
		applies: func(string) bool { return true },
		normalise: func(g, j *exchange) {
			if g.Auth == "apiKey query" && j.Auth == "Backlog-API-Key header" {
				g.Auth, j.Auth = "api key", "api key"
			}
		},
		sources: "Backlog docs 'Authentication and Authorization' (apiKey query parameter); backlog4j BacklogClientImpl (apiKey query); backlog-js src/request.ts (header)",
	},
	{
		what:    "Content-Type: form media type with ; charset=UTF-8 (v2client) vs without (backlog-js)",
		applies: func(string) bool { return true },
		normalise: func(g, j *exchange) {
			gm, _, _ := mime.ParseMediaType(g.ContentType)
			jm, _, _ := mime.ParseMediaType(j.ContentType)
			if gm == "application/x-www-form-urlencoded" && gm == jm {
				g.ContentType, j.ContentType = gm, jm
			}
		},
		sources: "backlog4j http/httpclient (adds ; charset=UTF-8); Backlog docs 'Request' (form-urlencoded, UTF-8); values are percent-encoded UTF-8 on both sides",
	},
	{
		what:    "custom-field list search: customField_{id}[]=… (v2client) vs customField_{id}[0]=…, [1]=… (backlog-js)",
		applies: func(n string) bool { return n == "issues-custom-field-search" },
		normalise: func(g, j *exchange) {
			j.Params = rename(j.Params, func(p string) string {
				if name, v, ok := strings.Cut(p, "="); ok && strings.HasPrefix(name, "query customField_") && strings.HasSuffix(name, "]") {
					if i := strings.LastIndex(name, "["); i > 0 {
						return name[:i] + "[]=" + v
					}
				}
				return p
			})
		},
		sources: "Backlog docs 'Get Issue List' (customField_${id}[] for list fields); backlog4j api/option/IssueParams customFieldIds (customField_{id}[]); backlog-js changed all customField_* arrays to indexed in 2025-10",
	},
}

func rename(ps []string, f func(string) string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = f(p)
	}
	sort.Strings(out)
	return out
}

// TestWireMatchesBacklogJS runs every v2 request the gateway makes through
// v2client and through nulab's backlog-js against one recorder, and
// compares method, path, parameters (names and decoded values, query and
// form), body encoding and content type. A difference fails unless it is
// one of the cited exceptions.
func TestWireMatchesBacklogJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "node is not installed")
	}
	dir, _ := filepath.Abs("node")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "backlog-js", "package.json")); err != nil {
		missing(t, "backlog-js is not installed in e2e/wire/node (npm ci)")
	}
	rec := &recorder{got: map[string][]exchange{}}
	srv := httptest.NewServer(rec)
	defer srv.Close()

	c, err := v2client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c = c.WithAPIKey("wire-api-key")
	for _, wc := range cases {
		rec.mu.Lock()
		rec.current = wc.name
		rec.mu.Unlock()
		if err := wc.call(t.Context(), c); err != nil {
			t.Fatalf("%s: v2client: %v", wc.name, err)
		}
	}

	type jsCase struct {
		Name   string `json:"name"`
		Method string `json:"method"`
		Args   []any  `json:"args"`
	}
	var js []jsCase
	for _, wc := range cases {
		args := wc.jsArgs
		if args == nil {
			args = []any{}
		}
		js = append(js, jsCase{wc.name, wc.js, args})
	}
	b, _ := json.Marshal(js)
	casesFile := filepath.Join(t.TempDir(), "cases.json")
	if err := os.WriteFile(casesFile, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), node, "wire.js", srv.URL, casesFile)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("backlog-js: %v\n%s", err, out)
	}

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.errs) > 0 {
		t.Fatalf("recorder: %v", rec.errs)
	}
	used := map[string]bool{}
	for _, wc := range cases {
		g, j := rec.got["go:"+wc.name], rec.got["js:"+wc.name]
		if len(g) != 1 || len(j) != 1 {
			t.Errorf("%s: %d v2client and %d backlog-js requests, want one each", wc.name, len(g), len(j))
			continue
		}
		gs, jsx := g[0], j[0]
		for _, ex := range exceptions {
			if !ex.applies(wc.name) {
				continue
			}
			before := gs.String() + jsx.String()
			ex.normalise(&gs, &jsx)
			if gs.String()+jsx.String() != before {
				used[ex.what] = true
			}
		}
		if gs.String() != jsx.String() {
			t.Errorf("%s: v2client and backlog-js differ\n  v2client:   %s\n  backlog-js: %s", wc.name, gs, jsx)
		}
	}
	for _, ex := range exceptions {
		if !used[ex.what] {
			t.Errorf("exception %q no longer applies to any request: remove it (here and in v2client/README.md)", ex.what)
		}
	}
}

// TestWireParamsDocumented sends the same requests to the fake, which
// records any parameter Backlog does not document for the route (a typo in
// v2client that Backlog would silently ignore): the test fails on one.
// The answers do not matter here (ids of the cases need not exist).
func TestWireParamsDocumented(t *testing.T) {
	f := fake.New(fake.DefaultSeed())
	f.CheckDocumentedParams(t)
	srv := httptest.NewServer(f)
	defer srv.Close()
	c, err := v2client.New(srv.URL, v2client.WithRetry(v2client.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	c = c.WithAPIKey("demo-api-key-admin")
	for _, wc := range cases {
		wc.call(t.Context(), c)
	}
	if n := f.Counters().Total(); n < len(cases) {
		t.Fatalf("the fake saw %d requests for %d cases", n, len(cases))
	}
}
