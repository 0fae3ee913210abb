package methods

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminCalls is one valid call of every backlog.admin.* method.
var adminCalls = []struct {
	method string
	params []xmlrpc.Value
}{
	{"backlog.admin.getUsers", nil},
	{"backlog.admin.addUser", []xmlrpc.Value{p2o(p2f("user_id", p2s("u1")), p2f("password", p2s("pw-123456")), p2f("name", p2s("u1")), p2f("mail_address", p2s("u1@example.com")), p2f("role", p2s("viewer")))}},
	{"backlog.admin.updateUser", []xmlrpc.Value{p2o(p2f("id", p2i(3)), p2f("name", p2s("x")))}},
	{"backlog.admin.deleteUser", []xmlrpc.Value{p2i(7)}},
	{"backlog.admin.getProjects", nil},
	{"backlog.admin.addProject", []xmlrpc.Value{p2o(p2f("name", p2s("n")), p2f("key", p2s("NN")))}},
	{"backlog.admin.updateProject", []xmlrpc.Value{p2o(p2f("id", p2i(1)), p2f("name", p2s("n")))}},
	{"backlog.admin.deleteProject", []xmlrpc.Value{p2i(1)}},
	{"backlog.admin.getProjectUsers", []xmlrpc.Value{p2i(1)}},
	{"backlog.admin.addProjectUser", []xmlrpc.Value{p2o(p2f("project_id", p2i(2)), p2f("user_id", p2i(5)))}},
	{"backlog.admin.updateProjectUsers", []xmlrpc.Value{p2o(p2f("project_id", p2i(1)), p2f("user_id", xmlrpc.Array(p2i(2))))}},
	{"backlog.admin.deleteProjectUser", []xmlrpc.Value{p2o(p2f("project_id", p2i(1)), p2f("user_id", p2i(3)))}},
	{"backlog.admin.addCustomField", []xmlrpc.Value{p2o(p2f("projectId", p2i(1)), p2f("typeId", p2i(1)), p2f("name", p2s("c")), p2f("issueTypes", xmlrpc.Array()))}},
	{"backlog.admin.updateCustomField", []xmlrpc.Value{p2o(p2f("id", p2i(131)), p2f("name", p2s("c")))}},
	{"backlog.admin.deleteCustomField", []xmlrpc.Value{p2i(131)}},
}

// TestAdminMethodsNeedAdministrator: every admin.* method answers fault 403
// to a non-administrator — also to demo, who is a PROJECT administrator of
// DEMO (v2 would let them list users and change DEMO) — and makes no v2
// call beyond the check.
func TestAdminMethodsNeedAdministrator(t *testing.T) {
	if len(adminCalls) != 15 {
		t.Fatalf("%d admin methods in the table, want 15", len(adminCalls))
	}
	for _, user := range []string{"demo", "viewer", "guest"} {
		for _, c := range adminCalls {
			r := newRig(t, user)
			_, err := r.call(user, c.method, c.params...)
			if failure.CodeOf(err) != failure.PermissionDenied {
				t.Errorf("%s as %s: err %v, want PermissionDenied", c.method, user, err)
			}
			if calls := renderCalls(r.calls()); calls != "GET /api/v2/users/myself" {
				t.Errorf("%s as %s: calls %s, want only the administrator check", c.method, user, calls)
			}
		}
	}
	// and each succeeds for the administrator
	for _, c := range adminCalls {
		r := newRig(t, "admin")
		if _, err := r.call("admin", c.method, c.params...); err != nil {
			t.Errorf("%s as admin: %v", c.method, err)
		}
	}
}

// newPlanSpace wraps the rig's fake so that user administration is refused
// as a new-plan Backlog space refuses it (HTTP 403, error code 5) — even
// to an administrator.
func newPlanSpace(r *rig) {
	inner := r.fake
	wrapped := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet && strings.HasPrefix(req.URL.Path, "/api/v2/users") {
			w.Header().Set("Content-Type", "application/json;charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"errors":[{"message":"You do not have permission to perform this operation.","code":5,"moreInfo":""}]}`))
			return
		}
		inner.ServeHTTP(w, req)
	}))
	r.t.Cleanup(wrapped.Close)
	r.v2 = wrapped
	r.clients = map[string]*v2client.Client{}
}

// TestUserAdministrationOnNewPlanSpace: an administrator whose space does
// not allow user administration through the API gets fault 402
// (PlanRestricted) with a message saying so — not 403, which would wrongly
// blame the caller's role.
func TestUserAdministrationOnNewPlanSpace(t *testing.T) {
	for _, c := range adminCalls[1:4] { // addUser, updateUser, deleteUser
		r := newRig(t, "admin")
		newPlanSpace(r)
		_, err := r.call("admin", c.method, c.params...)
		if failure.CodeOf(err) != failure.PlanRestricted {
			t.Fatalf("%s: err %v, want PlanRestricted", c.method, err)
		}
		code, msg := FaultOf(err)
		if code != 402 || !strings.Contains(msg, "does not allow user administration") {
			t.Errorf("%s: fault %d %q", c.method, code, msg)
		}
	}
	// a non-administrator is still told about their role, not the plan
	r := newRig(t, "demo")
	newPlanSpace(r)
	if _, err := r.call("demo", "backlog.admin.addUser", adminCalls[1].params...); failure.CodeOf(err) != failure.PermissionDenied {
		t.Errorf("demo on a new-plan space: %v", err)
	}
}

// TestUserGaps: the members v2 cannot carry, each decided (checkUserGaps).
func TestUserGaps(t *testing.T) {
	base := []xmlrpc.Member{p2f("user_id", p2s("u1")), p2f("name", p2s("u1")), p2f("mail_address", p2s("u1@example.com")), p2f("role", p2s("viewer"))}
	with := func(ms ...xmlrpc.Member) xmlrpc.Value {
		return xmlrpc.Struct(append(append([]xmlrpc.Member{}, base...), ms...)...)
	}
	md5 := p2f("password_md5", p2s("5f4dcc3b5aa765d61d8327deb882cf99"))
	tests := []struct {
		name   string
		method string
		params xmlrpc.Value
		code   failure.Code // 0: success
		fault  int
	}{
		{"add: md5 only", "backlog.admin.addUser", with(md5), failure.Unsupported, 501},
		{"add: no password at all", "backlog.admin.addUser", with(), failure.InvalidParams, -32602},
		{"add: plain wins over md5", "backlog.admin.addUser", with(md5, p2f("password", p2s("pw-123456"))), 0, 0},
		{"add: icon", "backlog.admin.addUser", with(p2f("password", p2s("pw-123456")), p2f("icon", p2o(p2f("type", p2s("original")), p2f("data", xmlrpc.Base64([]byte("GIF89a")))))), failure.Unsupported, 501},
		{"add: mail_setting ignored", "backlog.admin.addUser", with(p2f("password", p2s("pw-123456")), p2f("mail_setting", p2o(p2f("mail", xmlrpc.Bool(true))))), 0, 0},
		{"update: md5 only", "backlog.admin.updateUser", p2o(p2f("id", p2i(3)), md5), failure.Unsupported, 501},
		{"update: md5 with name still refused", "backlog.admin.updateUser", p2o(p2f("id", p2i(3)), p2f("name", p2s("x")), md5), failure.Unsupported, 501},
		{"update: icon", "backlog.admin.updateUser", p2o(p2f("id", p2i(3)), p2f("icon", p2o(p2f("type", p2s("backlog")), p2f("data", p2s("05_male_designer"))))), failure.Unsupported, 501},
		{"update: plain password", "backlog.admin.updateUser", p2o(p2f("id", p2i(3)), p2f("password", p2s("new-pass-1")), md5), 0, 0},
	}
	for _, tt := range tests {
		r := newRig(t, "admin")
		_, err := r.call("admin", tt.method, tt.params)
		if tt.code == 0 {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if failure.CodeOf(err) != tt.code {
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.code)
			continue
		}
		if code, _ := FaultOf(err); code != tt.fault {
			t.Errorf("%s: faultCode %d, want %d", tt.name, code, tt.fault)
		}
		if tt.code == failure.Unsupported {
			// Only the role check, which comes before any parameter.
			if calls := renderCalls(r.calls()); calls != "GET /api/v2/users/myself" {
				t.Errorf("%s: refused call made v2 calls beyond the role check: %s", tt.name, calls)
			}
		}
	}
	// "name unchanged" check: a refused update changed nothing
	r := newRig(t, "admin")
	_, _ = r.call("admin", "backlog.admin.updateUser", p2o(p2f("id", p2i(3)), p2f("name", p2s("changed")), md5))
	u, _, err := r.client("admin").Users.Get(r.ctx("admin"), 3)
	if err != nil || u.Name != "山田 花子" {
		t.Errorf("user after a refused update: %+v, %v", u, err)
	}
}
