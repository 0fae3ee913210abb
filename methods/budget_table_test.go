package methods

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// budgetRow is one row of the upstream budget table (BUDGET.md): the v2
// calls of a legacy call on a fresh gateway (cold) and of a second call
// right after it (warm), counted by the fake per "METHOD route".
type budgetRow struct {
	method     string
	user       string
	cold, warm []xmlrpc.Value // params of the cold and the warm call (warm nil: same)
	wantCold   string
	wantWarm   string
	fails      bool // the call is refused (both times)
}

var (
	p2i = func(i int64) xmlrpc.Value { return xmlrpc.Int(i) }
	p2s = xmlrpc.String
	p2f = xmlrpc.Field
	p2o = xmlrpc.Struct
)

var budgetTable = []budgetRow{
	{method: "backlog.getActivityTypes", wantCold: "", wantWarm: ""},
	{method: "backlog.getStatuses", wantCold: "GET /api/v2/space", wantWarm: ""},
	{method: "backlog.getPriorities", wantCold: "GET /api/v2/priorities", wantWarm: ""},
	{method: "backlog.getResolutions", wantCold: "GET /api/v2/resolutions", wantWarm: ""},
	{method: "backlog.getUser", cold: []xmlrpc.Value{p2i(3)},
		wantCold: "GET /api/v2/users/:userId", wantWarm: "GET /api/v2/users/:userId"},
	{method: "backlog.getUser", cold: []xmlrpc.Value{p2s("yamada")},
		wantCold: "GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/users, GET /api/v2/users/myself",
		wantWarm: "GET /api/v2/projects, GET /api/v2/users/myself"},
	{method: "backlog.getUser", user: "admin", cold: []xmlrpc.Value{p2s("yamada")},
		wantCold: "GET /api/v2/users, GET /api/v2/users/myself", wantWarm: "GET /api/v2/users, GET /api/v2/users/myself"},
	{method: "backlog.getUserIcon", cold: []xmlrpc.Value{p2i(2)},
		wantCold: "GET /api/v2/users/:userId/icon", wantWarm: "GET /api/v2/users/:userId/icon"},
	{method: "backlog.getCustomFields", cold: []xmlrpc.Value{p2o(p2f("projectId", p2i(1)), p2f("issueType", p2s("バグ")))},
		wantCold: "GET /api/v2/projects/:projectIdOrKey/customFields, GET /api/v2/projects/:projectIdOrKey/issueTypes, GET /api/v2/space",
		wantWarm: "GET /api/v2/projects/:projectIdOrKey/customFields"},
	{method: "backlog.getChildIssues", cold: []xmlrpc.Value{xmlrpc.Array(p2i(1002), p2i(2002))},
		wantCold: "GET /api/v2/issues, GET /api/v2/projects/:projectIdOrKey/customFields×2, GET /api/v2/space",
		wantWarm: "GET /api/v2/issues"},
	{method: "backlog.addIssueType", cold: []xmlrpc.Value{p2o(p2f("project_id", p2i(1)), p2f("name", p2s("調査")), p2f("color", p2s("#814fbc")))},
		warm:     []xmlrpc.Value{p2o(p2f("project_id", p2i(1)), p2f("name", p2s("調査2")), p2f("color", p2s("#814fbc")))},
		wantCold: "POST /api/v2/projects/:projectIdOrKey/issueTypes", wantWarm: "POST /api/v2/projects/:projectIdOrKey/issueTypes"},
	{method: "backlog.updateIssueType", cold: []xmlrpc.Value{p2o(p2f("id", p2i(102)), p2f("name", p2s("作業")), p2f("color", p2s("#7ea800")))},
		wantCold: "GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/issueTypes, PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id",
		wantWarm: "PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id"},
	{method: "backlog.updateIssueType", user: "admin", cold: []xmlrpc.Value{p2o(p2f("id", p2i(202)), p2f("name", p2s("作業")))},
		wantCold: "GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/issueTypes×2, PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id",
		wantWarm: "PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id"},
	{method: "backlog.deleteIssueType", cold: []xmlrpc.Value{p2o(p2f("id", p2i(104)), p2f("substitute_id", p2i(102)))},
		warm:     []xmlrpc.Value{p2o(p2f("id", p2i(103)), p2f("substitute_id", p2i(102)))},
		wantCold: "DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id, GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/issueTypes",
		wantWarm: "DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id"},
	{method: "backlog.deleteIssueType", cold: []xmlrpc.Value{p2i(104)}, warm: []xmlrpc.Value{p2i(103)},
		wantCold: "DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id, GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/issueTypes",
		wantWarm: "DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id, GET /api/v2/projects/:projectIdOrKey/issueTypes"},
	{method: "backlog.addVersion", cold: []xmlrpc.Value{p2o(p2f("project_id", p2i(1)), p2f("name", p2s("v3")))},
		warm:     []xmlrpc.Value{p2o(p2f("project_id", p2i(1)), p2f("name", p2s("v4")))},
		wantCold: "GET /api/v2/space, POST /api/v2/projects/:projectIdOrKey/versions", wantWarm: "POST /api/v2/projects/:projectIdOrKey/versions"},
	{method: "backlog.updateVersion", cold: []xmlrpc.Value{p2o(p2f("id", p2i(123)), p2f("name", p2s("v2.1")))},
		wantCold: "GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/versions, GET /api/v2/space, PATCH /api/v2/projects/:projectIdOrKey/versions/:id",
		wantWarm: "PATCH /api/v2/projects/:projectIdOrKey/versions/:id"},
	{method: "backlog.deleteVersion", cold: []xmlrpc.Value{p2i(123)}, warm: []xmlrpc.Value{p2i(122)},
		wantCold: "DELETE /api/v2/projects/:projectIdOrKey/versions/:id, GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/versions, GET /api/v2/space",
		wantWarm: "DELETE /api/v2/projects/:projectIdOrKey/versions/:id"},
	{method: "backlog.addComponent", cold: []xmlrpc.Value{p2o(p2f("project_id", p2i(1)), p2f("name", p2s("a")))},
		warm:     []xmlrpc.Value{p2o(p2f("project_id", p2i(1)), p2f("name", p2s("b")))},
		wantCold: "POST /api/v2/projects/:projectIdOrKey/categories", wantWarm: "POST /api/v2/projects/:projectIdOrKey/categories"},
	{method: "backlog.updateComponent", cold: []xmlrpc.Value{p2o(p2f("id", p2i(112)), p2f("name", p2s("バックエンド")))},
		wantCold: "GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/categories, PATCH /api/v2/projects/:projectIdOrKey/categories/:id",
		wantWarm: "PATCH /api/v2/projects/:projectIdOrKey/categories/:id"},
	{method: "backlog.deleteComponent", cold: []xmlrpc.Value{p2i(113)}, warm: []xmlrpc.Value{p2i(112)},
		wantCold: "DELETE /api/v2/projects/:projectIdOrKey/categories/:id, GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/categories",
		wantWarm: "DELETE /api/v2/projects/:projectIdOrKey/categories/:id"},
	{method: "backlog.getTimeline",
		wantCold: "GET /api/v2/issues, GET /api/v2/projects/:projectIdOrKey/statuses×2, GET /api/v2/space, GET /api/v2/space/activities",
		wantWarm: "GET /api/v2/issues, GET /api/v2/space/activities"},
	{method: "backlog.getProjectSummary", cold: []xmlrpc.Value{p2i(1)},
		wantCold: "GET /api/v2/issues, GET /api/v2/issues/count, GET /api/v2/projects/:projectIdOrKey, GET /api/v2/projects/:projectIdOrKey/statuses, GET /api/v2/projects/:projectIdOrKey/versions, GET /api/v2/space",
		wantWarm: "GET /api/v2/issues, GET /api/v2/issues/count, GET /api/v2/projects/:projectIdOrKey"},
	{method: "backlog.getProjectSummaries",
		wantCold: "GET /api/v2/issues, GET /api/v2/issues/count, GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/statuses×3, GET /api/v2/projects/:projectIdOrKey/versions×3, GET /api/v2/space",
		wantWarm: "GET /api/v2/issues, GET /api/v2/issues/count, GET /api/v2/projects"},

	{method: "backlog.admin.getUsers", wantCold: "GET /api/v2/users, GET /api/v2/users/myself", wantWarm: "GET /api/v2/users, GET /api/v2/users/myself"},
	{method: "backlog.admin.addUser",
		cold:     []xmlrpc.Value{p2o(p2f("user_id", p2s("u1")), p2f("password", p2s("pw-123456")), p2f("name", p2s("u1")), p2f("mail_address", p2s("u1@example.com")), p2f("role", p2s("viewer")))},
		warm:     []xmlrpc.Value{p2o(p2f("user_id", p2s("u2")), p2f("password", p2s("pw-123456")), p2f("name", p2s("u2")), p2f("mail_address", p2s("u2@example.com")), p2f("role", p2s("viewer")))},
		wantCold: "GET /api/v2/users/myself, POST /api/v2/users", wantWarm: "GET /api/v2/users/myself, POST /api/v2/users"},
	{method: "backlog.admin.addUser", // refused after the role check, before any other v2 call
		cold:     []xmlrpc.Value{p2o(p2f("user_id", p2s("u1")), p2f("password_md5", p2s("5f4dcc3b5aa765d61d8327deb882cf99")), p2f("name", p2s("u1")), p2f("mail_address", p2s("u1@example.com")), p2f("role", p2s("viewer")))},
		wantCold: "GET /api/v2/users/myself", wantWarm: "GET /api/v2/users/myself", fails: true},
	{method: "backlog.admin.updateUser", cold: []xmlrpc.Value{p2o(p2f("id", p2i(3)), p2f("name", p2s("山田")))},
		wantCold: "GET /api/v2/users/myself, PATCH /api/v2/users/:userId", wantWarm: "GET /api/v2/users/myself, PATCH /api/v2/users/:userId"},
	{method: "backlog.admin.updateUser", cold: []xmlrpc.Value{p2o(p2f("id", p2i(3)), p2f("mail_setting", p2o(p2f("mail", xmlrpc.Bool(true)))))},
		wantCold: "GET /api/v2/users/:userId, GET /api/v2/users/myself", wantWarm: "GET /api/v2/users/:userId, GET /api/v2/users/myself"},
	{method: "backlog.admin.deleteUser", cold: []xmlrpc.Value{p2i(7)}, warm: []xmlrpc.Value{p2i(6)},
		wantCold: "DELETE /api/v2/users/:userId, GET /api/v2/users/myself", wantWarm: "DELETE /api/v2/users/:userId, GET /api/v2/users/myself"},
	{method: "backlog.admin.getProjects", wantCold: "GET /api/v2/projects, GET /api/v2/users/myself", wantWarm: "GET /api/v2/projects, GET /api/v2/users/myself"},
	{method: "backlog.admin.addProject", cold: []xmlrpc.Value{p2o(p2f("name", p2s("n1")), p2f("key", p2s("NA")))}, warm: []xmlrpc.Value{p2o(p2f("name", p2s("n2")), p2f("key", p2s("NB")))},
		wantCold: "GET /api/v2/users/myself, POST /api/v2/projects", wantWarm: "GET /api/v2/users/myself, POST /api/v2/projects"},
	{method: "backlog.admin.updateProject", cold: []xmlrpc.Value{p2o(p2f("id", p2i(2)), p2f("use_chart", xmlrpc.Bool(true)))},
		wantCold: "GET /api/v2/users/myself, PATCH /api/v2/projects/:projectIdOrKey", wantWarm: "GET /api/v2/users/myself, PATCH /api/v2/projects/:projectIdOrKey"},
	{method: "backlog.admin.deleteProject", cold: []xmlrpc.Value{p2i(4)}, warm: []xmlrpc.Value{p2i(3)},
		wantCold: "DELETE /api/v2/projects/:projectIdOrKey, GET /api/v2/users/myself", wantWarm: "DELETE /api/v2/projects/:projectIdOrKey, GET /api/v2/users/myself"},
	{method: "backlog.admin.getProjectUsers", cold: []xmlrpc.Value{p2i(2)},
		wantCold: "GET /api/v2/projects/:projectIdOrKey/users, GET /api/v2/users/myself", wantWarm: "GET /api/v2/projects/:projectIdOrKey/users, GET /api/v2/users/myself"},
	{method: "backlog.admin.addProjectUser", cold: []xmlrpc.Value{p2o(p2f("project_id", p2i(2)), p2f("user_id", p2i(5)))}, warm: []xmlrpc.Value{p2o(p2f("project_id", p2i(2)), p2f("user_id", p2i(6)))},
		wantCold: "GET /api/v2/projects/:projectIdOrKey/users, GET /api/v2/users/myself, POST /api/v2/projects/:projectIdOrKey/users",
		wantWarm: "GET /api/v2/projects/:projectIdOrKey/users, GET /api/v2/users/myself, POST /api/v2/projects/:projectIdOrKey/users"},
	{method: "backlog.admin.updateProjectUsers", cold: []xmlrpc.Value{p2o(p2f("project_id", p2i(2)), p2f("user_id", xmlrpc.Array(p2i(1), p2i(2), p2i(5))))},
		warm:     []xmlrpc.Value{p2o(p2f("project_id", p2i(2)), p2f("user_id", xmlrpc.Array(p2i(1), p2i(2), p2i(5))))},
		wantCold: "DELETE /api/v2/projects/:projectIdOrKey/users×2, GET /api/v2/projects/:projectIdOrKey/users×2, GET /api/v2/users/myself, POST /api/v2/projects/:projectIdOrKey/users",
		wantWarm: "GET /api/v2/projects/:projectIdOrKey/users×2, GET /api/v2/users/myself"},
	{method: "backlog.admin.deleteProjectUser", cold: []xmlrpc.Value{p2o(p2f("project_id", p2i(2)), p2f("user_id", p2i(4)))}, warm: []xmlrpc.Value{p2o(p2f("project_id", p2i(2)), p2f("user_id", p2i(3)))},
		wantCold: "DELETE /api/v2/projects/:projectIdOrKey/users, GET /api/v2/projects/:projectIdOrKey/users, GET /api/v2/users/myself",
		wantWarm: "DELETE /api/v2/projects/:projectIdOrKey/users, GET /api/v2/projects/:projectIdOrKey/users, GET /api/v2/users/myself"},
	{method: "backlog.admin.addCustomField", cold: []xmlrpc.Value{p2o(p2f("projectId", p2i(1)), p2f("typeId", p2i(1)), p2f("name", p2s("a")), p2f("issueTypes", xmlrpc.Array()))},
		warm:     []xmlrpc.Value{p2o(p2f("projectId", p2i(1)), p2f("typeId", p2i(1)), p2f("name", p2s("b")), p2f("issueTypes", xmlrpc.Array()))},
		wantCold: "GET /api/v2/projects/:projectIdOrKey/issueTypes, GET /api/v2/space, GET /api/v2/users/myself, POST /api/v2/projects/:projectIdOrKey/customFields",
		wantWarm: "GET /api/v2/users/myself, POST /api/v2/projects/:projectIdOrKey/customFields"},
	{method: "backlog.admin.updateCustomField", cold: []xmlrpc.Value{p2o(p2f("id", p2i(131)), p2f("name", p2s("環境")))},
		wantCold: "GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/customFields, GET /api/v2/projects/:projectIdOrKey/issueTypes, GET /api/v2/space, GET /api/v2/users/myself, PATCH /api/v2/projects/:projectIdOrKey/customFields/:id",
		wantWarm: "GET /api/v2/projects/:projectIdOrKey/customFields, GET /api/v2/users/myself, PATCH /api/v2/projects/:projectIdOrKey/customFields/:id"},
	{method: "backlog.admin.deleteCustomField", cold: []xmlrpc.Value{p2i(132)}, warm: []xmlrpc.Value{p2i(131)},
		wantCold: "DELETE /api/v2/projects/:projectIdOrKey/customFields/:id, GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/customFields, GET /api/v2/projects/:projectIdOrKey/issueTypes, GET /api/v2/space, GET /api/v2/users/myself",
		wantWarm: "DELETE /api/v2/projects/:projectIdOrKey/customFields/:id, GET /api/v2/users/myself"},
}

// renderCalls writes counters as "KEY, KEY×n" sorted by key.
func renderCalls(c map[string]int) string {
	keys := make([]string, 0, len(c))
	for k, n := range c {
		if n > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k
		if c[k] > 1 {
			out[i] = fmt.Sprintf("%s×%d", k, c[k])
		}
	}
	return strings.Join(out, ", ")
}

// TestBudgetPart2 asserts the v2 calls of each method of budgetTable, cold and
// warm, through the fake's counters (the figures of BUDGET.md).
func TestBudgetPart2(t *testing.T) {
	for _, tc := range budgetTable {
		user := tc.user
		if user == "" {
			user = "demo"
			if strings.HasPrefix(tc.method, "backlog.admin.") {
				user = "admin"
			}
		}
		name := tc.method + "/" + user + "/" + renderParams(tc.cold)
		t.Run(name, func(t *testing.T) {
			r := newRig(t, user)
			r.calls()
			_, coldErr := r.call(user, tc.method, tc.cold...)
			cold := renderCalls(r.calls())
			warmParams := tc.warm
			if warmParams == nil {
				warmParams = tc.cold
			}
			_, warmErr := r.call(user, tc.method, warmParams...)
			warm := renderCalls(r.calls())
			if (coldErr != nil) != tc.fails || (warmErr != nil) != tc.fails {
				t.Errorf("errors cold %v, warm %v; want failure: %v", coldErr, warmErr, tc.fails)
			}
			if cold != tc.wantCold {
				t.Errorf("cold calls (err %v):\n got %s\nwant %s", coldErr, cold, tc.wantCold)
			}
			if warm != tc.wantWarm {
				t.Errorf("warm calls (err %v):\n got %s\nwant %s", warmErr, warm, tc.wantWarm)
			}
		})
	}
}

func renderParams(ps []xmlrpc.Value) string {
	var parts []string
	for _, p := range ps {
		switch p.Kind() {
		case xmlrpc.KindStruct:
			var ns []string
			for _, m := range p.Members() {
				ns = append(ns, m.Name)
			}
			parts = append(parts, "{"+strings.Join(ns, ",")+"}")
		case xmlrpc.KindArray:
			parts = append(parts, "array")
		default:
			parts = append(parts, p.Text())
		}
	}
	return strings.Join(parts, ",")
}
