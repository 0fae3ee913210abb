package methods

import (
	"context"
	"strconv"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// resolveUser finds the user named by the legacy getUser/getUserIcon
// parameter: a numeric id (<int>, or a string of digits — rb and py send
// "123") or a login ID string (legacy-api.md §4.27). The param may also be
// a struct {id|user_id}.
//
// v2 calls, by id: GET /api/v2/users/:userId. By login ID: GET
// /api/v2/users/myself first (the caller asking for themself costs nothing
// more); then, for an administrator, GET /api/v2/users (admin-only in v2);
// for anyone else the members of the caller's projects (GET /projects, then
// the catalog's GET /projects/:p/users per project until found — cached).
// An unknown user is a NotFound fault (not an empty struct: that legacy
// quirk is documented for getProject/getIssue only).
func (s *Service) resolveUser(ctx context.Context, cl *v2client.Client, params []xmlrpc.Value) (*v2client.User, error) {
	v, err := scalarArg(params, "id", "user_id", "userId")
	if err != nil {
		return nil, err
	}
	text := strings.TrimSpace(v.Text())
	if v.Kind() == xmlrpc.KindInt || v.Kind() == xmlrpc.KindDouble || isDigits(text) {
		id, err := toInt("id", v)
		if err != nil {
			return nil, err
		}
		u, _, err := cl.Users.Get(ctx, id)
		if err != nil {
			return nil, s.fail(err)
		}
		return u, nil
	}
	if v.Kind() != xmlrpc.KindString || text == "" {
		return nil, failure.Invalid("id", "expected a user id or login ID, got %s", v.Kind())
	}
	me, _, err := cl.Users.Myself(ctx)
	if err != nil {
		return nil, s.fail(err)
	}
	if me.UserID == text {
		return me, nil
	}
	if me.RoleType == v2client.RoleAdministrator {
		users, _, err := cl.Users.List(ctx)
		if err != nil {
			return nil, s.fail(err)
		}
		for i := range users {
			if users[i].UserID == text {
				return &users[i], nil
			}
		}
		return nil, failure.New(failure.NotFound, "no user with login ID %q", clip(text))
	}
	projects, _, err := cl.Projects.List(ctx, nil)
	if err != nil {
		return nil, s.fail(err)
	}
	s.cat.RememberProjects(projects...)
	for _, p := range projects {
		members, err := s.cat.ProjectUsers(ctx, cl, p.ID)
		if err != nil {
			continue // a project whose members we may not read
		}
		for i := range members {
			if members[i].UserID == text {
				return &members[i], nil
			}
		}
	}
	return nil, failure.New(failure.NotFound, "no user with login ID %q among the members of your projects", clip(text))
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil && s[0] != '-' && s[0] != '+'
}

// userIDForIcon returns the numeric id for getUserIcon without a user
// look-up when the param already is a number (the icon call itself then
// answers NotFound for an unknown id).
func (s *Service) userIDForIcon(ctx context.Context, cl *v2client.Client, params []xmlrpc.Value) (int64, error) {
	v, err := scalarArg(params, "id", "user_id", "userId")
	if err != nil {
		return 0, err
	}
	if v.Kind() == xmlrpc.KindInt || isDigits(strings.TrimSpace(v.Text())) {
		return toInt("id", v)
	}
	u, err := s.resolveUser(ctx, cl, params)
	if err != nil {
		return 0, err
	}
	return u.ID, nil
}
