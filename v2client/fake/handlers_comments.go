package fake

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

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
