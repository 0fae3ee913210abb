package fake

import (
	"cmp"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Role rules of the project endpoints (decisions; Backlog's pages leave the
// configuration writes UNCONFIRMED, see README.md):
//   - a project is visible to its members and to administrators; anyone
//     else gets 404 code 6 "No project." (Backlog does not reveal it);
//   - creating and deleting projects: administrators;
//   - updating the project, its members and administrators, issue types,
//     categories, versions, statuses and custom fields: administrators and
//     that project's administrators; others 403 code 5.

// visibleProject resolves path variable i as :projectIdOrKey (lock held).
func (s *Server) visibleProject(c *call, i int) (*project, error) {
	p := s.st.projectByIDOrKey(c.v(i))
	if p == nil || !s.st.canSee(c.user, p) {
		return nil, errNotFound("No project.")
	}
	return p, nil
}

// adminProject is visibleProject plus the project-administrator check.
func (s *Server) adminProject(c *call, i int) (*project, error) {
	p, err := s.visibleProject(c, i)
	if err != nil {
		return nil, err
	}
	if !s.st.isProjectAdmin(c.user, p) {
		return nil, errForbidden()
	}
	return p, nil
}

// GET /projects: the caller's projects (administrators: every project with
// all=true); archived=true/false filters.
func (s *Server) getProjects(c *call) (int, any, error) {
	archived, err := c.boolParam("archived")
	if err != nil {
		return 0, nil, err
	}
	all, err := c.boolParam("all")
	if err != nil {
		return 0, nil, err
	}
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	everything := all != nil && *all && c.user.RoleType == v2client.RoleAdministrator
	out := []v2client.Project{}
	for _, p := range st.sortedProjects() {
		if !everything && !p.isMember(c.user.ID) {
			continue
		}
		if archived != nil && p.Archived != *archived {
			continue
		}
		out = append(out, st.renderProject(p))
	}
	return http.StatusOK, out, nil
}

func (st *store) sortedProjects() []*project {
	out := make([]*project, 0, len(st.projectOrder))
	for _, id := range st.projectOrder {
		out = append(out, st.projects[id])
	}
	slices.SortStableFunc(out, func(a, b *project) int {
		if c := cmp.Compare(a.DisplayOrder, b.DisplayOrder); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// GET /projects/:projectIdOrKey.
func (s *Server) getProject(c *call) (int, any, error) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	p, err := s.visibleProject(c, 0)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.st.renderProject(p), nil
}

var projectKeyRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,24}$`)

var projectFlags = []string{"chartEnabled", "useResolvedForChart", "subtaskingEnabled", "grandchildIssueEnabled",
	"projectLeaderCanEditProjectLeader", "useWiki", "useFileSharing", "useWikiTreeView", "useOriginalImageSizeAtWiki",
	"useDevAttributes", "archived"}

// applyProjectParams sets the optional project parameters present in c.
func applyProjectParams(c *call, p *v2client.Project, patch bool) error {
	for _, name := range projectFlags {
		if name == "archived" && !patch {
			continue
		}
		b, err := c.boolParam(name)
		if err != nil {
			return err
		}
		if b == nil {
			continue
		}
		switch name {
		case "chartEnabled":
			p.ChartEnabled = *b
		case "useResolvedForChart":
			p.UseResolvedForChart = *b
		case "subtaskingEnabled":
			p.SubtaskingEnabled = *b
		case "grandchildIssueEnabled":
			p.GrandchildIssueEnabled = b
		case "projectLeaderCanEditProjectLeader":
			p.ProjectLeaderCanEditProjectLeader = *b
		case "useWiki":
			p.UseWiki = *b
		case "useFileSharing":
			p.UseFileSharing = *b
		case "useWikiTreeView":
			p.UseWikiTreeView = *b
		case "useOriginalImageSizeAtWiki":
			p.UseOriginalImageSizeAtWiki = *b
		case "useDevAttributes":
			p.UseDevAttributes = *b
		case "archived":
			p.Archived = *b
		}
	}
	for _, name := range []string{"useDocument", "useSubversion", "useGit"} {
		b, err := c.boolParam(name)
		if err != nil {
			return err
		}
		if b != nil {
			switch name {
			case "useDocument":
				p.UseDocument = b
			case "useSubversion":
				p.UseSubversion = b
			case "useGit":
				p.UseGit = b
			}
		}
	}
	if c.has("textFormattingRule") {
		switch v := c.str("textFormattingRule"); v {
		case "backlog", "markdown":
			p.TextFormattingRule = v
		default:
			return errInvalid("Invalid textFormattingRule: " + v)
		}
	}
	return nil
}

func (st *store) keyTaken(key string, except int64) bool {
	for _, p := range st.projects {
		if p.ProjectKey == key && p.ID != except {
			return true
		}
	}
	return false
}

// defaultIssueTypes are the issue types of a new project (legacy §2.3).
var defaultIssueTypes = []struct{ name, color string }{
	{"バグ", "#990000"}, {"タスク", "#7ea800"}, {"要望", "#ff9200"}, {"その他", "#2779ca"},
}

// POST /projects: administrators; name and key required (key: upper-case
// letter first, then upper-case letters, digits, "_", at most 25; a taken
// key is 400 code 7). The creator joins; the project gets the default issue
// types and the built-in statuses. 201.
func (s *Server) postProject(c *call) (int, any, error) {
	if c.user.RoleType != v2client.RoleAdministrator {
		return 0, nil, errForbidden()
	}
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	key, err := c.required("key")
	if err != nil {
		return 0, nil, err
	}
	if !projectKeyRE.MatchString(key) {
		return 0, nil, errInvalid("Invalid key: " + key)
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.keyTaken(key, 0) {
		return 0, nil, errInvalid("The project key is already used: " + key)
	}
	p := &project{Project: v2client.Project{ID: st.newID(), ProjectKey: key, Name: name, TextFormattingRule: "markdown",
		UseWiki: true, UseFileSharing: true, UseDevAttributes: true, DisplayOrder: 2147483646,
		UseSubversion: new(bool), UseGit: new(bool), UseDocument: new(bool), GrandchildIssueEnabled: new(bool)},
		members: []int64{c.user.ID}, admins: map[int64]bool{}, nextKeyID: 1}
	if err := applyProjectParams(c, &p.Project, false); err != nil {
		st.nextID--
		return 0, nil, err
	}
	for k, d := range defaultIssueTypes {
		p.issueTypes = append(p.issueTypes, &v2client.IssueType{ID: st.newID(), ProjectID: p.ID, Name: d.name, Color: d.color, DisplayOrder: int64(k)})
	}
	st.addBuiltinStatuses(p)
	st.projects[p.ID] = p
	st.projectOrder = append(st.projectOrder, p.ID)
	st.issuesByPK[p.ID] = map[int64]*issue{}
	c.h.Set("Location", baseURL(c.r)+"/projects/"+key)
	return http.StatusCreated, st.renderProject(p), nil
}

// PATCH /projects/:projectIdOrKey: name, key (re-keys the issues, as
// Backlog does), the switches, archived, textFormattingRule.
func (s *Server) patchProject(c *call) (int, any, error) {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	p, err := s.adminProject(c, 0)
	if err != nil {
		return 0, nil, err
	}
	next := p.Project
	if c.has("name") {
		if next.Name = c.str("name"); strings.TrimSpace(next.Name) == "" {
			return 0, nil, errInvalid("Please specify name.")
		}
	}
	if c.has("key") {
		key := c.str("key")
		if !projectKeyRE.MatchString(key) {
			return 0, nil, errInvalid("Invalid key: " + key)
		}
		if st.keyTaken(key, p.ID) {
			return 0, nil, errInvalid("The project key is already used: " + key)
		}
		next.ProjectKey = key
	}
	if err := applyProjectParams(c, &next, true); err != nil {
		return 0, nil, err
	}
	p.Project = next
	return http.StatusOK, st.renderProject(p), nil
}

// DELETE /projects/:projectIdOrKey: administrators; removes the project
// with its issues and answers it.
func (s *Server) deleteProject(c *call) (int, any, error) {
	if c.user.RoleType != v2client.RoleAdministrator {
		return 0, nil, errForbidden()
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	p, err := s.visibleProject(c, 0)
	if err != nil {
		return 0, nil, err
	}
	for _, is := range st.issuesByPK[p.ID] {
		st.removeIssue(is)
	}
	delete(st.issuesByPK, p.ID)
	delete(st.projects, p.ID)
	st.projectOrder = slices.DeleteFunc(st.projectOrder, func(id int64) bool { return id == p.ID })
	st.activities = slices.DeleteFunc(st.activities, func(a *activity) bool { return a.projectID == p.ID })
	return http.StatusOK, st.renderProject(p), nil
}
