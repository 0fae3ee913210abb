package interop

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// The facts the client scripts compare their results with are derived here
// from the demo seed (fake.DefaultSeed, the data --demo serves), translated
// into the legacy shapes by this independent code rather than by the
// server's mapping package, so a mapping bug cannot hide itself. The scripts
// read them from the JSON file named by INTEROP_EXPECT.

// legacyHost is the host of legacy url fields in demo mode.
const legacyHost = "https://demo.backlog.jp"

// Demo accounts (cmd/backlog-xmlrpc --demo): login/password.
const (
	demoLogin, demoPassword   = "demo", "demo"
	adminLogin, adminPassword = "admin", "admin"
)

// Facts about the demo seed the scenarios check against; JSON member names
// are what the scripts read.
type expect struct {
	LegacyBase string     `json:"legacy_base"`
	Demo       account    `json:"demo"`
	Admin      account    `json:"admin"`
	Project    projectRef `json:"project"`
	// DemoProjectIDs are the projects demo has joined, archived included:
	// what getProjects and getProjectSummaries list for it.
	DemoProjectIDs []int64 `json:"demo_project_ids"`
	AllProjectIDs  []int64 `json:"all_project_ids"`

	IssueTypes []issueType `json:"issue_types"`
	Components []idName    `json:"components"`
	Versions   []version   `json:"versions"`
	Members    []idName    `json:"members"`

	Issue  issueFacts  `json:"issue"`
	Parent parentFacts `json:"parent"`

	CountTotal    int64            `json:"count_total"`
	CountByStatus map[string]int64 `json:"count_by_status"`

	Statuses      []idName `json:"statuses"`
	Priorities    []idName `json:"priorities"`
	Resolutions   []idName `json:"resolutions"`
	ActivityTypes []idName `json:"activity_types"`

	CFProject cfProject `json:"cf_project"`

	AllUsers         []adminUser `json:"all_users"`
	DeletableUser    adminUser   `json:"deletable_user"`
	DeletableProject projectRef  `json:"deletable_project"`

	LegacyMethods []string `json:"legacy_methods"`
}

type account struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	ID       int64  `json:"id"`
	Name     string `json:"name"`
}

type projectRef struct {
	ID   int64  `json:"id"`
	Key  string `json:"key"`
	Name string `json:"name"`
}

type idName struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type issueType struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Color string `json:"color"`
}

type version struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Date string `json:"date"`
}

type comment struct {
	ID      int64  `json:"id"`
	Content string `json:"content"`
}

type issueFacts struct {
	ID          int64     `json:"id"`
	Key         string    `json:"key"`
	Summary     string    `json:"summary"`
	StatusID    int64     `json:"status_id"`
	IssueTypeID int64     `json:"issue_type_id"`
	PriorityID  int64     `json:"priority_id"`
	Comments    []comment `json:"comments"`
}

type parentFacts struct {
	ID       int64    `json:"id"`
	Key      string   `json:"key"`
	Children []string `json:"children"`
}

type cfField struct {
	ID           int64   `json:"id"`
	TypeID       int64   `json:"type_id"`
	Name         string  `json:"name"`
	IssueTypeIDs []int64 `json:"issue_type_ids"`
}

type cfProject struct {
	ID                int64     `json:"id"`
	Fields            []cfField `json:"fields"`
	FilterIssueTypeID int64     `json:"filter_issue_type_id"`
}

type adminUser struct {
	ID     int64  `json:"id"`
	UserID string `json:"user_id"`
	Role   string `json:"role"`
}

// legacyRoles are the §2.3 role strings by v2 roleType.
var legacyRoles = map[v2client.RoleType]string{
	1: "admin", 2: "normal-user", 3: "reporter", 4: "viewer", 5: "guest-reporter", 6: "guest-viewer",
}

// legacyDate renders a v2 date-only value as YYYYMMDD ("" when unset).
func legacyDate(d *v2client.Date) string {
	if d == nil || d.IsZero() {
		return ""
	}
	return d.Time().UTC().Format("20060102")
}

// buildExpect derives the scenario facts from seed: the DEMO project (key
// "DEMO") is the one every scenario works in.
func buildExpect(t testing.TB, seed *fake.Seed) expect {
	t.Helper()
	e := expect{LegacyBase: legacyHost, LegacyMethods: LegacyMethods(), CountByStatus: map[string]int64{}}
	users := map[int64]fake.SeedUser{}
	for _, u := range seed.Users {
		users[u.ID] = u
		acc := account{Password: u.Password, ID: u.ID, Name: u.Name, Login: u.UserID}
		switch u.UserID {
		case demoLogin:
			e.Demo = acc
		case adminLogin:
			e.Admin = acc
		}
		e.AllUsers = append(e.AllUsers, adminUser{ID: u.ID, UserID: u.UserID, Role: legacyRoles[u.RoleType]})
	}
	if e.Demo.ID == 0 || e.Admin.ID == 0 {
		t.Fatalf("seed has no %q or %q user", demoLogin, adminLogin)
	}
	// The account to delete: the last user that is neither demo account.
	for i := len(e.AllUsers) - 1; i >= 0; i-- {
		if u := e.AllUsers[i]; u.ID != e.Demo.ID && u.ID != e.Admin.ID {
			e.DeletableUser = u
			break
		}
	}

	var demoProject *fake.SeedProject
	for i := range seed.Projects {
		p := &seed.Projects[i]
		e.AllProjectIDs = append(e.AllProjectIDs, p.ID)
		if slices.Contains(p.Members, e.Demo.ID) {
			e.DemoProjectIDs = append(e.DemoProjectIDs, p.ID)
		} else {
			e.DeletableProject = projectRef{ID: p.ID, Key: p.ProjectKey, Name: p.Name}
		}
		if p.ProjectKey == "DEMO" {
			demoProject = p
		}
		if len(p.CustomFields) > len(e.CFProject.Fields) {
			e.CFProject = cfProject{ID: p.ID, Fields: nil}
			for _, f := range p.CustomFields {
				e.CFProject.Fields = append(e.CFProject.Fields, cfField{ID: f.ID, TypeID: int64(f.TypeID), Name: f.Name, IssueTypeIDs: nonNil(f.ApplicableIssueTypes)})
			}
		}
	}
	if demoProject == nil {
		t.Fatal("seed has no DEMO project")
	}
	dp := demoProject
	e.Project = projectRef{ID: dp.ID, Key: dp.ProjectKey, Name: dp.Name}
	for _, it := range dp.IssueTypes {
		e.IssueTypes = append(e.IssueTypes, issueType{ID: it.ID, Name: it.Name, Color: it.Color})
	}
	for _, c := range dp.Categories {
		e.Components = append(e.Components, idName{c.ID, c.Name})
	}
	for _, v := range dp.Versions {
		e.Versions = append(e.Versions, version{ID: v.ID, Name: v.Name, Date: legacyDate(v.ReleaseDueDate)})
	}
	for _, id := range dp.Members {
		e.Members = append(e.Members, idName{id, users[id].Name})
	}
	// The custom-field filter: an issue type that some field does not apply to.
	for _, f := range e.CFProject.Fields {
		if len(f.IssueTypeIDs) > 0 {
			e.CFProject.FilterIssueTypeID = f.IssueTypeIDs[0]
			break
		}
	}

	keyOf := map[int64]string{}
	for _, is := range seed.Issues {
		if is.ProjectID != dp.ID {
			continue
		}
		keyOf[is.ID] = dp.ProjectKey + "-" + strconv.FormatInt(is.KeyID, 10)
		e.CountTotal++
		e.CountByStatus[strconv.FormatInt(is.StatusID, 10)]++
	}
	for s := 1; s <= 4; s++ { // every legacy status has an entry, even at 0
		e.CountByStatus[strconv.Itoa(s)] += 0
	}
	// The issue: the DEMO issue with the most comments; the parent: the one
	// with the most children.
	comments := map[int64][]comment{}
	for _, c := range seed.Comments {
		if c.Content != nil {
			comments[c.IssueID] = append(comments[c.IssueID], comment{c.ID, *c.Content})
		}
	}
	children := map[int64][]string{}
	for _, is := range seed.Issues {
		if is.ParentIssueID != nil && is.ProjectID == dp.ID {
			children[*is.ParentIssueID] = append(children[*is.ParentIssueID], keyOf[is.ID])
		}
	}
	for _, is := range seed.Issues {
		if is.ProjectID != dp.ID {
			continue
		}
		if len(comments[is.ID]) > len(e.Issue.Comments) {
			e.Issue = issueFacts{ID: is.ID, Key: keyOf[is.ID], Summary: is.Summary, StatusID: is.StatusID,
				IssueTypeID: is.IssueTypeID, PriorityID: is.PriorityID, Comments: comments[is.ID]}
		}
		if len(children[is.ID]) > len(e.Parent.Children) {
			e.Parent = parentFacts{ID: is.ID, Key: keyOf[is.ID], Children: children[is.ID]}
		}
	}

	for _, s := range seed.Statuses {
		e.Statuses = append(e.Statuses, idName{s.ID, s.Name})
	}
	for _, p := range seed.Priorities {
		e.Priorities = append(e.Priorities, idName{p.ID, p.Name})
	}
	for _, r := range seed.Resolutions {
		e.Resolutions = append(e.Resolutions, idName{r.ID, r.Name})
	}
	// Fixed by the legacy API (legacy-api.md §2.3, §4.29), not by the seed.
	e.ActivityTypes = []idName{{1, "課題"}, {2, "更新"}, {3, "コメント"}}
	return e
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// writeExpect writes the facts for the scripts and returns the file name.
func writeExpect(t testing.TB) (string, expect) {
	t.Helper()
	e := buildExpect(t, fake.DefaultSeed())
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "expect.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, e
}

// TestExpectFacts guards the derivation itself: the scenarios need a seed
// issue with comments, a parent with children, custom fields, members, a
// user and a project they may delete.
func TestExpectFacts(t *testing.T) {
	e := buildExpect(t, fake.DefaultSeed())
	switch {
	case len(e.Issue.Comments) == 0:
		t.Error("no DEMO issue with comments")
	case len(e.Parent.Children) == 0:
		t.Error("no DEMO parent issue with children")
	case len(e.CFProject.Fields) == 0 || e.CFProject.FilterIssueTypeID == 0:
		t.Error("no project with issue-type-specific custom fields")
	case len(e.Members) < 2 || len(e.Versions) < 2 || len(e.Components) < 2:
		t.Error("DEMO needs at least 2 members, versions and components")
	case e.DeletableUser.ID == 0 || e.DeletableProject.ID == 0:
		t.Error("no deletable user or project outside demo's projects")
	case len(e.LegacyMethods) != 49:
		t.Errorf("matrix knows %d legacy methods, want 49", len(e.LegacyMethods))
	}
}
