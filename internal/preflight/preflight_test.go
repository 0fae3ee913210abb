package preflight

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// methods is a small stand-in for the registry's v2 column (cmd passes the
// real one; its test runs every legacy method against the fake).
var testMethods = map[string][]string{
	"backlog.getProjects":    {"GET /api/v2/projects"},
	"backlog.getIssue":       {"GET /api/v2/issues/:issueIdOrKey", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey/customFields"},
	"backlog.findIssue":      {"GET /api/v2/issues", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey/statuses"},
	"backlog.countIssue":     {"GET /api/v2/issues/count"},
	"backlog.getComments":    {"GET /api/v2/issues/:issueIdOrKey/comments"},
	"backlog.getUserIcon":    {"GET /api/v2/users/:userId/icon", "GET /api/v2/users/myself"},
	"backlog.getTimeline":    {"GET /api/v2/space/activities"},
	"backlog.admin.getUsers": {"GET /api/v2/users/myself", "GET /api/v2/users"},
	"backlog.addComment":     {"POST /api/v2/issues/:issueIdOrKey/comments", "GET /api/v2/space"},
}

const adminKey = "demo-api-key-admin"

// serve runs the fake behind wrap (nil: as it is) and returns its URL.
func serve(t *testing.T, wrap func(http.Handler) http.Handler) *httptest.Server {
	srv, _ := serveFake(t, wrap)
	return srv
}

func serveFake(t *testing.T, wrap func(http.Handler) http.Handler) (*httptest.Server, *fake.Server) {
	t.Helper()
	f := fake.New(fake.DefaultSeed())
	var h http.Handler = f
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, f
}

func run(t *testing.T, srv *httptest.Server, opts Options) *Report {
	t.Helper()
	opts.BacklogURL = srv.URL
	opts.HTTPClient = srv.Client()
	if opts.Methods == nil {
		opts.Methods = testMethods
	}
	r, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func method(t *testing.T, r *Report, name string) Method {
	t.Helper()
	for _, m := range r.Methods {
		if m.Name == name {
			return m
		}
	}
	t.Fatalf("no verdict for %s", name)
	return Method{}
}

func table(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestFakeWorks: against the fake as its administrator every read works,
// no answer drifts, and the report is OK; a write without --write-project
// is "not checked", which is not a failure.
func TestFakeWorks(t *testing.T) {
	r := run(t, serve(t, nil), Options{APIKey: adminKey})
	if !r.OK() {
		t.Fatalf("report not OK:\n%s", table(t, r))
	}
	for _, q := range r.Requests {
		if q.Outcome != Works {
			t.Errorf("%s [%s]: %s %v %s", q.Call, q.Form, q.Outcome, q.Drift, q.Error)
		}
	}
	for name := range testMethods {
		want := Works
		if name == "backlog.addComment" {
			want = NotChecked
		}
		if m := method(t, r, name); m.Outcome != want {
			t.Errorf("%s: %s %q, want %s", name, m.Outcome, m.Detail, want)
		}
	}
	if r.TimeZone == "" || r.RunAs != "admin" || r.Project == "" {
		t.Errorf("time zone %q, run as %q, project %q", r.TimeZone, r.RunAs, r.Project)
	}
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || len(back.Methods) != len(testMethods) {
		t.Fatalf("JSON report: %v, %d methods", err, len(back.Methods))
	}
}

// rewrite returns a wrapper that passes the answer of the requests match
// selects through edit.
func rewrite(match func(*http.Request) bool, edit func(status int, body []byte) (int, []byte)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !match(r) {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			status, body := edit(rec.Code, rec.Body.Bytes())
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Del("Content-Length")
			w.WriteHeader(status)
			_, _ = w.Write(body)
		})
	}
}

func path(p string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Method == http.MethodGet && r.URL.Path == p }
}

// editJSON decodes an answer, lets f change it, and encodes it again.
func editJSON[T any](t *testing.T, f func(*T)) func(int, []byte) (int, []byte) {
	return func(status int, body []byte) (int, []byte) {
		var v T
		if err := json.Unmarshal(body, &v); err != nil {
			t.Errorf("rewrite: %v", err)
			return status, body
		}
		f(&v)
		b, _ := json.Marshal(v)
		return status, b
	}
}

// TestDriftCaught: a drifting Backlog is named in the report and the
// methods depending on it are not "works": an unknown member is drift; a
// member of a changed JSON type fails the lenient decoder too, so the
// request fails and the drift names the member; a refused parameter form
// fails with its status and code. The report is not OK.
func TestDriftCaught(t *testing.T) {
	cases := []struct {
		name   string
		wrap   func(http.Handler) http.Handler
		method string
		want   []string // in the table
		out    string   // the method's outcome
	}{
		{"unknown member", rewrite(path("/api/v2/space"), editJSON(t, func(m *map[string]any) { (*m)["spaceColour"] = "teal" })),
			"backlog.getIssue", []string{"$.spaceColour: unknown member"}, Drift},
		{"changed type", rewrite(path("/api/v2/projects"), editJSON(t, func(l *[]map[string]any) {
			for _, p := range *l {
				p["id"] = "x" + json.Number("1").String()
			}
		})), "backlog.getProjects", []string{"$[0].id: string, type says number"}, Fails},
		{"refused parameter form", rewrite(func(r *http.Request) bool {
			return r.URL.Path == "/api/v2/issues" && r.URL.Query().Has("statusId[]")
		}, func(int, []byte) (int, []byte) {
			return http.StatusBadRequest, []byte(`{"errors":[{"message":"Invalid statusId[].","code":7,"moreInfo":""}]}`)
		}), "backlog.findIssue", []string{"GET /api/v2/issues [statusId[]]: fails (HTTP 400, code 7)"}, Fails},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, serve(t, tc.wrap), Options{APIKey: adminKey})
			out := table(t, r)
			if r.OK() || !strings.Contains(out, "RESULT: FAILED") {
				t.Errorf("report OK despite the drift:\n%s", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("table lacks %q:\n%s", w, out)
				}
			}
			if m := method(t, r, tc.method); m.Outcome != tc.out {
				t.Errorf("%s: %s %q, want %s", tc.method, m.Outcome, m.Detail, tc.out)
			}
		})
	}
}

// TestNotPermitted: a reporter's key may not list the space's users:
// the admin method is "not permitted", which is not a failure.
func TestNotPermitted(t *testing.T) {
	r := run(t, serve(t, nil), Options{APIKey: "demo-api-key-reporter"})
	if m := method(t, r, "backlog.admin.getUsers"); m.Outcome != NotPermitted {
		t.Errorf("admin.getUsers as a reporter: %s %q", m.Outcome, m.Detail)
	}
	if !r.OK() {
		t.Errorf("not permitted counted as a failure:\n%s", table(t, r))
	}
}

// TestNotPermittedNonAdministrator: a normal user's key may list the
// space's users in v2, but the gateway answers every backlog.admin.* method
// with fault 403 to a user who is not a space administrator
// (methods.requireAdmin): check says "not permitted" for them, not "works".
func TestNotPermittedNonAdministrator(t *testing.T) {
	r := run(t, serve(t, nil), Options{APIKey: "demo-api-key-normal"})
	m := method(t, r, "backlog.admin.getUsers")
	if m.Outcome != NotPermitted || !strings.Contains(strings.Join(m.Detail, " "), "space administrator") {
		t.Errorf("admin.getUsers as a normal user: %s %q, want not permitted, naming the space administrator role", m.Outcome, m.Detail)
	}
	if m := method(t, r, "backlog.getProjects"); m.Outcome != Works {
		t.Errorf("getProjects as a normal user: %s %q", m.Outcome, m.Detail)
	}
	if !r.OK() {
		t.Errorf("not permitted counted as a failure:\n%s", table(t, r))
	}
	// --write-project runs the administrators' writes only as one: the
	// gateway would never make them for this user.
	r = run(t, serve(t, nil), Options{APIKey: "demo-api-key-normal", WriteProject: "DEMO", Methods: map[string][]string{
		"backlog.admin.addCustomField": {"GET /api/v2/users/myself", "POST /api/v2/projects/:projectIdOrKey/customFields"},
		"backlog.addIssueType":         {"POST /api/v2/projects/:projectIdOrKey/issueTypes"},
	}})
	for _, q := range r.Requests {
		if q.Call == "POST /api/v2/projects/:projectIdOrKey/customFields" && q.Outcome != NotChecked {
			t.Errorf("a normal user's --write-project ran %s: %s", q.Call, q.Outcome)
		}
	}
	if m := method(t, r, "backlog.admin.addCustomField"); m.Outcome != NotPermitted {
		t.Errorf("admin.addCustomField with --write-project as a normal user: %s %q", m.Outcome, m.Detail)
	}
	if m := method(t, r, "backlog.addIssueType"); m.Outcome != Works {
		t.Errorf("addIssueType with --write-project as a normal user: %s %q", m.Outcome, m.Detail)
	}
	if !r.OK() {
		t.Errorf("report not OK:\n%s", table(t, r))
	}
}

// TestDeadAPIKey: a refused --api-key, or a space that cannot be reached,
// is one error line naming the cause, and nothing else is run (before,
// every legacy method "failed" and blamed "the user has joined no
// project"); the key is never printed.
func TestDeadAPIKey(t *testing.T) {
	srv := serve(t, nil)
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	for _, tc := range []struct {
		name string
		srv  *httptest.Server
		want string
	}{
		{"refused key", srv, "HTTP 401"},
		{"unreachable", gone, "not sent"},
	} {
		r := run(t, tc.srv, Options{APIKey: "wrong-key-0123456789"})
		out := table(t, r)
		if r.OK() || len(r.Errors) != 1 || !strings.Contains(r.Errors[0], "--api-key") || !strings.Contains(r.Errors[0], tc.want) ||
			!strings.Contains(r.Errors[0], "nothing else was checked") {
			t.Errorf("%s: OK %v, errors %q, want one naming --api-key and %q", tc.name, r.OK(), r.Errors, tc.want)
		}
		if len(r.Requests) != 0 || strings.Contains(out, "joined no project") {
			t.Errorf("%s: %d requests run after the key failed:\n%s", tc.name, len(r.Requests), out)
		}
		if strings.Contains(out, "wrong-key-0123456789") {
			t.Errorf("%s: the key is printed:\n%s", tc.name, out)
		}
	}
}

// TestCredentials: every entry of a credentials file is checked and mapped
// to its Backlog user (an OAuth entry by refreshing its token, the rotated
// token handed to SaveRefreshToken); a dead key fails the report; no
// secret is printed.
func TestCredentials(t *testing.T) {
	srv, f := serveFake(t, nil)
	oauth := v2client.OAuthConfig{ClientID: "demo-client", ClientSecret: "demo-client-secret"}
	code, err := f.IssueAuthorizationCode(oauth.ClientID, "demo")
	if err != nil {
		t.Fatal(err)
	}
	base, err := v2client.New(srv.URL, v2client.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := base.ExchangeCode(context.Background(), oauth, code, "http://127.0.0.1/callback")
	if err != nil {
		t.Fatal(err)
	}
	creds := []auth.Credential{
		{Login: "alice", PasswordHash: "x", APIKey: "demo-api-key-yamada"},
		{Login: "bob", PasswordHash: "x", APIKey: "revoked-key-0123456789"},
		{Login: "carol", PasswordHash: "x", RefreshToken: tok.RefreshToken},
		{Login: "dave", PasswordHash: "x", RefreshToken: "refresh-secret-0123456789"},
	}
	saved := map[string]string{}
	r := run(t, srv, Options{Credentials: creds, OAuth: oauth, SaveRefreshToken: func(login, rt string) error {
		saved[login] = rt
		return nil
	}})
	var out bytes.Buffer
	_ = r.WriteTable(&out)
	_ = r.WriteJSON(&out)
	secrets := []string{"demo-api-key-yamada", "revoked-key-0123456789", tok.RefreshToken, tok.AccessToken, "refresh-secret-0123456789", oauth.ClientSecret}
	for _, rt := range saved {
		secrets = append(secrets, rt)
	}
	for _, secret := range secrets {
		if strings.Contains(out.String(), secret) {
			t.Errorf("output holds the secret %q", secret)
		}
	}
	if len(r.Identities) != 4 {
		t.Fatalf("identities: %+v", r.Identities)
	}
	if id := r.Identities[0]; !id.OK || !strings.HasPrefix(id.BacklogUser, "yamada ") {
		t.Errorf("alice: %+v", id)
	}
	if id := r.Identities[1]; id.OK || id.Error == "" {
		t.Errorf("bob (revoked key): %+v", id)
	}
	if id := r.Identities[2]; !id.OK || id.Kind != "oauth" || !strings.HasPrefix(id.BacklogUser, "demo ") || !strings.Contains(id.Rotated, "saved") {
		t.Errorf("carol (OAuth): %+v", id)
	}
	if rt := saved["carol"]; rt == "" || rt == tok.RefreshToken {
		t.Errorf("rotated refresh token not saved: %v", saved)
	}
	if id := r.Identities[3]; id.OK || id.Kind != "oauth" {
		t.Errorf("dave (unknown refresh token): %+v", id)
	}
	if r.OK() || r.RunAs != "yamada" {
		t.Errorf("OK %v with a dead entry, run as %q", r.OK(), r.RunAs)
	}
}

// TestWriteProject: with a scratch project the write paths run and work,
// the report says which multi-value encodings the space stored (whatever
// the fake accepts), and everything created is gone afterwards.
func TestWriteProject(t *testing.T) {
	srv := serve(t, nil)
	snapshot := func() string {
		c, err := v2client.New(srv.URL, v2client.WithHTTPClient(srv.Client()))
		if err != nil {
			t.Fatal(err)
		}
		c = c.WithAPIKey(adminKey)
		ctx := context.Background()
		var b strings.Builder
		types, _, err1 := c.Projects.ListIssueTypes(ctx, "DEMO")
		cats, _, err2 := c.Projects.ListCategories(ctx, "DEMO")
		vers, _, err3 := c.Projects.ListVersions(ctx, "DEMO")
		n, _, err4 := c.Issues.Count(ctx, nil)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			t.Fatal(err)
		}
		fields, _, err5 := c.Projects.ListCustomFields(ctx, "DEMO")
		members, _, err6 := c.Projects.ListUsers(ctx, "DEMO", false)
		project, _, err7 := c.Projects.Get(ctx, "DEMO")
		if err := errors.Join(err5, err6, err7); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d types %d categories %d versions %d issues %d fields %d members project %q", len(types), len(cats), len(vers), n, len(fields), len(members), project.Name)
		for _, x := range fields {
			b.WriteString(" " + x.Name)
		}
		for _, x := range members {
			b.WriteString(" " + x.UserID)
		}
		for _, x := range types {
			b.WriteString(" " + x.Name)
		}
		for _, x := range cats {
			b.WriteString(" " + x.Name)
		}
		for _, x := range vers {
			b.WriteString(" " + x.Name)
		}
		return b.String()
	}
	before := snapshot()
	methods := map[string][]string{
		"backlog.createIssue":             {"POST /api/v2/issues"},
		"backlog.updateIssue":             {"PATCH /api/v2/issues/:issueIdOrKey"},
		"backlog.switchStatus":            {"PATCH /api/v2/issues/:issueIdOrKey"},
		"backlog.addComment":              {"POST /api/v2/issues/:issueIdOrKey/comments"},
		"backlog.addIssueType":            {"POST /api/v2/projects/:projectIdOrKey/issueTypes"},
		"backlog.updateIssueType":         {"PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id"},
		"backlog.deleteIssueType":         {"DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id"},
		"backlog.addComponent":            {"POST /api/v2/projects/:projectIdOrKey/categories"},
		"backlog.updateComponent":         {"PATCH /api/v2/projects/:projectIdOrKey/categories/:id"},
		"backlog.deleteComponent":         {"DELETE /api/v2/projects/:projectIdOrKey/categories/:id"},
		"backlog.addVersion":              {"POST /api/v2/projects/:projectIdOrKey/versions"},
		"backlog.updateVersion":           {"PATCH /api/v2/projects/:projectIdOrKey/versions/:id"},
		"backlog.deleteVersion":           {"DELETE /api/v2/projects/:projectIdOrKey/versions/:id"},
		"backlog.admin.addCustomField":    {"POST /api/v2/projects/:projectIdOrKey/customFields"},
		"backlog.admin.updateCustomField": {"PATCH /api/v2/projects/:projectIdOrKey/customFields/:id", "POST /api/v2/projects/:projectIdOrKey/customFields/:id/items", "DELETE /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId"},
		"backlog.admin.deleteCustomField": {"DELETE /api/v2/projects/:projectIdOrKey/customFields/:id"},
		"backlog.admin.updateProject":     {"PATCH /api/v2/projects/:projectIdOrKey"},
		"backlog.admin.addProjectUser":    {"POST /api/v2/projects/:projectIdOrKey/users"},
		"backlog.admin.deleteProjectUser": {"DELETE /api/v2/projects/:projectIdOrKey/users"},
	}
	r := run(t, srv, Options{APIKey: adminKey, WriteProject: "DEMO", Methods: methods})
	if !r.OK() {
		t.Errorf("report not OK:\n%s", table(t, r))
	}
	for name := range methods {
		if m := method(t, r, name); m.Outcome != Works {
			t.Errorf("%s: %s %q", name, m.Outcome, m.Detail)
		}
	}
	if len(r.MultiForm) != len(multiForms) {
		t.Fatalf("multi-value forms tried: %+v", r.MultiForm)
	}
	out := table(t, r)
	for _, f := range r.MultiForm {
		// The verdict on each form is the space's: reported, either way.
		if !f.Accepted && f.Detail == "" {
			t.Errorf("form %s refused without a reason", f.Form)
		}
		if !strings.Contains(out, f.Form) {
			t.Errorf("table does not name form %s", f.Form)
		}
	}
	if after := snapshot(); after != before {
		t.Errorf("the check left changes behind:\nbefore %s\nafter  %s", before, after)
	}
}

// memberMethods are the two legacy methods of the member check.
var memberMethods = map[string][]string{
	"backlog.admin.addProjectUser":    {"POST /api/v2/projects/:projectIdOrKey/users"},
	"backlog.admin.deleteProjectUser": {"DELETE /api/v2/projects/:projectIdOrKey/users"},
}

// demoState is what the member check may not change in DEMO: its members
// and its administrators (logins, in the fake's order), and the logins the
// project's activities say were removed from it.
type demoState struct {
	members, admins, removed []string
}

func readDemo(t *testing.T, srv *httptest.Server) demoState {
	t.Helper()
	c, err := v2client.New(srv.URL, v2client.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	c = c.WithAPIKey(adminKey)
	ctx := context.Background()
	members, _, err1 := c.Projects.ListUsers(ctx, "DEMO", false)
	admins, _, err2 := c.Projects.ListAdministrators(ctx, "DEMO")
	acts, _, err3 := c.Projects.ListActivities(ctx, "DEMO", &v2client.ActivityListOptions{ActivityTypeIDs: []v2client.ActivityType{v2client.ActivityProjectUserRemoved}, Count: 100})
	if err := errors.Join(err1, err2, err3); err != nil {
		t.Fatal(err)
	}
	var s demoState
	for _, u := range members {
		s.members = append(s.members, u.UserID)
	}
	for _, u := range admins {
		s.admins = append(s.admins, u.UserID)
	}
	for _, a := range acts {
		for _, u := range a.Content.Users {
			s.removed = append(s.removed, u.UserID)
		}
	}
	return s
}

// TestWriteProjectMembers: the member check never takes anything existing
// away. A space user who is not a member is added and removed again; when
// everyone is a member, a member other than the caller who is not a
// project administrator is removed and added back; a project
// administrator is never removed (the flag would be lost); when there is
// no such member, or the administrators cannot be read, both requests are
// "not checked" with the reason and nothing is removed.
func TestWriteProjectMembers(t *testing.T) {
	all := []int64{1, 2, 3, 4, 5, 6, 7} // admin demo yamada reporter viewer guest guestviewer
	cases := []struct {
		name        string
		members     []int64
		admins      []int64
		wrap        func(http.Handler) http.Handler
		outcome     string // of both methods (deleteProjectUser's: deleteOut when set)
		deleteOut   string
		why         string   // in their detail, when not checked
		removed     []string // the logins removed from DEMO during the run
		wantMembers []string // after the run
		wantAdmins  []string
		fails       bool // the report is not OK (a request failed)
	}{
		{name: "a non-member is added and removed", members: []int64{1, 2, 3, 4, 5, 6}, admins: []int64{2},
			outcome: Works, removed: []string{"guestviewer"},
			wantMembers: []string{"admin", "demo", "yamada", "reporter", "viewer", "guest"}, wantAdmins: []string{"demo"}},
		{name: "everyone a member: the project administrator is kept", members: all, admins: []int64{2, 7},
			outcome: Works, removed: []string{"guest"},
			wantMembers: []string{"admin", "demo", "yamada", "reporter", "viewer", "guestviewer", "guest"}, wantAdmins: []string{"demo", "guestviewer"}},
		{name: "every other member a project administrator", members: all, admins: []int64{2, 3, 4, 5, 6, 7},
			outcome: NotChecked, why: "project administrator",
			wantMembers: []string{"admin", "demo", "yamada", "reporter", "viewer", "guest", "guestviewer"},
			wantAdmins:  []string{"demo", "yamada", "reporter", "viewer", "guest", "guestviewer"}},
		{name: "administrators not readable", members: all, admins: []int64{2},
			wrap: rewrite(path("/api/v2/projects/DEMO/administrators"), func(int, []byte) (int, []byte) {
				return http.StatusInternalServerError, []byte(`{"errors":[{"message":"boom","code":1,"moreInfo":""}]}`)
			}),
			outcome: NotChecked, why: "administrators could not be listed",
			wantMembers: []string{"admin", "demo", "yamada", "reporter", "viewer", "guest", "guestviewer"}, wantAdmins: []string{"demo"}},
		{name: "a removal with no clear answer: the member is added back", members: all, admins: []int64{2},
			// Backlog removed the member, but the answer was a 503.
			wrap: rewrite(func(r *http.Request) bool {
				return r.Method == http.MethodDelete && r.URL.Path == "/api/v2/projects/DEMO/users"
			}, func(int, []byte) (int, []byte) {
				return http.StatusServiceUnavailable, []byte(`{"errors":[{"message":"unavailable","code":1,"moreInfo":""}]}`)
			}),
			outcome: Works, deleteOut: Fails, fails: true, removed: []string{"guestviewer"},
			wantMembers: []string{"admin", "demo", "yamada", "reporter", "viewer", "guest", "guestviewer"}, wantAdmins: []string{"demo"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			seed := fake.DefaultSeed()
			found := false
			for i := range seed.Projects {
				if seed.Projects[i].ProjectKey == "DEMO" {
					seed.Projects[i].Members, seed.Projects[i].Administrators = tc.members, tc.admins
					found = true
				}
			}
			if !found {
				t.Fatal("no DEMO in the fake's seed")
			}
			f := fake.New(seed)
			direct := httptest.NewServer(f) // the fake's state, read past tc.wrap
			defer direct.Close()
			var h http.Handler = f
			if tc.wrap != nil {
				h = tc.wrap(h)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			before := readDemo(t, direct)
			r := run(t, srv, Options{APIKey: adminKey, WriteProject: "DEMO", Methods: memberMethods})
			if r.OK() == tc.fails {
				t.Errorf("report OK = %v, want %v:\n%s", r.OK(), !tc.fails, table(t, r))
			}
			for name := range memberMethods {
				m, want := method(t, r, name), tc.outcome
				if name == "backlog.admin.deleteProjectUser" && tc.deleteOut != "" {
					want = tc.deleteOut
				}
				if m.Outcome != want || !strings.Contains(strings.Join(m.Detail, "; "), tc.why) {
					t.Errorf("%s: %s %q, want %s with %q", name, m.Outcome, m.Detail, want, tc.why)
				}
			}
			after := readDemo(t, direct)
			if removed := after.removed[:len(after.removed)-len(before.removed)]; !slices.Equal(removed, tc.removed) {
				t.Errorf("removed from DEMO during the check: %v, want %v", removed, tc.removed)
			}
			if !slices.Equal(after.members, tc.wantMembers) {
				t.Errorf("members after %v, want %v", after.members, tc.wantMembers)
			}
			if !slices.Equal(after.admins, tc.wantAdmins) {
				t.Errorf("project administrators after %v, want %v (before %v)", after.admins, tc.wantAdmins, before.admins)
			}
		})
	}
}
