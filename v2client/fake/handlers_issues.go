package fake

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Issue role rules (decisions, README.md): administrators and normal users
// add and update any issue of their projects; reporters and guest
// reporters add issues and comments and update only the issues they
// created; viewers and guest viewers only read (403 code 5 otherwise).
// Deleting an issue needs an administrator or a project administrator.

func canAdd(u *user) bool {
	return u.RoleType != v2client.RoleViewer && u.RoleType != v2client.RoleGuestViewer
}

func canEdit(u *user, is *issue) bool {
	switch u.RoleType {
	case v2client.RoleAdministrator, v2client.RoleNormalUser:
		return true
	case v2client.RoleReporter, v2client.RoleGuestReporter:
		return is.createdUserID == u.ID
	}
	return false
}

// visibleIssue resolves path variable 0 as :issueIdOrKey (lock held).
func (s *Server) visibleIssue(c *call) (*issue, *project, error) {
	is := s.st.issueByIDOrKey(c.v(0))
	if is == nil {
		return nil, nil, errNotFound("No issue.")
	}
	p := s.st.projects[is.projectID]
	if p == nil || !s.st.canSee(c.user, p) {
		return nil, nil, errNotFound("No issue.")
	}
	return is, p, nil
}

// searchIssues is the body of GET /issues and /issues/count: it parses the
// query (with or without paging), runs it under the read lock and lets
// answer render the matches while the lock is still held.
func (s *Server) searchIssues(c *call, paged bool, answer func(q *issueQuery, list []*issue) (int, any, error)) (int, any, error) {
	q, err := parseIssueQuery(c, paged)
	if err != nil {
		return 0, nil, err
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	list, _, err := s.search(c, q)
	if err != nil {
		return 0, nil, err
	}
	return answer(q, list)
}

// GET /issues (search class): every filter of §3.9, sort, order, offset,
// count (1-100, default 20), expand[]=childIssueSummary. Without
// projectId[] it searches the caller's projects; projectId[] values the
// caller cannot see match nothing. Default sort: created, desc.
func (s *Server) getIssues(c *call) (int, any, error) {
	return s.searchIssues(c, true, func(q *issueQuery, list []*issue) (int, any, error) {
		parts := make([][]byte, 0, q.count)
		size := 2
		for k := q.offset; k < len(list) && len(parts) < q.count; k++ {
			b, err := s.st.issueJSON(list[k], q.childSummary)
			if err != nil {
				return 0, nil, err
			}
			parts = append(parts, b)
			size += len(b) + 1
		}
		out := make([]byte, 0, size)
		out = append(out, '[')
		for n, b := range parts {
			if n > 0 {
				out = append(out, ',')
			}
			out = append(out, b...)
		}
		return http.StatusOK, rawJSON(append(out, ']')), nil
	})
}

// GET /issues/count (search class): the same filters, paging ignored.
func (s *Server) getIssuesCount(c *call) (int, any, error) {
	return s.searchIssues(c, false, func(_ *issueQuery, list []*issue) (int, any, error) {
		return http.StatusOK, v2client.Count{Count: int64(len(list))}, nil
	})
}

// GET /issues/:issueIdOrKey (expand[]=childIssueSummary optional).
func (s *Server) getIssue(c *call) (int, any, error) {
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	is, _, err := s.visibleIssue(c)
	if err != nil {
		return 0, nil, err
	}
	b, err := st.issueJSON(is, slices.Contains(c.form["expand[]"], "childIssueSummary"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, rawJSON(b), nil
}

// customInput is the custom-field part of a write form.
type customInput struct {
	values  []string
	other   *string
	present bool
}

var customWriteRE = regexp.MustCompile(`^customField_(\d+)(_otherValue|\[\d+\]|\[\])?$`)

// parseCustomInputs reads customField_{id} (repeated for several values),
// customField_{id}[n] (indexed, backlog-js) and customField_{id}_otherValue.
// The bracket form customField_{id}[] is refused with 400 code 7, as
// reported against the real API (backlog-mcp-server #22).
func parseCustomInputs(c *call) (map[int64]*customInput, []int64, error) {
	out := map[int64]*customInput{}
	var order []int64
	names := make([]string, 0)
	for name := range c.form {
		if strings.HasPrefix(name, "customField_") {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, compareIndexed)
	for _, name := range names {
		m := customWriteRE.FindStringSubmatch(name)
		if m == nil || m[2] == "[]" {
			return nil, nil, errInvalid("Invalid parameter: " + name)
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		in := out[id]
		if in == nil {
			in = &customInput{}
			out[id] = in
			order = append(order, id)
		}
		if m[2] == "_otherValue" {
			v := c.str(name)
			in.other = &v
			continue
		}
		in.present = true
		for _, v := range c.form[name] {
			if v != "" {
				in.values = append(in.values, v)
			}
		}
	}
	slices.Sort(order)
	return out, order, nil
}

// compareIndexed sorts names so that customField_1[2] comes before [10].
func compareIndexed(a, b string) int {
	ia, ib := strings.IndexByte(a, '['), strings.IndexByte(b, '[')
	if ia > 0 && ib > 0 && a[:ia] == b[:ib] {
		na, _ := strconv.Atoi(strings.Trim(a[ia:], "[]"))
		nb, _ := strconv.Atoi(strings.Trim(b[ib:], "[]"))
		return na - nb
	}
	return strings.Compare(a, b)
}

// customValue converts the inputs of one field to a stored value.
func customValue(cf *v2client.CustomField, in *customInput, old *cfValue) (*cfValue, error) {
	v := &cfValue{}
	if old != nil {
		v.other = old.other
		if !in.present {
			*v = *old
			v.items = slices.Clone(old.items)
		}
	}
	name := "customField_" + itoa(cf.ID)
	if in.other != nil {
		if cf.AllowInput == nil || !*cf.AllowInput {
			return nil, errInvalid("The custom field does not accept other values: " + name)
		}
		v.other = in.other
		if *in.other == "" {
			v.other = nil
		}
	}
	if !in.present || len(in.values) == 0 {
		return v, nil
	}
	if !cf.TypeID.IsMulti() && len(in.values) > 1 {
		return nil, errInvalid("Only one value is allowed: " + name)
	}
	raw := in.values[0]
	switch cf.TypeID {
	case v2client.CustomFieldText, v2client.CustomFieldSentence:
		v.text = &raw
	case v2client.CustomFieldNumeric:
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return nil, errInvalid("Invalid " + name + ": " + raw)
		}
		if cf.Min != nil && f < *cf.Min || cf.Max != nil && f > *cf.Max {
			return nil, errInvalid("Out of range " + name + ": " + raw)
		}
		v.number = &f
	case v2client.CustomFieldDate:
		t, err := parseDate(name, raw)
		if err != nil {
			return nil, err
		}
		if cf.MinDate != nil && t.Before(cf.MinDate.Time()) || cf.MaxDate != nil && t.After(cf.MaxDate.Time()) {
			return nil, errInvalid("Out of range " + name + ": " + raw)
		}
		v.date = t
	default:
		v.items = nil
		for _, s := range in.values {
			id, err := parseID(name, s)
			if err != nil {
				return nil, err
			}
			if cfItem(cf, id) == nil {
				return nil, errInvalid("No item " + s + " in " + name)
			}
			if !slices.Contains(v.items, id) {
				v.items = append(v.items, id)
			}
		}
	}
	return v, nil
}

func (v *cfValue) empty() bool {
	return v == nil || v.text == nil && v.number == nil && v.date == nil && len(v.items) == 0 && v.other == nil
}

// applyIssueParams applies the POST/PATCH parameters present in c to a
// copy of base (project p) and validates the references: unknown issue
// types, priorities, statuses, resolutions, categories, versions, users
// and parents are 400 code 7. An empty value clears a clearable field.
func (s *Server) applyIssueParams(c *call, p *project, base *issue, create bool) (*issue, error) {
	st := s.st
	is := *base
	is.categoryIDs, is.versionIDs, is.milestoneIDs = slices.Clone(base.categoryIDs), slices.Clone(base.versionIDs), slices.Clone(base.milestoneIDs)
	is.custom = map[int64]*cfValue{}
	for k, v := range base.custom {
		is.custom[k] = v
	}
	if c.has("summary") {
		v := c.str("summary")
		if strings.TrimSpace(v) == "" {
			return nil, errInvalid("Please specify summary.")
		}
		if len([]rune(v)) > 255 {
			return nil, errInvalid("summary is too long (255 characters at most).")
		}
		is.summary = v
	}
	if c.has("description") {
		is.description = c.str("description")
	}
	for _, f := range []struct {
		name  string
		dst   *int64
		check func(int64) bool
	}{
		{"issueTypeId", &is.issueTypeID, func(id int64) bool { return p.issueType(id) != nil }},
		{"priorityId", &is.priorityID, func(id int64) bool { return st.priority(id) != nil }},
		{"statusId", &is.statusID, func(id int64) bool { return p.status(id) != nil }},
	} {
		if create && f.name == "statusId" {
			continue // not a parameter of POST /issues: new issues are 未対応
		}
		v, present, err := c.intParam(f.name)
		if err != nil {
			return nil, err
		}
		if !present {
			continue
		}
		if v == nil {
			return nil, errInvalid("Please specify " + f.name + ".")
		}
		if !f.check(*v) {
			return nil, errInvalid("Invalid " + f.name + ": " + itoa(*v))
		}
		*f.dst = *v
	}
	for _, f := range []struct {
		name  string
		dst   **int64
		check func(int64) bool
	}{
		{"resolutionId", &is.resolutionID, func(id int64) bool { return st.resolution(id) != nil }},
		{"assigneeId", &is.assigneeID, func(id int64) bool {
			u := st.users[id]
			return u != nil && !u.deleted && p.isMember(id)
		}},
		{"parentIssueId", &is.parentID, func(id int64) bool { return true }},
	} {
		if create && f.name == "resolutionId" {
			continue // not a parameter of POST /issues
		}
		v, present, err := c.intParam(f.name)
		if err != nil {
			return nil, err
		}
		if !present {
			continue
		}
		if v != nil && !f.check(*v) {
			return nil, errInvalid("Invalid " + f.name + ": " + itoa(*v))
		}
		*f.dst = v
	}
	if is.parentID != nil && (base.parentID == nil || *base.parentID != *is.parentID) {
		if err := s.checkParent(p, &is); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		name  string
		dst   *[]int64
		check func(int64) bool
	}{
		{"categoryId[]", &is.categoryIDs, func(id int64) bool { return p.category(id) != nil }},
		{"versionId[]", &is.versionIDs, func(id int64) bool { return p.version(id) != nil }},
		{"milestoneId[]", &is.milestoneIDs, func(id int64) bool { return p.version(id) != nil }},
	} {
		ids, present, err := c.ints(f.name)
		if err != nil {
			return nil, err
		}
		if !present {
			continue
		}
		var clean []int64
		for _, id := range ids {
			if !f.check(id) {
				return nil, errInvalid("Invalid " + f.name + ": " + itoa(id))
			}
			if !slices.Contains(clean, id) {
				clean = append(clean, id)
			}
		}
		*f.dst = clean
	}
	for _, f := range []struct {
		name string
		dst  **time.Time
	}{{"startDate", &is.startDate}, {"dueDate", &is.dueDate}} {
		t, present, err := c.dateParam(f.name)
		if err != nil {
			return nil, err
		}
		if present {
			*f.dst = t
		}
	}
	if is.startDate != nil && is.dueDate != nil && is.dueDate.Before(*is.startDate) {
		return nil, errInvalid("dueDate must not be before startDate.")
	}
	for _, f := range []struct {
		name string
		dst  **float64
	}{{"estimatedHours", &is.estimatedHours}, {"actualHours", &is.actualHours}} {
		v, present, err := c.floatParam(f.name)
		if err != nil {
			return nil, err
		}
		if !present {
			continue
		}
		if v != nil && (*v < 0 || *v > 99999.99) {
			return nil, errInvalid("Out of range " + f.name + ".")
		}
		*f.dst = v
	}
	for _, name := range []string{"notifiedUserId[]", "attachmentId[]"} {
		if _, _, err := c.ints(name); err != nil {
			return nil, err
		}
	}
	inputs, order, err := parseCustomInputs(c)
	if err != nil {
		return nil, err
	}
	for _, id := range order {
		cf := p.customField(id)
		if cf == nil {
			return nil, errInvalid("No custom field: " + itoa(id))
		}
		v, err := customValue(cf, inputs[id], is.custom[id])
		if err != nil {
			return nil, err
		}
		if v.empty() {
			delete(is.custom, id)
		} else {
			is.custom[id] = v
		}
	}
	for _, cf := range p.customFields {
		if cf.Required && applies(cf, is.issueTypeID) && is.custom[cf.ID].empty() && (create || inputs[cf.ID] != nil) {
			return nil, errInvalid("Please specify customField_" + itoa(cf.ID) + " (" + cf.Name + ").")
		}
	}
	return &is, nil
}

// checkParent validates parentIssueId: the project must enable subtasking,
// the parent must be in the same project, not the issue itself, and (unless
// grandchild issues are enabled) not a child itself.
func (s *Server) checkParent(p *project, is *issue) error {
	if !p.SubtaskingEnabled {
		return errInvalid("Subtasking is not enabled in the project.")
	}
	parent := s.st.issues[*is.parentID]
	if parent == nil || parent.projectID != p.ID || parent.id == is.id {
		return errInvalid("Invalid parentIssueId: " + itoa(*is.parentID))
	}
	if parent.parentID != nil && (p.GrandchildIssueEnabled == nil || !*p.GrandchildIssueEnabled) {
		return errInvalid("The parent issue is a child issue.")
	}
	for _, other := range s.st.issues {
		if other.parentID != nil && *other.parentID == is.id && is.id != 0 {
			if p.GrandchildIssueEnabled == nil || !*p.GrandchildIssueEnabled {
				return errInvalid("An issue with child issues cannot become a child issue.")
			}
		}
	}
	return nil
}

// POST /issues: projectId, summary, issueTypeId and priorityId are
// required (400 code 7); an unknown or invisible project is 404 code 6;
// viewers get 403 code 5; required custom fields that apply to the issue
// type must be given. Answers 201 with Location https://host/view/KEY and
// records an "issue created" activity.
func (s *Server) postIssue(c *call) (int, any, error) {
	for _, name := range []string{"projectId", "summary", "issueTypeId", "priorityId"} {
		if _, err := c.required(name); err != nil {
			return 0, nil, err
		}
	}
	pid, err := c.requiredInt("projectId")
	if err != nil {
		return 0, nil, err
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	p := st.projects[pid]
	if p == nil || !st.canSee(c.user, p) {
		return 0, nil, errNotFound("No project.")
	}
	if !canAdd(c.user) {
		return 0, nil, errForbidden()
	}
	base := &issue{projectID: p.ID, statusID: v2client.StatusOpen, createdUserID: c.user.ID, updatedUserID: c.user.ID,
		created: c.now, updated: c.now, custom: map[int64]*cfValue{}}
	is, err := s.applyIssueParams(c, p, base, true)
	if err != nil {
		return 0, nil, err
	}
	is.id = st.newID()
	is.keyID = p.nextKeyID
	p.nextKeyID++
	st.issues[is.id] = is
	st.issueOrder = append(st.issueOrder, is.id)
	st.issuesByPK[p.ID][is.keyID] = is
	st.record(c, p.ID, v2client.ActivityIssueCreated, issueContent(is))
	c.h.Set("Location", baseURL(c.r)+"/view/"+issueKey(p, is))
	return http.StatusCreated, st.renderIssue(is, false), nil
}

// issueContent is the part of an issue activity that names the issue: id,
// key id, and copies of its summary and description.
func issueContent(is *issue) v2client.ActivityContent {
	summary, desc := is.summary, is.description
	return v2client.ActivityContent{ID: is.id, KeyID: is.keyID, Summary: &summary, Description: &desc}
}

// PATCH /issues/:issueIdOrKey: every parameter optional; an empty value
// clears; multi-valued ones replace the list; comment adds a comment. A
// change or a comment records a comment with the change log (status,
// resolution, ... by name) and an "issue updated" activity (status by id).
func (s *Server) patchIssue(c *call) (int, any, error) {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	old, p, err := s.visibleIssue(c)
	if err != nil {
		return 0, nil, err
	}
	if !canEdit(c.user, old) {
		return 0, nil, errForbidden()
	}
	is, err := s.applyIssueParams(c, p, old, false)
	if err != nil {
		return 0, nil, err
	}
	logs, changes := st.diffIssue(p, old, is)
	text := c.str("comment")
	if len(logs) == 0 && text == "" {
		return http.StatusOK, st.renderIssue(old, false), nil
	}
	is.updated, is.updatedUserID = c.now, c.user.ID
	*old = *is
	cm := &comment{id: st.newID(), issueID: old.id, projectID: p.ID, content: &text, changeLog: logs,
		createdUserID: c.user.ID, created: c.now, updated: c.now}
	st.addComment(cm)
	content := issueContent(old)
	content.Comment = &v2client.ActivityComment{ID: cm.id, Content: text}
	content.Changes, content.Attachments = changes, []v2client.Attachment{}
	st.record(c, p.ID, v2client.ActivityIssueUpdated, content)
	return http.StatusOK, st.renderIssue(old, false), nil
}

// diffIssue lists what changed, as comment change-log entries (names) and
// activity changes (status as id, the rest as names). Field names follow
// Backlog's (UNCONFIRMED list, README.md): summary, description,
// issueType, status, resolution, priority, assigner, startDate,
// limitDate, estimatedHours, actualHours, component, version, milestone,
// parentIssue; a custom field uses its name and carries attributeInfo.
func (st *store) diffIssue(p *project, a, b *issue) ([]v2client.ChangeLog, []v2client.ActivityChange) {
	var logs []v2client.ChangeLog
	changes := []v2client.ActivityChange{}
	add := func(field, oldV, newV, oldAct, newAct string, attr *v2client.AttributeInfo) {
		if oldV == newV {
			return
		}
		o, n := oldV, newV
		logs = append(logs, v2client.ChangeLog{Field: field, NewValue: &n, OriginalValue: &o, AttributeInfo: attr})
		typ := "standard"
		if attr != nil {
			typ = "customAttribute"
		}
		changes = append(changes, v2client.ActivityChange{Field: field, NewValue: newAct, OldValue: oldAct, Type: typ})
	}
	same := func(field, o, n string) { add(field, o, n, o, n, nil) }
	same("summary", a.summary, b.summary)
	same("description", a.description, b.description)
	same("issueType", issueTypes.nameOf(p, a.issueTypeID), issueTypes.nameOf(p, b.issueTypeID))
	add("status", statuses.nameOf(p, a.statusID), statuses.nameOf(p, b.statusID), itoa(a.statusID), itoa(b.statusID), nil)
	resName := func(id *int64) string {
		if id == nil {
			return ""
		}
		if r := st.resolution(*id); r != nil {
			return r.Name
		}
		return ""
	}
	same("resolution", resName(a.resolutionID), resName(b.resolutionID))
	prioName := func(id int64) string {
		if x := st.priority(id); x != nil {
			return x.Name
		}
		return ""
	}
	same("priority", prioName(a.priorityID), prioName(b.priorityID))
	userName := func(id *int64) string {
		if id == nil || st.users[*id] == nil {
			return ""
		}
		return st.users[*id].Name
	}
	same("assigner", userName(a.assigneeID), userName(b.assigneeID))
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(v2client.DateLayout)
	}
	same("startDate", day(a.startDate), day(b.startDate))
	same("limitDate", day(a.dueDate), day(b.dueDate))
	num := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	same("estimatedHours", num(a.estimatedHours), num(b.estimatedHours))
	same("actualHours", num(a.actualHours), num(b.actualHours))
	same("component", categories.namesOf(p, a.categoryIDs), categories.namesOf(p, b.categoryIDs))
	same("version", versions.namesOf(p, a.versionIDs), versions.namesOf(p, b.versionIDs))
	same("milestone", versions.namesOf(p, a.milestoneIDs), versions.namesOf(p, b.milestoneIDs))
	parentKey := func(id *int64) string {
		if id == nil || st.issues[*id] == nil {
			return ""
		}
		return issueKey(p, st.issues[*id])
	}
	same("parentIssue", parentKey(a.parentID), parentKey(b.parentID))
	for _, cf := range p.customFields {
		o, n := customText(cf, a.custom[cf.ID]), customText(cf, b.custom[cf.ID])
		add(cf.Name, o, n, o, n, &v2client.AttributeInfo{ID: cf.ID, TypeID: int64(cf.TypeID)})
	}
	return logs, changes
}

// customText renders a custom value for change logs.
func customText(cf *v2client.CustomField, v *cfValue) string {
	if v == nil {
		return ""
	}
	var parts []string
	switch {
	case v.text != nil:
		parts = append(parts, *v.text)
	case v.number != nil:
		parts = append(parts, strconv.FormatFloat(*v.number, 'f', -1, 64))
	case v.date != nil:
		parts = append(parts, v.date.Format(v2client.DateLayout))
	}
	for _, id := range v.items {
		if it := cfItem(cf, id); it != nil {
			parts = append(parts, it.Name)
		}
	}
	if v.other != nil {
		parts = append(parts, *v.other)
	}
	return strings.Join(parts, ", ")
}

// DELETE /issues/:issueIdOrKey: administrators and project administrators;
// answers the deleted issue and records an "issue deleted" activity.
func (s *Server) deleteIssue(c *call) (int, any, error) {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	is, p, err := s.visibleIssue(c)
	if err != nil {
		return 0, nil, err
	}
	if !st.isProjectAdmin(c.user, p) {
		return 0, nil, errForbidden()
	}
	out := st.renderIssue(is, false)
	st.removeIssue(is)
	st.record(c, p.ID, v2client.ActivityIssueDeleted, v2client.ActivityContent{ID: is.id, KeyID: is.keyID})
	return http.StatusOK, out, nil
}

// --- comments ---

// GET /issues/:k/comments: minId, maxId (exclusive), count (1-100, default
// 20), order (default desc).
func (s *Server) getComments(c *call) (int, any, error) {
	count, asc, minID, maxID, err := c.pageParams()
	if err != nil {
		return 0, nil, err
	}
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	is, _, err := s.visibleIssue(c)
	if err != nil {
		return 0, nil, err
	}
	list := st.issueComments[is.id]
	out := []v2client.Comment{}
	n := len(list)
	for k := 0; k < n && len(out) < count; k++ {
		cm := list[n-1-k]
		if asc {
			cm = list[k]
		}
		if (minID != nil && cm.id <= *minID) || (maxID != nil && cm.id >= *maxID) {
			continue
		}
		out = append(out, st.renderComment(cm))
	}
	return http.StatusOK, out, nil
}

// GET /issues/:k/comments/count.
func (s *Server) getCommentsCount(c *call) (int, any, error) {
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	is, _, err := s.visibleIssue(c)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, v2client.Count{Count: int64(len(st.issueComments[is.id]))}, nil
}

// visibleComment resolves path variables 0 and 1 as :issueIdOrKey and
// :commentId, a comment of that issue (lock held); else 404.
func (s *Server) visibleComment(c *call) (*issue, *comment, error) {
	is, _, err := s.visibleIssue(c)
	if err != nil {
		return nil, nil, err
	}
	id, err := strconv.ParseInt(c.v(1), 10, 64)
	if err != nil {
		return nil, nil, errNotFound("No comment.")
	}
	cm := s.st.comments[id]
	if cm == nil || cm.issueID != is.id {
		return nil, nil, errNotFound("No comment.")
	}
	return is, cm, nil
}

// GET /issues/:k/comments/:commentId.
func (s *Server) getComment(c *call) (int, any, error) {
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	_, cm, err := s.visibleComment(c)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, st.renderComment(cm), nil
}

// POST /issues/:k/comments: content required; viewers get 403 code 5.
// 201 with Location https://host/view/KEY#comment-ID; the issue's
// updated/updatedUser move and a "comment added" activity is recorded.
func (s *Server) postComment(c *call) (int, any, error) {
	content, err := c.required("content")
	if err != nil {
		return 0, nil, err
	}
	for _, name := range []string{"notifiedUserId[]", "attachmentId[]"} {
		if _, _, err := c.ints(name); err != nil {
			return 0, nil, err
		}
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	is, p, err := s.visibleIssue(c)
	if err != nil {
		return 0, nil, err
	}
	if !canAdd(c.user) {
		return 0, nil, errForbidden()
	}
	cm := &comment{id: st.newID(), issueID: is.id, projectID: p.ID, content: &content, changeLog: []v2client.ChangeLog{},
		createdUserID: c.user.ID, created: c.now, updated: c.now}
	st.addComment(cm)
	is.updated, is.updatedUserID = c.now, c.user.ID
	act := issueContent(is)
	act.Comment = &v2client.ActivityComment{ID: cm.id, Content: content}
	st.record(c, p.ID, v2client.ActivityIssueCommented, act)
	c.h.Set("Location", baseURL(c.r)+"/view/"+issueKey(p, is)+"#comment-"+itoa(cm.id))
	return http.StatusCreated, st.renderComment(cm), nil
}

// PATCH /issues/:k/comments/:commentId: content required; only its author.
func (s *Server) patchComment(c *call) (int, any, error) {
	content, err := c.required("content")
	if err != nil {
		return 0, nil, err
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	_, cm, err := s.visibleComment(c)
	if err != nil {
		return 0, nil, err
	}
	if cm.createdUserID != c.user.ID {
		return 0, nil, errForbidden()
	}
	cm.content, cm.updated = &content, c.now
	return http.StatusOK, st.renderComment(cm), nil
}

// DELETE /issues/:k/comments/:commentId: its author or an administrator.
func (s *Server) deleteComment(c *call) (int, any, error) {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	is, cm, err := s.visibleComment(c)
	if err != nil {
		return 0, nil, err
	}
	if cm.createdUserID != c.user.ID && c.user.RoleType != v2client.RoleAdministrator {
		return 0, nil, errForbidden()
	}
	out := st.renderComment(cm)
	delete(st.comments, cm.id)
	st.issueComments[is.id] = slices.DeleteFunc(st.issueComments[is.id], func(x *comment) bool { return x.id == cm.id })
	return http.StatusOK, out, nil
}
