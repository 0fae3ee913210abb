package fake

import (
	"net/http"
	"slices"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Issue role rules (decisions, README.md next to this file): administrators and normal users
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
