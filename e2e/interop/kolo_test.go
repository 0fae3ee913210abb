package interop

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	kolo "github.com/kolo/xmlrpc"
)

// The Go client: github.com/kolo/xmlrpc, decoding into typed structs (a type
// drift such as an id sent as <string> is a decode error), with one client
// per goroutine for the concurrency checks.

type kIDName struct {
	ID   int64  `xmlrpc:"id"`
	Name string `xmlrpc:"name"`
}

type kProject struct {
	ID       int64  `xmlrpc:"id"`
	Key      string `xmlrpc:"key"`
	Name     string `xmlrpc:"name"`
	URL      string `xmlrpc:"url"`
	Archived bool   `xmlrpc:"archived"`
}

type kIssueType struct {
	ID    int64  `xmlrpc:"id"`
	Name  string `xmlrpc:"name"`
	Color string `xmlrpc:"color"`
}

type kIssue struct {
	ID             int64      `xmlrpc:"id"`
	Key            string     `xmlrpc:"key"`
	Summary        string     `xmlrpc:"summary"`
	Description    string     `xmlrpc:"description"`
	URL            string     `xmlrpc:"url"`
	DueDate        string     `xmlrpc:"due_date"`
	StartDate      string     `xmlrpc:"start_date"`
	EstimatedHours float64    `xmlrpc:"estimated_hours"`
	IssueType      kIssueType `xmlrpc:"issueType"`
	Priority       kIDName    `xmlrpc:"priority"`
	Status         kIDName    `xmlrpc:"status"`
	Resolution     kIDName    `xmlrpc:"resolution"`
	CreatedUser    kIDName    `xmlrpc:"created_user"`
	Assigner       kIDName    `xmlrpc:"assigner"`
	Components     []kIDName  `xmlrpc:"components"`
	CreatedOn      string     `xmlrpc:"created_on"`
	UpdatedOn      string     `xmlrpc:"updated_on"`
}

type kAdminProject struct {
	ID                  int64  `xmlrpc:"id"`
	Key                 string `xmlrpc:"key"`
	Name                string `xmlrpc:"name"`
	URL                 string `xmlrpc:"url"`
	Archived            bool   `xmlrpc:"archived"`
	UseChart            bool   `xmlrpc:"use_chart"`
	UseParentChildIssue bool   `xmlrpc:"use_parent_child_issue"`
	TextFormattingRule  string `xmlrpc:"text_formatting_rule"`
}

type kCustomField struct {
	ID          int64        `xmlrpc:"id"`
	TypeID      int64        `xmlrpc:"type_id"`
	Name        string       `xmlrpc:"name"`
	Description string       `xmlrpc:"description"`
	Required    bool         `xmlrpc:"required"`
	IssueTypes  []kIssueType `xmlrpc:"issueTypes"`
	Items       []kIDName    `xmlrpc:"items"`
}

type kComment struct {
	ID          int64   `xmlrpc:"id"`
	Content     string  `xmlrpc:"content"`
	CreatedUser kIDName `xmlrpc:"created_user"`
	CreatedOn   string  `xmlrpc:"created_on"`
}

// basicAuth adds pre-emptive Basic credentials, as the Java and Node legacy
// clients did.
type basicAuth struct {
	login, password string
	next            http.RoundTripper
}

func (b basicAuth) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.SetBasicAuth(b.login, b.password)
	return b.next.RoundTrip(r)
}

// koloClient returns a kolo client for url with login's credentials ("" for
// none) on its own transport, closed when the test ends.
func koloClient(t testing.TB, url, login, password string) *kolo.Client {
	t.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	var rt http.RoundTripper = tr
	if login != "" {
		rt = basicAuth{login, password, tr}
	}
	c, err := kolo.NewClient(url, rt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Close()
		tr.CloseIdleConnections()
	})
	return c
}

// recorder collects checks; safe for concurrent use.
type recorder struct {
	mu     sync.Mutex
	checks []Check
}

func (r *recorder) check(method, name, group string, fn func() (string, error)) {
	detail, err := fn()
	c := Check{Method: method, Group: group, Name: name, OK: err == nil, Detail: detail}
	if err != nil {
		c.Detail = err.Error()
	}
	r.mu.Lock()
	r.checks = append(r.checks, c)
	r.mu.Unlock()
}

var faultRe = regexp.MustCompile(`Fault\((-?\d+)\)`)

// faultCode extracts the fault code kolo reports through net/rpc
// ("Fault(-32601): ...").
func faultCode(err error) (int, bool) {
	if err == nil {
		return 0, false
	}
	m := faultRe.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	return n, true
}

func wantFault(err error, code int) (string, error) {
	got, ok := faultCode(err)
	if !ok {
		return "", fmt.Errorf("want fault %d, got %v", code, err)
	}
	if got != code {
		return "", fmt.Errorf("fault code %d, want %d (%v)", got, code, err)
	}
	return err.Error(), nil
}

func mismatch(what string, got, want any) error {
	return fmt.Errorf("%s: got %v, want %v", what, got, want)
}

// koloScenario runs the Go client's checks against srv.
func koloScenario(t *testing.T, srv *server, e expect) []Check {
	demo := koloClient(t, srv.URL, e.Demo.Login, e.Demo.Password)
	pid := e.Project.ID
	r := &recorder{}

	r.check("-", "no credentials: HTTP 401", "auth", func() (string, error) {
		var v any
		err := koloClient(t, srv.URL, "", "").Call("backlog.getProjects", nil, &v)
		if err == nil || !strings.Contains(err.Error(), "401") {
			return "", fmt.Errorf("want a 401 error, got %v", err)
		}
		return err.Error(), nil
	})

	r.check("backlog.getProjects", "typed []struct decode", "", func() (string, error) {
		var ps []kProject
		if err := demo.Call("backlog.getProjects", nil, &ps); err != nil {
			return "", err
		}
		var ids []int64
		for _, p := range ps {
			ids = append(ids, p.ID)
			if p.URL != e.LegacyBase+"/projects/"+p.Key {
				return "", mismatch("url", p.URL, e.LegacyBase+"/projects/"+p.Key)
			}
		}
		slices.Sort(ids)
		if !slices.Equal(ids, e.DemoProjectIDs) {
			return "", mismatch("ids", ids, e.DemoProjectIDs)
		}
		return "", nil
	})

	r.check("backlog.getIssueTypes", "typed decode", "", func() (string, error) {
		var ts []kIssueType
		if err := demo.Call("backlog.getIssueTypes", pid, &ts); err != nil {
			return "", err
		}
		var got []issueType
		for _, x := range ts {
			got = append(got, issueType(x))
		}
		if !slices.Equal(got, e.IssueTypes) {
			return "", mismatch("issue types", got, e.IssueTypes)
		}
		return "", nil
	})

	r.check("backlog.getIssue", "seed issue, typed", "", func() (string, error) {
		var is kIssue
		if err := demo.Call("backlog.getIssue", e.Issue.Key, &is); err != nil {
			return "", err
		}
		got := []any{is.ID, is.Summary, is.Status.ID, is.IssueType.ID, is.Priority.ID}
		want := []any{e.Issue.ID, e.Issue.Summary, e.Issue.StatusID, e.Issue.IssueTypeID, e.Issue.PriorityID}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return "", mismatch("issue", got, want)
		}
		return "", nil
	})

	r.check("backlog.getComments", "typed, oldest first", "", func() (string, error) {
		var cs []kComment
		if err := demo.Call("backlog.getComments", e.Issue.ID, &cs); err != nil {
			return "", err
		}
		var got []comment
		for _, c := range cs {
			got = append(got, comment{c.ID, c.Content})
		}
		if !slices.Equal(got, e.Issue.Comments) {
			return "", mismatch("comments", got, e.Issue.Comments)
		}
		return "", nil
	})

	// The workflow: create, read, update, switchStatus, comment, find, count.
	var created kIssue
	r.check("backlog.createIssue", "create with category and dates", "", func() (string, error) {
		err := demo.Call("backlog.createIssue", map[string]any{
			"projectId": pid, "summary": "interop kolo 課題", "componentId": []any{e.Components[0].ID},
			"start_date": "20300102", "due_date": "20300203", "estimated_hours": 4.5,
		}, &created)
		if err != nil {
			return "", err
		}
		if created.Status.ID != 1 || created.StartDate != "20300102" || created.DueDate != "20300203" ||
			created.EstimatedHours != 4.5 || len(created.Components) != 1 || created.Components[0].ID != e.Components[0].ID {
			return "", fmt.Errorf("created %+v", created)
		}
		return created.Key, nil
	})
	r.check("backlog.updateIssue", "summary and description", "", func() (string, error) {
		var is kIssue
		err := demo.Call("backlog.updateIssue", map[string]any{"key": created.Key, "summary": "kolo v2", "description": "<b>&amp;</b>"}, &is)
		if err != nil {
			return "", err
		}
		if is.Summary != "kolo v2" || is.Description != "<b>&amp;</b>" {
			return "", mismatch("updated", []string{is.Summary, is.Description}, []string{"kolo v2", "<b>&amp;</b>"})
		}
		return "", nil
	})
	r.check("backlog.switchStatus", "to resolved", "", func() (string, error) {
		var is kIssue
		if err := demo.Call("backlog.switchStatus", map[string]any{"key": created.Key, "statusId": 3}, &is); err != nil {
			return "", err
		}
		if is.Status.ID != 3 {
			return "", mismatch("status", is.Status.ID, 3)
		}
		return "", nil
	})
	r.check("backlog.addComment", "comment", "", func() (string, error) {
		var c kComment
		if err := demo.Call("backlog.addComment", map[string]any{"key": created.Key, "content": "kolo コメント"}, &c); err != nil {
			return "", err
		}
		if c.Content != "kolo コメント" || c.CreatedUser.ID != e.Demo.ID {
			return "", fmt.Errorf("comment %+v", c)
		}
		return "", nil
	})
	r.check("backlog.findIssue", "by category", "", func() (string, error) {
		var found []kIssue
		if err := demo.Call("backlog.findIssue", map[string]any{"projectId": pid, "componentId": e.Components[0].ID, "statusId": 3}, &found); err != nil {
			return "", err
		}
		if !slices.ContainsFunc(found, func(i kIssue) bool { return i.Key == created.Key }) {
			return "", fmt.Errorf("%s not found", created.Key)
		}
		return "", nil
	})
	r.check("backlog.countIssue", "one more issue than the seed", "", func() (string, error) {
		var n int64
		if err := demo.Call("backlog.countIssue", map[string]any{"projectId": pid}, &n); err != nil {
			return "", err
		}
		if n != e.CountTotal+1 {
			return "", mismatch("count", n, e.CountTotal+1)
		}
		return "", nil
	})

	// Administrator CRUD: a project, and a multiple-list custom field with
	// items, decoded into typed structs.
	kadmin := koloClient(t, srv.URL, e.Admin.Login, e.Admin.Password)
	var proj kAdminProject
	r.check("backlog.admin.addProject", "typed AdminProject", "", func() (string, error) {
		err := kadmin.Call("backlog.admin.addProject", map[string]any{"name": "コロ計画", "key": "KOLO", "use_chart": true}, &proj)
		if err != nil {
			return "", err
		}
		if proj.Key != "KOLO" || proj.Name != "コロ計画" || !proj.UseChart || proj.Archived || proj.URL != e.LegacyBase+"/projects/KOLO" {
			return "", fmt.Errorf("added %+v", proj)
		}
		return "", nil
	})
	r.check("backlog.admin.getProjects", "lists the new project", "", func() (string, error) {
		var ps []kAdminProject
		if err := kadmin.Call("backlog.admin.getProjects", nil, &ps); err != nil {
			return "", err
		}
		if len(ps) != len(e.AllProjectIDs)+1 || !slices.ContainsFunc(ps, func(p kAdminProject) bool { return p.ID == proj.ID }) {
			return "", fmt.Errorf("%d projects, want %d with %d", len(ps), len(e.AllProjectIDs)+1, proj.ID)
		}
		return "", nil
	})
	var cf kCustomField
	r.check("backlog.admin.addCustomField", "multiple list with items", "", func() (string, error) {
		err := kadmin.Call("backlog.admin.addCustomField", map[string]any{
			"projectId": pid, "typeId": 6, "name": "コロ複数", "issueTypes": []any{e.IssueTypes[0].ID, e.IssueTypes[1].ID},
			"items": []any{map[string]any{"name": "赤"}, map[string]any{"name": "青"}}, "required": true,
		}, &cf)
		if err != nil {
			return "", err
		}
		var items, types []string
		for _, it := range cf.Items {
			items = append(items, it.Name)
		}
		for _, it := range cf.IssueTypes {
			types = append(types, it.Name)
		}
		want := []string{e.IssueTypes[0].Name, e.IssueTypes[1].Name}
		if cf.TypeID != 6 || cf.Name != "コロ複数" || !cf.Required || !slices.Equal(items, []string{"赤", "青"}) || !slices.Equal(types, want) {
			return "", fmt.Errorf("added %+v", cf)
		}
		return "", nil
	})
	r.check("backlog.admin.updateCustomField", "rename, narrow issue types", "", func() (string, error) {
		var got kCustomField
		err := kadmin.Call("backlog.admin.updateCustomField", map[string]any{"id": cf.ID, "name": "コロ複数2", "issueTypes": []any{e.IssueTypes[0].ID}}, &got)
		if err != nil {
			return "", err
		}
		if got.ID != cf.ID || got.Name != "コロ複数2" || len(got.IssueTypes) != 1 || got.IssueTypes[0].ID != e.IssueTypes[0].ID {
			return "", fmt.Errorf("updated %+v", got)
		}
		return "", nil
	})
	r.check("backlog.getCustomFields", "issueTypeId filter sees the new field only for its type", "", func() (string, error) {
		var with, without []kCustomField
		if err := demo.Call("backlog.getCustomFields", map[string]any{"projectId": pid, "issueTypeId": e.IssueTypes[0].ID}, &with); err != nil {
			return "", err
		}
		if err := demo.Call("backlog.getCustomFields", map[string]any{"projectId": pid, "issueTypeId": e.IssueTypes[1].ID}, &without); err != nil {
			return "", err
		}
		has := func(fs []kCustomField) bool {
			return slices.ContainsFunc(fs, func(f kCustomField) bool { return f.ID == cf.ID })
		}
		if !has(with) || has(without) {
			return "", fmt.Errorf("field %d listed for type %d: %v, for type %d: %v", cf.ID, e.IssueTypes[0].ID, has(with), e.IssueTypes[1].ID, has(without))
		}
		return "", nil
	})
	r.check("backlog.admin.deleteCustomField", "delete by bare id", "", func() (string, error) {
		var got kCustomField
		if err := kadmin.Call("backlog.admin.deleteCustomField", cf.ID, &got); err != nil {
			return "", err
		}
		if got.ID != cf.ID {
			return "", mismatch("deleted", got.ID, cf.ID)
		}
		return "", nil
	})
	r.check("backlog.admin.deleteProject", "delete by bare id", "", func() (string, error) {
		var got kAdminProject
		if err := kadmin.Call("backlog.admin.deleteProject", proj.ID, &got); err != nil {
			return "", err
		}
		if got.ID != proj.ID || got.Key != "KOLO" {
			return "", fmt.Errorf("deleted %+v", got)
		}
		return "", nil
	})

	// Introspection.
	r.check("system.listMethods", "all 49 legacy methods", "", func() (string, error) {
		var ms []string
		if err := demo.Call("system.listMethods", nil, &ms); err != nil {
			return "", err
		}
		var missing []string
		for _, m := range e.LegacyMethods {
			if !slices.Contains(ms, m) {
				missing = append(missing, m)
			}
		}
		if len(missing) > 0 {
			return "", fmt.Errorf("missing %v", missing)
		}
		return "", nil
	})
	r.check("system.multicall", "a result and a fault in one call", "", func() (string, error) {
		var out []any
		calls := []any{
			map[string]any{"methodName": "backlog.getIssue", "params": []any{e.Issue.Key}},
			map[string]any{"methodName": "backlog.getHoge", "params": []any{}},
		}
		if err := demo.Call("system.multicall", []any{calls}, &out); err != nil {
			return "", err
		}
		if len(out) != 2 {
			return "", mismatch("results", len(out), 2)
		}
		first, ok := out[0].([]any)
		if !ok || len(first) != 1 {
			return "", fmt.Errorf("first result %#v is not a one-element array", out[0])
		}
		if is, _ := first[0].(map[string]any); is == nil || is["key"] != e.Issue.Key {
			return "", fmt.Errorf("first result %#v", first[0])
		}
		f, _ := out[1].(map[string]any)
		if code, _ := f["faultCode"].(int64); f == nil || code != -32601 {
			return "", fmt.Errorf("second result %#v, want fault -32601", out[1])
		}
		return "", nil
	})

	// Faults.
	r.check("-", "unknown method -> Fault(-32601)", "faults", func() (string, error) {
		var v any
		return wantFault(demo.Call("backlog.getHoge", nil, &v), -32601)
	})
	r.check("-", "countIssue({}) without projectId -> Fault(-32602)", "faults", func() (string, error) {
		var v any
		return wantFault(demo.Call("backlog.countIssue", map[string]any{}, &v), -32602)
	})
	r.check("-", "normal user on admin.getProjects -> Fault(403)", "faults", func() (string, error) {
		var v any
		return wantFault(demo.Call("backlog.admin.getProjects", nil, &v), 403)
	})
	r.check("-", "wrong password -> HTTP 401", "faults", func() (string, error) {
		var v any
		err := koloClient(t, srv.URL, e.Demo.Login, "wrong-password").Call("backlog.getProjects", nil, &v)
		if err == nil || !strings.Contains(err.Error(), "401") {
			return "", fmt.Errorf("want a 401 error, got %v", err)
		}
		return err.Error(), nil
	})

	koloConcurrency(t, srv, e, r)
	return r.checks
}

// koloConcurrency runs several clients at once, one per goroutine, two
// users interleaved: each creates issues and reads them back, and lists its
// projects. Every answer must belong to its caller (no credentials or
// results crossing between concurrent calls) and the final count must add
// up.
func koloConcurrency(t *testing.T, srv *server, e expect, r *recorder) {
	const workers, perWorker = 8, 5
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		keys  []string
		errs  []error
		pid   = e.Project.ID
		admin = koloClient(t, srv.URL, e.Admin.Login, e.Admin.Password)
	)
	var adminProjects []kProject
	if err := admin.Call("backlog.getProjects", nil, &adminProjects); err != nil {
		r.check("-", "concurrent clients", "concurrency", func() (string, error) { return "", err })
		return
	}
	for w := 0; w < workers; w++ {
		acc := account{Login: e.Demo.Login, Password: e.Demo.Password, ID: e.Demo.ID}
		wantProjects := len(e.DemoProjectIDs)
		if w%2 == 1 {
			acc = account{Login: e.Admin.Login, Password: e.Admin.Password, ID: e.Admin.ID}
			wantProjects = len(adminProjects)
		}
		c := koloClient(t, srv.URL, acc.Login, acc.Password)
		wg.Add(1)
		go func() {
			defer wg.Done()
			fail := func(err error) {
				mu.Lock()
				errs = append(errs, fmt.Errorf("worker %d (%s): %w", w, acc.Login, err))
				mu.Unlock()
			}
			for i := 0; i < perWorker; i++ {
				summary := fmt.Sprintf("kolo concurrent w%d i%d", w, i)
				var is, back kIssue
				if err := c.Call("backlog.createIssue", map[string]any{"projectId": pid, "summary": summary}, &is); err != nil {
					fail(err)
					return
				}
				if is.Summary != summary || is.CreatedUser.ID != acc.ID {
					fail(fmt.Errorf("created %q by user %d, want %q by %d", is.Summary, is.CreatedUser.ID, summary, acc.ID))
				}
				if err := c.Call("backlog.getIssue", is.Key, &back); err != nil {
					fail(err)
					return
				}
				if back.Summary != summary {
					fail(fmt.Errorf("read back %s: %q, want %q", is.Key, back.Summary, summary))
				}
				var ps []kProject
				if err := c.Call("backlog.getProjects", nil, &ps); err != nil {
					fail(err)
					return
				}
				if len(ps) != wantProjects {
					fail(fmt.Errorf("getProjects: %d projects, want %d (another user's answer?)", len(ps), wantProjects))
				}
				mu.Lock()
				keys = append(keys, is.Key)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r.check("-", fmt.Sprintf("%d clients x %d create+read+list, two users interleaved", workers, perWorker), "concurrency", func() (string, error) {
		if len(errs) > 0 {
			return "", errors.Join(errs...)
		}
		sort.Strings(keys)
		if len(slices.Compact(slices.Clone(keys))) != workers*perWorker {
			return "", fmt.Errorf("keys not unique: %v", keys)
		}
		var n int64
		if err := admin.Call("backlog.countIssue", map[string]any{"projectId": pid}, &n); err != nil {
			return "", err
		}
		// The scenario created one issue before this step.
		if want := e.CountTotal + 1 + workers*perWorker; n != want {
			return "", mismatch("count after concurrent creates", n, want)
		}
		return fmt.Sprintf("%d issues created concurrently, all read back by their creator", len(keys)), nil
	})
}
