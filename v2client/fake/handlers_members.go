package fake

import (
	"net/http"
	"slices"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

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
