package catalog

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// TestConcurrentMissesCollapse: ten callers miss the same entry at once;
// exactly one fetch runs and all get its result.
func TestConcurrentMissesCollapse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New(time.Minute, nil)
		release := make(chan struct{})
		var fetches atomic.Int32
		fetch := func() ([]v2client.Priority, error) {
			fetches.Add(1)
			<-release
			return []v2client.Priority{{ID: 3, Name: "中"}}, nil
		}
		var wg sync.WaitGroup
		results := make([][]v2client.Priority, 10)
		for i := range results {
			wg.Go(func() {
				l, err := cached(context.Background(), c, entryKey{Priorities, 0}, fetch)
				if err != nil {
					t.Error(err)
				}
				results[i] = l
			})
		}
		synctest.Wait() // every caller is blocked: one in fetch, the rest waiting on it
		close(release)
		wg.Wait()
		if n := fetches.Load(); n != 1 {
			t.Fatalf("fetches = %d, want 1", n)
		}
		for i, l := range results {
			if len(l) != 1 || l[0].ID != 3 {
				t.Errorf("caller %d got %v", i, l)
			}
		}
	})
}

// TestSharedFailureIsRetriedAlone: when the collapsed fetch fails (the
// leader's permissions, its cancelled context), each follower fetches once
// with its own function instead of inheriting the failure.
func TestSharedFailureIsRetriedAlone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New(time.Minute, nil)
		release := make(chan struct{})
		leaderErr := errors.New("leader may not read this")
		var leaderCalls, followerCalls atomic.Int32
		var wg sync.WaitGroup
		var gotLeaderErr error
		wg.Go(func() {
			_, gotLeaderErr = cached(context.Background(), c, entryKey{IssueTypes, 1}, func() ([]v2client.IssueType, error) {
				leaderCalls.Add(1)
				<-release
				return nil, leaderErr
			})
		})
		synctest.Wait()
		const followers = 3
		errs := make([]error, followers)
		for i := range followers {
			wg.Go(func() {
				_, errs[i] = cached(context.Background(), c, entryKey{IssueTypes, 1}, func() ([]v2client.IssueType, error) {
					followerCalls.Add(1)
					return []v2client.IssueType{{ID: 101, ProjectID: 1, Name: "バグ"}}, nil
				})
			})
		}
		synctest.Wait()
		close(release)
		wg.Wait()
		if !errors.Is(gotLeaderErr, leaderErr) {
			t.Errorf("leader err = %v", gotLeaderErr)
		}
		if leaderCalls.Load() != 1 {
			t.Errorf("leader fetched %d times, want 1 (no retry of its own failure)", leaderCalls.Load())
		}
		for i, err := range errs {
			if err != nil {
				t.Errorf("follower %d: %v", i, err)
			}
		}
		if n := followerCalls.Load(); n < 1 || n > followers {
			t.Errorf("follower fetches = %d", n)
		}
		if p, ok := c.Owner(IssueTypes, 101); !ok || p != 1 {
			t.Errorf("owner index not filled by the retried fetch: %d %v", p, ok)
		}
	})
}

// world is a fake Backlog with a client for the demo user.
func world(t *testing.T) (*fake.Server, *v2client.Client) {
	t.Helper()
	f := fake.New(fake.DefaultSeed())
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	c, err := v2client.New(ts.URL, v2client.WithRetry(v2client.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return f, c.WithAPIKey("demo-api-key-normal")
}

func TestTTLAndInvalidate(t *testing.T) {
	f, cl := world(t)
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	c := New(time.Minute, func() time.Time { return now })
	ctx := context.Background()
	const route = "GET /api/v2/projects/:projectIdOrKey/issueTypes"
	steps := []struct {
		name  string
		do    func()
		calls int
	}{
		{"cold miss fetches", func() {}, 1},
		{"warm hit is free", func() {}, 1},
		{"still warm just before the TTL", func() { now = now.Add(time.Minute - time.Second) }, 1},
		{"expired at the TTL", func() { now = now.Add(time.Second) }, 2},
		{"invalidated", func() { c.Invalidate(IssueTypes, 1) }, 3},
		{"other project's invalidation does not touch it", func() { c.Invalidate(IssueTypes, 2) }, 3},
		{"project-wide invalidation", func() { c.InvalidateProject(1) }, 4},
	}
	for _, s := range steps {
		s.do()
		l, err := c.IssueTypes(ctx, cl, 1)
		if err != nil || len(l) != 4 {
			t.Fatalf("%s: %v %v", s.name, l, err)
		}
		if got := f.Count(route); got != s.calls {
			t.Errorf("%s: %d upstream calls, want %d", s.name, got, s.calls)
		}
	}
}

func TestProjectIDAndIssueKeys(t *testing.T) {
	f, cl := world(t)
	c := New(0, nil)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		id, err := c.ProjectID(ctx, cl, "DEMO")
		if err != nil || id != 1 {
			t.Fatalf("ProjectID(DEMO) = %d, %v", id, err)
		}
	}
	if n := f.Count("GET /api/v2/projects/:projectIdOrKey"); n != 1 {
		t.Errorf("key resolved with %d calls, want 1", n)
	}
	if id, err := c.ProjectID(ctx, cl, "42"); err != nil || id != 42 {
		t.Errorf("digits: %d %v", id, err)
	}
	if _, err := c.ProjectID(ctx, cl, "NOPE"); err == nil {
		t.Error("unknown key resolved")
	}
	for _, tc := range []struct {
		key, want string
		ok        bool
	}{
		{"DEMO-12", "DEMO", true}, {"P_1-1", "P_1", true}, {"A-B-3", "A-B", true},
		{"DEMO", "", false}, {"DEMO-", "", false}, {"-1", "", false}, {"DEMO-x", "", false},
	} {
		got, ok := IssueProjectKey(tc.key)
		if got != tc.want || ok != tc.ok {
			t.Errorf("IssueProjectKey(%q) = %q %v, want %q %v", tc.key, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFindOwner(t *testing.T) {
	f, cl := world(t)
	c := New(0, nil)
	ctx := context.Background()
	tests := []struct {
		kind Kind
		id   int64
		want int64
	}{
		{Versions, 221, 2}, {Categories, 112, 1}, {IssueTypes, 302, 3}, {CustomFields, 231, 2},
	}
	for _, tc := range tests {
		got, err := c.FindOwner(ctx, cl, tc.kind, tc.id)
		if err != nil || got != tc.want {
			t.Errorf("FindOwner(%s, %d) = %d, %v; want %d", tc.kind, tc.id, got, err, tc.want)
		}
	}
	// Known now: no call at all.
	f.ResetCounters()
	if got, err := c.FindOwner(ctx, cl, Versions, 221); err != nil || got != 2 {
		t.Fatal(got, err)
	}
	if f.Counters().Total() != 0 {
		t.Errorf("warm FindOwner made %v", f.Calls())
	}
	// Project 4 (SECRET) is invisible to demo: its issue type is NotFound.
	if _, err := c.FindOwner(ctx, cl, IssueTypes, 401); failure.CodeOf(err) != failure.NotFound {
		t.Errorf("invisible owner: %v", err)
	}
}

// TestFindOwnerAsAdmin: the administrator finds SECRET's issue type, which
// demo cannot (TestFindOwner); the scan lists projects with all=true so an
// administrator also reaches projects it has not joined.
func TestFindOwnerAsAdmin(t *testing.T) {
	f := fake.New(fake.DefaultSeed())
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	base, err := v2client.New(ts.URL, v2client.WithRetry(v2client.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	c := New(0, nil)
	got, err := c.FindOwner(context.Background(), base.WithAPIKey("demo-api-key-admin"), IssueTypes, 401)
	if err != nil || got != 4 {
		t.Errorf("admin FindOwner(401) = %d, %v; want 4", got, err)
	}
}

func TestPut(t *testing.T) {
	c := New(0, nil)
	c.Put(Categories, 1, []v2client.Category{{ID: 111, Name: "画面"}})
	l, err := c.Categories(context.Background(), nil, 1) // warm: the nil client is never used
	if err != nil || len(l) != 1 || l[0].ID != 111 {
		t.Fatalf("Put then get: %v %v", l, err)
	}
	if p, ok := c.Owner(Categories, 111); !ok || p != 1 {
		t.Error("Put does not index owners")
	}
	defer func() {
		if recover() == nil {
			t.Error("Put with a list of the wrong kind did not panic")
		}
	}()
	c.Put(IssueTypes, 1, []v2client.Category{})
}

// TestInvalidateKind: every project's list of that kind goes, other kinds
// stay.
func TestInvalidateKind(t *testing.T) {
	c := New(0, nil)
	c.Put(ProjectUsers, 1, []v2client.User{{ID: 4}})
	c.Put(ProjectUsers, 2, []v2client.User{{ID: 4}})
	c.Put(Categories, 1, []v2client.Category{{ID: 111}})
	c.InvalidateKind(ProjectUsers)
	tests := []struct {
		key  entryKey
		want bool
	}{
		{entryKey{ProjectUsers, 1}, false},
		{entryKey{ProjectUsers, 2}, false},
		{entryKey{Categories, 1}, true},
	}
	for _, tt := range tests {
		if _, ok := c.lookup(tt.key); ok != tt.want {
			t.Errorf("%s of project %d cached = %v, want %v", tt.key.kind, tt.key.project, ok, tt.want)
		}
	}
}
