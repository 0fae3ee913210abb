package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminUpdateUser is backlog.admin.updateUser({id, password_md5?, name?,
// mail_address?, role?, mail_setting?, icon?}) (legacy-api.md §4.37):
// changes a user and returns the AdminUser. user_id (the login ID),
// created_on and updated_on, which py sends back, are ignored: a login ID
// cannot change. Administrators only.
//
// Gaps as addUser (checkUserGaps): password_md5 without a plain `password`
// is fault 501 (nothing is changed), icon is fault 501, mail_setting is
// ignored; a new-plan space answers fault 402. When nothing v2 can change
// was sent (e.g. only mail_setting), the user is read and returned as is.
//
// With nothing v2 can change it reads the user instead of patching it. After
// a change every project's cached member list is dropped (they carry the
// user's name and login ID).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminUpdateUser(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params, "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	id, err := a.reqInt("id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	opts := &v2client.UserUpdateOptions{}
	changed := false
	if name, ok, err := a.str("name"); err != nil {
		return xmlrpc.Value{}, err
	} else if ok {
		opts.Name, changed = &name, true
	}
	if mail, ok, err := a.str("mail_address", "mailAddress"); err != nil {
		return xmlrpc.Value{}, err
	} else if ok {
		opts.MailAddress, changed = &mail, true
	}
	if role, ok, err := a.str("role"); err != nil {
		return xmlrpc.Value{}, err
	} else if ok {
		rt, err := mapping.ParseRole("role", role)
		if err != nil {
			return xmlrpc.Value{}, err
		}
		opts.RoleType, changed = &rt, true
	}
	plain, ok, err := checkUserGaps(a)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	if ok {
		opts.Password, changed = &plain, true
	}
	cl, err := s.adminClient(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	var u *v2client.User
	if changed {
		u, _, err = cl.Users.Update(ctx, id, opts)
		if err != nil {
			return xmlrpc.Value{}, s.userAdminFail(err)
		}
		s.cat.InvalidateKind(catalog.ProjectUsers)
	} else if u, _, err = cl.Users.Get(ctx, id); err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return mapping.AdminUser(*u), nil
}
