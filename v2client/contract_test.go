package v2client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// contractEnv is one Backlog to run the contract table against: the
// in-memory fake, or a real space (BACKLOG_TEST_BASE_URL + BACKLOG_TEST_API_KEY).
type contractEnv struct {
	base   *v2client.Client // no credentials
	client *v2client.Client // authenticated (fake: the administrator)
	badKey *v2client.Client // authenticated with a key Backlog does not know
	plain  *v2client.Client // fake only: a user who administers no project (a reporter)
	fake   *fake.Server     // nil for a real space
	// admin builds another administrator client with extra options (fake only).
	admin func(opts ...v2client.Option) *v2client.Client
}

// contractCase is one behaviour of Backlog v2 the client relies on.
// fakeOnly cases need fault injection or the fake's seed accounts, so they
// never run against a real space; writes cases change data, so against a
// real space they run only with BACKLOG_TEST_ALLOW_WRITES=1; the others only
// read or make writes Backlog refuses.
type contractCase struct {
	name     string
	fakeOnly bool
	writes   bool
	run      func(t *testing.T, ctx context.Context, env *contractEnv)
}

func wantAPIError(t *testing.T, err error, status int, code v2client.ErrorCode) {
	t.Helper()
	var apiErr *v2client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want *APIError %d code %d", err, err, status, code)
	}
	if apiErr.StatusCode != status || !errors.Is(err, code) {
		t.Fatalf("got HTTP %d %v, want HTTP %d code %d", apiErr.StatusCode, apiErr.Errors, status, code)
	}
}

// firstProject returns a project the caller has joined.
func firstProject(t *testing.T, ctx context.Context, c *v2client.Client) v2client.Project {
	t.Helper()
	ps, _, err := c.Projects.List(ctx, &v2client.ProjectListOptions{Archived: new(bool)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		t.Fatal("the caller has joined no active project")
	}
	return ps[0]
}

var contractCases = []contractCase{
	{name: "myself answers the key's user", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		u, resp, err := env.client.Users.Myself(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Name == "" || u.RoleType < 1 || u.RoleType > 6 {
			t.Errorf("myself = %+v", u)
		}
		if resp.Rate.Limit <= 0 || resp.Rate.Reset.IsZero() {
			t.Errorf("X-RateLimit-* missing: %+v", resp.Rate)
		}
	}},
	{name: "unknown API key is 401 code 11", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		_, _, err := env.badKey.Users.Myself(ctx)
		wantAPIError(t, err, http.StatusUnauthorized, v2client.CodeAuthenticationError)
	}},
	{name: "unknown issue is 404 code 6", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		p := firstProject(t, ctx, env.client)
		_, _, err := env.client.Issues.Get(ctx, p.ProjectKey+"-999999999")
		wantAPIError(t, err, http.StatusNotFound, v2client.CodeNoResourceError)
	}},
	{name: "unknown project is 404 code 6", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		_, _, err := env.client.Projects.Get(ctx, "NO_SUCH_PROJECT_ZZ9")
		wantAPIError(t, err, http.StatusNotFound, v2client.CodeNoResourceError)
	}},
	{name: "create issue without issueTypeId and priorityId is 400 code 7", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		p := firstProject(t, ctx, env.client)
		_, _, err := env.client.Issues.Create(ctx, &v2client.IssueCreateOptions{ProjectID: p.ID, Summary: "contract: must be refused"})
		wantAPIError(t, err, http.StatusBadRequest, v2client.CodeInvalidRequestError)
	}},
	{name: "create issue without summary is 400 code 7", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		p := firstProject(t, ctx, env.client)
		types, _, err := env.client.Projects.ListIssueTypes(ctx, v2client.ID(p.ID))
		if err != nil || len(types) == 0 {
			t.Fatalf("issue types: %v %v", types, err)
		}
		_, _, err = env.client.Issues.Create(ctx, &v2client.IssueCreateOptions{ProjectID: p.ID, IssueTypeID: types[0].ID, PriorityID: 3})
		wantAPIError(t, err, http.StatusBadRequest, v2client.CodeInvalidRequestError)
	}},
	{name: "priorities are 2, 3, 4 and resolutions 0-4", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		ps, _, err := env.client.Priorities.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
		if !slices.Equal(ids, []int64{2, 3, 4}) {
			t.Errorf("priority ids %v", ids)
		}
		rs, _, err := env.client.Resolutions.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids = ids[:0]
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		if !slices.Equal(ids, []int64{0, 1, 2, 3, 4}) {
			t.Errorf("resolution ids %v", ids)
		}
	}},
	{name: "space has a loadable time zone", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		s, _, err := env.client.Space.Get(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := time.LoadLocation(s.Timezone); err != nil || s.Timezone == "" || s.SpaceKey == "" {
			t.Errorf("space %+v: %v", s, err)
		}
	}},
	{name: "project statuses include the built-in 1-4", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		p := firstProject(t, ctx, env.client)
		sts, _, err := env.client.Projects.ListStatuses(ctx, p.ProjectKey)
		if err != nil {
			t.Fatal(err)
		}
		have := map[int64]bool{}
		for _, s := range sts {
			have[s.ID] = true
		}
		for id := int64(1); id <= 4; id++ {
			if !have[id] {
				t.Errorf("status %d missing in %v", id, sts)
			}
		}
	}},
	{name: "issue count matches the offset walk", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		p := firstProject(t, ctx, env.client)
		opts := &v2client.IssueListOptions{ProjectIDs: []int64{p.ID}, Sort: "created", Order: "asc"}
		n, _, err := env.client.Issues.Count(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		const limit = 300
		all, _, err := env.client.Issues.ListAll(ctx, opts, limit)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(all)) != min(n, limit) {
			t.Errorf("count %d, walked %d", n, len(all))
		}
		for _, is := range all {
			if is.ProjectID != p.ID || is.IssueKey == "" || is.Status.ID == 0 || is.Priority.ID == 0 || is.IssueType.ID == 0 {
				t.Errorf("issue %+v", is)
				break
			}
		}
	}},
	{name: "comment walk matches the comment count", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		p := firstProject(t, ctx, env.client)
		issues, _, err := env.client.Issues.List(ctx, &v2client.IssueListOptions{ProjectIDs: []int64{p.ID}, Count: 20, Sort: "updated"})
		if err != nil {
			t.Fatal(err)
		}
		for _, is := range issues {
			n, _, err := env.client.Comments.Count(ctx, is.IssueKey)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				continue
			}
			all, _, err := env.client.Comments.ListAll(ctx, is.IssueKey)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(all)) != n {
				t.Errorf("%s: count %d, walked %d", is.IssueKey, n, len(all))
			}
			for i := 1; i < len(all); i++ {
				if all[i].ID <= all[i-1].ID {
					t.Errorf("%s: comments not oldest first", is.IssueKey)
				}
			}
			return
		}
		if env.fake != nil {
			t.Error("the fake's first project has no commented issue among its 20 latest")
		}
	}},
	{name: "a user who administers nothing may not list all users (403 code 5)", fakeOnly: true, run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		_, _, err := env.plain.Users.List(ctx)
		wantAPIError(t, err, http.StatusForbidden, v2client.CodeUnauthorizedOperationError)
	}},
	{name: "create, set and clear fields, date-only values", writes: true, run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		p := firstProject(t, ctx, env.client)
		types, _, err := env.client.Projects.ListIssueTypes(ctx, p.ProjectKey)
		if err != nil {
			t.Fatal(err)
		}
		me, _, err := env.client.Users.Myself(ctx)
		if err != nil {
			t.Fatal(err)
		}
		due := v2client.NewDate(2026, 12, 24)
		is, resp, err := env.client.Issues.Create(ctx, &v2client.IssueCreateOptions{ProjectID: p.ID, Summary: "契約テスト", IssueTypeID: types[0].ID,
			PriorityID: 2, DueDate: &due, AssigneeID: &me.ID, EstimatedHours: ptrTo(1.5)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { env.client.Issues.Delete(context.Background(), is.IssueKey) })
		if resp.StatusCode != http.StatusCreated {
			t.Errorf("create status %d, want 201", resp.StatusCode)
		}
		if is.DueDate == nil || is.DueDate.Time().Format(time.RFC3339) != "2026-12-24T00:00:00Z" || is.Assignee == nil || is.Assignee.ID != me.ID {
			t.Errorf("created %+v", is)
		}
		up, _, err := env.client.Issues.Update(ctx, is.IssueKey, &v2client.IssueUpdateOptions{
			DueDate: v2client.Clear[v2client.Date](), AssigneeID: v2client.Clear[int64](), EstimatedHours: v2client.Clear[float64](),
			StatusID: ptrTo(int64(2)), Comment: ptrTo("着手")})
		if err != nil {
			t.Fatal(err)
		}
		if up.DueDate != nil || up.Assignee != nil || up.EstimatedHours != nil || up.Status.ID != 2 || up.Summary != "契約テスト" {
			t.Errorf("after clear: due %v assignee %v hours %v status %d", up.DueDate, up.Assignee, up.EstimatedHours, up.Status.ID)
		}
		cs, _, err := env.client.Comments.ListAll(ctx, is.IssueKey)
		if err != nil || len(cs) != 1 || cs[0].Content == nil || *cs[0].Content != "着手" {
			t.Errorf("comments %+v %v", cs, err)
		}
	}},
	{name: "multi-valued custom field written in both official forms", writes: true, run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		ps, _, err := env.client.Projects.List(ctx, &v2client.ProjectListOptions{All: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			fields, _, err := env.client.Projects.ListCustomFields(ctx, p.ProjectKey)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fields {
				if f.TypeID != v2client.CustomFieldMultipleList || len(f.Items) < 2 || f.Required {
					continue
				}
				is := createScratchIssue(t, ctx, env, p, f.ApplicableIssueTypes)
				// Both official forms (README decision 1), then one value.
				for _, tc := range []struct {
					form  v2client.CustomFieldMultiForm
					items []v2client.CustomFieldItem
				}{
					{v2client.CustomFieldRepeated, f.Items[:2]},
					{v2client.CustomFieldIndexed, []v2client.CustomFieldItem{f.Items[1], f.Items[0]}},
					{v2client.CustomFieldRepeated, f.Items[1:2]},
				} {
					var want []string
					for _, it := range tc.items {
						want = append(want, v2client.ID(it.ID))
					}
					c := env.admin(v2client.WithCustomFieldMultiForm(tc.form))
					up, _, err := c.Issues.Update(ctx, is.IssueKey, &v2client.IssueUpdateOptions{
						CustomFields: []v2client.CustomFieldInput{{ID: f.ID, Values: want}}})
					if err != nil {
						t.Fatalf("form %d: %v", tc.form, err)
					}
					v := up.CustomField(f.ID)
					var got []string
					if v != nil {
						for _, it := range v.Items {
							got = append(got, v2client.ID(it.ID))
						}
					}
					slices.Sort(got)
					slices.Sort(want)
					if !slices.Equal(got, want) {
						t.Errorf("form %d: custom field after write %v, want %v", tc.form, got, want)
					}
				}
				return
			}
		}
		t.Error("no optional multiple-list custom field with 2 items in the fake's seed")
	}},
	{name: "project administrators are listed, each a member", run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		projects, _, err := env.client.Projects.List(ctx, &v2client.ProjectListOptions{Archived: new(bool)})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string][]string{}
		for _, p := range projects {
			admins, _, err := env.client.Projects.ListAdministrators(ctx, p.ProjectKey)
			if err != nil {
				t.Fatalf("%s: %v", p.ProjectKey, err)
			}
			members, _, err := env.client.Projects.ListUsers(ctx, p.ProjectKey, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range admins {
				if a.ID == 0 || a.UserID == "" {
					t.Errorf("%s: administrator %+v without id or login", p.ProjectKey, a)
				}
				if !slices.ContainsFunc(members, func(m v2client.User) bool { return m.ID == a.ID }) {
					t.Errorf("%s: administrator %s is not a member", p.ProjectKey, a.UserID)
				}
				seen[p.ProjectKey] = append(seen[p.ProjectKey], a.UserID)
			}
		}
		if env.fake != nil {
			// The fake's seed: DEMO is administered by demo, BLG by yamada.
			if got := seen["DEMO"]; !slices.Equal(got, []string{"demo"}) {
				t.Errorf("DEMO administrators %v, want [demo]", got)
			}
			if got := seen["BLG"]; !slices.Equal(got, []string{"yamada"}) {
				t.Errorf("BLG administrators %v, want [yamada]", got)
			}
		}
	}},
	{name: "project member add and delete (DELETE with a form body)", writes: true, run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		all, _, err := env.client.Users.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		projects, _, err := env.client.Projects.List(ctx, &v2client.ProjectListOptions{All: true, Archived: new(bool)})
		if err != nil {
			t.Fatal(err)
		}
		var p v2client.Project
		var outsider *v2client.User
		for _, cand := range projects {
			members, _, err := env.client.Projects.ListUsers(ctx, cand.ProjectKey, false)
			if err != nil {
				t.Fatal(err)
			}
			for i := range all {
				if !slices.ContainsFunc(members, func(m v2client.User) bool { return m.ID == all[i].ID }) {
					p, outsider = cand, &all[i]
					break
				}
			}
			if outsider != nil {
				break
			}
		}
		if outsider == nil {
			t.Fatal("every user is a member of every active project")
		}
		has := func() bool {
			ms, _, err := env.client.Projects.ListUsers(ctx, p.ProjectKey, false)
			if err != nil {
				t.Fatal(err)
			}
			return slices.ContainsFunc(ms, func(m v2client.User) bool { return m.ID == outsider.ID })
		}
		if _, _, err := env.client.Projects.AddUser(ctx, p.ProjectKey, outsider.ID); err != nil || !has() {
			t.Fatalf("add: %v", err)
		}
		if _, _, err := env.client.Projects.DeleteUser(ctx, p.ProjectKey, outsider.ID); err != nil || has() {
			t.Fatalf("delete: %v", err)
		}
	}},
	{name: "spent budget is 429 code 13 with a reset time", fakeOnly: true, run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		env.fake.SetFaults(fake.Faults{RateLimited: true, RateLimitReset: 30 * time.Second, Times: 1})
		_, _, err := env.client.Priorities.List(ctx)
		var rl *v2client.RateLimitError
		if !errors.As(err, &rl) || !errors.Is(err, v2client.CodeTooManyRequestsError) || rl.RetryAfter(time.Now()) <= 0 {
			t.Fatalf("err = %v, want a RateLimitError with a future reset", err)
		}
	}},
	{name: "a write answered 503 is outcome unknown and sent once", fakeOnly: true, run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		p := firstProject(t, ctx, env.client)
		env.fake.ResetCounters()
		env.fake.SetFaults(fake.Faults{Endpoints: []string{"POST /api/v2/projects/:projectIdOrKey/categories"}, Status: 503})
		_, _, err := env.client.Projects.AddCategory(ctx, p.ProjectKey, "契約")
		var ou *v2client.OutcomeUnknownError
		if !errors.As(err, &ou) {
			t.Fatalf("err = %v, want OutcomeUnknownError", err)
		}
		if n := env.fake.Count("POST /api/v2/projects/:projectIdOrKey/categories"); n != 1 {
			t.Errorf("sent %d times, want 1", n)
		}
	}},
	{name: "a write whose answer is cut off is outcome unknown", fakeOnly: true, run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		p := firstProject(t, ctx, env.client)
		env.fake.SetFaults(fake.Faults{Endpoints: []string{"POST /api/v2/projects/:projectIdOrKey/categories"}, TruncateBody: true})
		_, _, err := env.client.Projects.AddCategory(ctx, p.ProjectKey, "途切れ")
		var ou *v2client.OutcomeUnknownError
		if !errors.As(err, &ou) {
			t.Fatalf("err = %v, want OutcomeUnknownError", err)
		}
		env.fake.ClearFaults()
		cats, _, err := env.client.Projects.ListCategories(ctx, p.ProjectKey)
		if err != nil || !slices.ContainsFunc(cats, func(c v2client.Category) bool { return c.Name == "途切れ" }) {
			t.Errorf("the write happened but is not listed: %v %v", cats, err)
		}
	}},
	{name: "a read retries through one 502 and one reset", fakeOnly: true, run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		env.fake.ResetCounters()
		env.fake.SetFaults(fake.Faults{Endpoints: []string{"GET /api/v2/priorities"}, Status: 502, Times: 1})
		if _, _, err := env.client.Priorities.List(ctx); err != nil {
			t.Fatal(err)
		}
		env.fake.SetFaults(fake.Faults{Endpoints: []string{"GET /api/v2/priorities"}, ResetConnection: true, Times: 1})
		if _, _, err := env.client.Priorities.List(ctx); err != nil {
			t.Fatal(err)
		}
		if n := env.fake.Count("GET /api/v2/priorities"); n != 4 {
			t.Errorf("priorities called %d times, want 4", n)
		}
	}},
	{name: "an HTML error page is an APIError without Backlog errors", fakeOnly: true, run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		env.fake.SetFaults(fake.Faults{Endpoints: []string{"GET /api/v2/space"}, HTMLErrorPage: true, Status: 503})
		_, _, err := env.client.Space.Get(ctx)
		var apiErr *v2client.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || len(apiErr.Errors) != 0 || apiErr.ContentType != "text/html" {
			t.Fatalf("err = %#v", err)
		}
	}},
	{name: "OAuth: code exchange, Bearer calls, refresh after 401", fakeOnly: true, run: func(t *testing.T, ctx context.Context, env *contractEnv) {
		code, err := env.fake.IssueAuthorizationCode("demo-client", "demo")
		if err != nil {
			t.Fatal(err)
		}
		cfg := v2client.OAuthConfig{ClientID: "demo-client", ClientSecret: "demo-client-secret"}
		tok, err := env.base.ExchangeCode(ctx, cfg, code, "http://127.0.0.1/callback")
		if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" || tok.Expiry.IsZero() {
			t.Fatalf("exchange: %+v %v", tok, err)
		}
		if _, err := env.base.ExchangeCode(ctx, cfg, code, "http://127.0.0.1/callback"); !isOAuth(err, "invalid_grant") {
			t.Errorf("a code used twice: %v", err)
		}
		// Start from a revoked access token: the first call gets 401, the
		// source refreshes once and the call is repeated.
		src := env.base.NewRefreshingTokenSource(cfg, v2client.Token{AccessToken: "revoked", RefreshToken: tok.RefreshToken})
		me, _, err := env.base.WithTokenSource(src).Users.Myself(ctx)
		if err != nil || me.UserID != "demo" {
			t.Fatalf("myself over OAuth: %+v %v", me, err)
		}
		if cur := src.Current(); cur.AccessToken == "revoked" || cur.RefreshToken == tok.RefreshToken {
			t.Errorf("tokens not rotated: %+v", cur)
		}
		bad := env.base.NewRefreshingTokenSource(v2client.OAuthConfig{ClientID: "demo-client", ClientSecret: "wrong"}, v2client.Token{RefreshToken: "x"})
		if _, _, err := env.base.WithTokenSource(bad).Users.Myself(ctx); !isOAuth(err, "invalid_client") {
			t.Errorf("wrong client secret: %v", err)
		}
	}},
}

func isOAuth(err error, code string) bool {
	var oe *v2client.OAuthError
	return errors.As(err, &oe) && oe.Code == code
}

func ptrTo[T any](v T) *T { return &v }

// createScratchIssue adds an issue of one of typeIDs (any type when empty)
// and deletes it when the test ends.
func createScratchIssue(t *testing.T, ctx context.Context, env *contractEnv, p v2client.Project, typeIDs []int64) *v2client.Issue {
	t.Helper()
	types, _, err := env.client.Projects.ListIssueTypes(ctx, p.ProjectKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range types {
		if len(typeIDs) > 0 && !slices.Contains(typeIDs, it.ID) {
			continue
		}
		is, _, err := env.client.Issues.Create(ctx, &v2client.IssueCreateOptions{ProjectID: p.ID, Summary: "contract test scratch issue", IssueTypeID: it.ID, PriorityID: 3})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { env.client.Issues.Delete(context.Background(), is.IssueKey) })
		return is
	}
	t.Fatalf("project %s has none of the issue types %v", p.ProjectKey, typeIDs)
	return nil
}

// TestContract runs every contract case against a fresh fake, and the
// non-destructive ones against a real space when BACKLOG_TEST_BASE_URL and
// BACKLOG_TEST_API_KEY are set (the key's user should be an administrator;
// BACKLOG_TEST_ALLOW_WRITES=1 adds the cases that create and change data).
func TestContract(t *testing.T) {
	retry := v2client.WithRetry(v2client.RetryPolicy{MaxAttempts: 3, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	t.Run("fake", func(t *testing.T) {
		for _, tc := range contractCases {
			t.Run(tc.name, func(t *testing.T) {
				f := fake.New(nil)
				f.CheckDocumentedParams(t) // a misspelt parameter fails, though Backlog would ignore it
				srv := httptest.NewServer(f)
				defer srv.Close()
				base, err := v2client.New(srv.URL, retry, v2client.WithHTTPClient(srv.Client()))
				if err != nil {
					t.Fatal(err)
				}
				defer srv.Client().CloseIdleConnections()
				admin := func(opts ...v2client.Option) *v2client.Client {
					c, err := v2client.New(srv.URL, append([]v2client.Option{retry, v2client.WithHTTPClient(srv.Client())}, opts...)...)
					if err != nil {
						t.Fatal(err)
					}
					return c.WithAPIKey("demo-api-key-admin")
				}
				env := &contractEnv{admin: admin, base: base, client: base.WithAPIKey("demo-api-key-admin"), badKey: base.WithAPIKey("no-such-key"),
					plain: base.WithAPIKey("demo-api-key-reporter"), fake: f}
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				tc.run(t, ctx, env)
			})
		}
	})
	t.Run("real", func(t *testing.T) {
		baseURL, key := os.Getenv("BACKLOG_TEST_BASE_URL"), os.Getenv("BACKLOG_TEST_API_KEY")
		if baseURL == "" || key == "" {
			t.Skip("BACKLOG_TEST_BASE_URL and BACKLOG_TEST_API_KEY not set: no real space to check against")
		}
		base, err := v2client.New(baseURL, retry)
		if err != nil {
			t.Fatal(err)
		}
		defer base.CloseIdleConnections()
		env := &contractEnv{base: base, client: base.WithAPIKey(key), badKey: base.WithAPIKey("invalid-contract-test-key"),
			admin: func(opts ...v2client.Option) *v2client.Client {
				c, err := v2client.New(baseURL, append([]v2client.Option{retry}, opts...)...)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(c.CloseIdleConnections)
				return c.WithAPIKey(key)
			}}
		writes := os.Getenv("BACKLOG_TEST_ALLOW_WRITES") == "1"
		for _, tc := range contractCases {
			if tc.fakeOnly || (tc.writes && !writes) {
				continue
			}
			t.Run(tc.name, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				tc.run(t, ctx, env)
			})
		}
	})
}
