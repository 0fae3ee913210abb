package fake

import (
	"cmp"
	"net/http"
	"regexp"
	"slices"
	"strconv"
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

// --- members and administrators ---

// GET /projects/:p/users (excludeGroupMembers accepted; the fake has no teams).
func (s *Server) getProjectUsers(c *call) (int, any, error) { return s.projectUsers(c, false) }

// GET /projects/:p/administrators.
func (s *Server) getProjectAdmins(c *call) (int, any, error) { return s.projectUsers(c, true) }

// projectUsers answers the members of the project of path variable 0 (in
// the order they joined), or only its administrators.
func (s *Server) projectUsers(c *call, admins bool) (int, any, error) {
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	p, err := s.visibleProject(c, 0)
	if err != nil {
		return 0, nil, err
	}
	out := []userWire{}
	for _, id := range p.members {
		if !admins || p.admins[id] {
			out = append(out, st.userFull(st.users[id]))
		}
	}
	return http.StatusOK, out, nil
}

// changeMembers is the body of the four writes on a project's members and
// administrators: with the write lock held, it resolves the project of
// path variable 0 (as its administrator) and the form's userId (numeric)
// as an existing user (an unknown one is 400 code 7 "No user.", as in the
// error fixture), lets apply change the project, and answers the user.
func (s *Server) changeMembers(c *call, apply func(p *project, u *user) error) (int, any, error) {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	p, err := s.adminProject(c, 0)
	if err != nil {
		return 0, nil, err
	}
	id, err := c.requiredInt("userId")
	if err != nil {
		return 0, nil, err
	}
	u := st.users[id]
	if u == nil || u.deleted {
		return 0, nil, errInvalid("No user.")
	}
	if err := apply(p, u); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, st.userFull(u), nil
}

// POST /projects/:p/users (userId): adds a member, answers the user (200).
// An existing member is 400 code 7.
func (s *Server) postProjectUser(c *call) (int, any, error) {
	return s.changeMembers(c, func(p *project, u *user) error {
		if p.isMember(u.ID) {
			return errInvalid("The user is already a member of the project.")
		}
		p.members = append(p.members, u.ID)
		s.st.record(c, p.ID, v2client.ActivityProjectUserAdded, v2client.ActivityContent{Users: []v2client.User{*s.st.userRef(u.ID)}})
		return nil
	})
}

// DELETE /projects/:p/users (form userId): removes a member, answers the
// user. A non-member is 400 code 7.
func (s *Server) deleteProjectUser(c *call) (int, any, error) {
	return s.changeMembers(c, func(p *project, u *user) error {
		if !p.isMember(u.ID) {
			return errInvalid("The user is not a member of the project.")
		}
		p.members = slices.DeleteFunc(p.members, func(id int64) bool { return id == u.ID })
		delete(p.admins, u.ID)
		s.st.record(c, p.ID, v2client.ActivityProjectUserRemoved, v2client.ActivityContent{Users: []v2client.User{*s.st.userRef(u.ID)}})
		return nil
	})
}

// POST /projects/:p/administrators (userId, a member).
func (s *Server) postProjectAdmin(c *call) (int, any, error) {
	return s.changeMembers(c, func(p *project, u *user) error {
		if !p.isMember(u.ID) {
			return errInvalid("The user is not a member of the project.")
		}
		p.admins[u.ID] = true
		return nil
	})
}

// DELETE /projects/:p/administrators (form userId).
func (s *Server) deleteProjectAdmin(c *call) (int, any, error) {
	return s.changeMembers(c, func(p *project, u *user) error {
		if !p.admins[u.ID] {
			return errInvalid("The user is not an administrator of the project.")
		}
		delete(p.admins, u.ID)
		return nil
	})
}

// --- issue types ---
//
// GET /projects/:p/issueTypes is issueTypes.get (display order).

// issueTypeColors is the palette of issue types (§2.4).
var issueTypeColors = []string{"#e30000", "#990000", "#934981", "#814fbc", "#2779ca", "#007e9a", "#7ea800", "#ff9200", "#ff3265", "#666665"}

// statusColors is the palette of custom statuses (§2.7).
var statusColors = []string{"#ea2c00", "#e87758", "#e07b9a", "#868cb7", "#3b9dbd", "#4caf93", "#b0be3c", "#eda62a", "#f42858", "#393939"}

// colorParam reads color, which must be one of palette (any case):
// (lower-cased color, sent, error); required makes its absence 400 code 7.
func colorParam(c *call, palette []string, required bool) (string, bool, error) {
	if !c.has("color") {
		if required {
			return "", false, errInvalid("Please specify color.")
		}
		return "", false, nil
	}
	v := strings.ToLower(c.str("color"))
	if !slices.Contains(palette, v) {
		return "", true, errInvalid("Invalid color: " + c.str("color"))
	}
	return v, true, nil
}

// pathEntityID parses the :id segment (i) as an id; garbage is 404.
func pathEntityID(c *call, i int, what string) (int64, error) {
	id, err := strconv.ParseInt(c.v(i), 10, 64)
	if err != nil {
		return 0, errNotFound("No " + what + ".")
	}
	return id, nil
}

// optString is the parameter name when it is sent (even empty), else nil.
func optString(c *call, name string) *string {
	if !c.has(name) {
		return nil
	}
	v := c.str(name)
	return &v
}

// POST /projects/:p/issueTypes: name and color (palette) required; a
// name already used in the project is 400 code 7. 200 (doc example).
func (s *Server) postIssueType(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	color, _, err := colorParam(c, issueTypeColors, true)
	if err != nil {
		return 0, nil, err
	}
	return issueTypes.add(s, c, name, func(p *project) (*v2client.IssueType, error) {
		return &v2client.IssueType{ID: s.st.newID(), ProjectID: p.ID, Name: name, Color: color,
			DisplayOrder:        nextOrder(p.issueTypes, func(t *v2client.IssueType) int64 { return t.DisplayOrder }),
			TemplateSummary:     optString(c, "templateSummary"),
			TemplateDescription: optString(c, "templateDescription")}, nil
	})
}

// PATCH /projects/:p/issueTypes/:id: name, color, templateSummary,
// templateDescription (all optional).
func (s *Server) patchIssueType(c *call) (int, any, error) {
	color, hasColor, err := colorParam(c, issueTypeColors, false)
	if err != nil {
		return 0, nil, err
	}
	return issueTypes.change(s, c, func(p *project, it *v2client.IssueType) error {
		if err := issueTypes.applyName(c, p, it); err != nil {
			return err
		}
		if hasColor {
			it.Color = color
		}
		if v := optString(c, "templateSummary"); v != nil {
			it.TemplateSummary = v
		}
		if v := optString(c, "templateDescription"); v != nil {
			it.TemplateDescription = v
		}
		return nil
	})
}

// DELETE /projects/:p/issueTypes/:id: substituteIssueTypeId (another type
// of the project) is required; the issues of the deleted type move to it.
func (s *Server) deleteIssueType(c *call) (int, any, error) {
	return issueTypes.change(s, c, func(p *project, it *v2client.IssueType) error {
		id := it.ID
		sub, err := c.requiredInt("substituteIssueTypeId")
		if err != nil {
			return err
		}
		if sub == id || p.issueType(sub) == nil {
			return errInvalid("Invalid substituteIssueTypeId: " + itoa(sub))
		}
		for _, is := range s.st.issuesByPK[p.ID] {
			if is.issueTypeID == id {
				is.issueTypeID = sub
			}
		}
		for _, cf := range p.customFields {
			cf.ApplicableIssueTypes = slices.DeleteFunc(cf.ApplicableIssueTypes, func(t int64) bool { return t == id })
		}
		issueTypes.remove(p, id)
		return nil
	})
}

// --- categories ---
//
// GET /projects/:p/categories is categories.get.

// POST /projects/:p/categories: name required and unique in the project.
func (s *Server) postCategory(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	return categories.add(s, c, name, func(p *project) (*v2client.Category, error) {
		return &v2client.Category{ID: s.st.newID(), ProjectID: p.ID, Name: name,
			DisplayOrder: nextOrder(p.categories, func(t *v2client.Category) int64 { return t.DisplayOrder })}, nil
	})
}

// PATCH /projects/:p/categories/:id: name (optional per the doc; when sent
// it must not be empty).
func (s *Server) patchCategory(c *call) (int, any, error) {
	return categories.change(s, c, func(p *project, ct *v2client.Category) error {
		return categories.applyName(c, p, ct)
	})
}

// DELETE /projects/:p/categories/:id: also removed from the issues.
func (s *Server) deleteCategory(c *call) (int, any, error) {
	return categories.change(s, c, func(p *project, ct *v2client.Category) error {
		for _, is := range s.st.issuesByPK[p.ID] {
			is.categoryIDs = slices.DeleteFunc(is.categoryIDs, func(x int64) bool { return x == ct.ID })
		}
		categories.remove(p, ct.ID)
		return nil
	})
}

// --- versions / milestones ---
//
// GET /projects/:p/versions is versions.get (archived ones included).

// versionParams applies description, startDate, releaseDueDate (empty
// clears) and, on PATCH, archived.
func versionParams(c *call, v *v2client.Version, patch bool) error {
	if c.has("description") {
		d := c.str("description")
		v.Description = &d
	}
	for _, name := range []string{"startDate", "releaseDueDate"} {
		t, present, err := c.dateParam(name)
		if err != nil {
			return err
		}
		if !present {
			continue
		}
		if name == "startDate" {
			v.StartDate = dateOf(t)
		} else {
			v.ReleaseDueDate = dateOf(t)
		}
	}
	if v.StartDate != nil && v.ReleaseDueDate != nil && v.ReleaseDueDate.Time().Before(v.StartDate.Time()) {
		return errInvalid("releaseDueDate must not be before startDate.")
	}
	if patch {
		b, err := c.boolParam("archived")
		if err != nil {
			return err
		}
		if b != nil {
			v.Archived = *b
		}
	}
	return nil
}

// POST /projects/:p/versions: name required (unique), description,
// startDate, releaseDueDate.
func (s *Server) postVersion(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	return versions.add(s, c, name, func(p *project) (*v2client.Version, error) {
		v := &v2client.Version{ProjectID: p.ID, Name: name,
			DisplayOrder: nextOrder(p.versions, func(t *v2client.Version) int64 { return t.DisplayOrder })}
		if err := versionParams(c, v, false); err != nil {
			return nil, err
		}
		v.ID = s.st.newID()
		return v, nil
	})
}

// PATCH /projects/:p/versions/:id: name is required even here (§3.6).
func (s *Server) patchVersion(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	return versions.change(s, c, func(p *project, v *v2client.Version) error {
		if err := versions.checkName(p, name, v.ID); err != nil {
			return err
		}
		next := *v
		next.Name = name
		if err := versionParams(c, &next, true); err != nil {
			return err
		}
		*v = next
		return nil
	})
}

// DELETE /projects/:p/versions/:id: also removed from issues' versions and
// milestones.
func (s *Server) deleteVersion(c *call) (int, any, error) {
	return versions.change(s, c, func(p *project, v *v2client.Version) error {
		gone := func(x int64) bool { return x == v.ID }
		for _, is := range s.st.issuesByPK[p.ID] {
			is.versionIDs = slices.DeleteFunc(is.versionIDs, gone)
			is.milestoneIDs = slices.DeleteFunc(is.milestoneIDs, gone)
		}
		versions.remove(p, v.ID)
		return nil
	})
}

// --- statuses ---
//
// GET /projects/:p/statuses is statuses.get: built-ins 1-4 and the custom
// ones, by display order.

// POST /projects/:p/statuses: name and color (custom palette) required;
// placed before 完了 (Closed), at most 8 custom statuses.
func (s *Server) postStatus(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	color, _, err := colorParam(c, statusColors, true)
	if err != nil {
		return 0, nil, err
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	p, err := s.adminProject(c, 0)
	if err != nil {
		return 0, nil, err
	}
	if len(p.statuses) >= 12 {
		return 0, nil, errInvalid("No more statuses can be added.")
	}
	if err := statuses.checkName(p, name, 0); err != nil {
		return 0, nil, err
	}
	closed := p.status(v2client.StatusClosed)
	order := nextOrder(p.statuses, func(t *v2client.Status) int64 {
		if t.ID == v2client.StatusClosed {
			return 0
		}
		return t.DisplayOrder
	})
	if closed != nil && order >= closed.DisplayOrder {
		closed.DisplayOrder = order + 1
	}
	x := &v2client.Status{ID: st.newID(), ProjectID: p.ID, Name: name, Color: color, DisplayOrder: order}
	p.statuses = append(p.statuses, x)
	sortStatuses(p.statuses)
	return http.StatusOK, *x, nil
}

// PATCH /projects/:p/statuses/:id: name, color of a custom status; the
// built-in statuses 1-4 cannot be changed (400 code 7).
func (s *Server) patchStatus(c *call) (int, any, error) {
	color, hasColor, err := colorParam(c, statusColors, false)
	if err != nil {
		return 0, nil, err
	}
	return statuses.change(s, c, func(p *project, x *v2client.Status) error {
		if x.ID <= 4 {
			return errInvalid("Built-in statuses cannot be changed.")
		}
		if err := statuses.applyName(c, p, x); err != nil {
			return err
		}
		if hasColor {
			x.Color = color
		}
		return nil
	})
}

// DELETE /projects/:p/statuses/:id: custom statuses only;
// substituteStatusId required (issues move there).
func (s *Server) deleteStatus(c *call) (int, any, error) {
	return statuses.change(s, c, func(p *project, x *v2client.Status) error {
		id := x.ID
		if id <= 4 {
			return errInvalid("Built-in statuses cannot be deleted.")
		}
		sub, err := c.requiredInt("substituteStatusId")
		if err != nil {
			return err
		}
		if sub == id || p.status(sub) == nil {
			return errInvalid("Invalid substituteStatusId: " + itoa(sub))
		}
		for _, is := range s.st.issuesByPK[p.ID] {
			if is.statusID == id {
				is.statusID = sub
			}
		}
		statuses.remove(p, id)
		return nil
	})
}
