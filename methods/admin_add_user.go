package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminAddUser is backlog.admin.addUser({user_id, password_md5, name,
// mail_address, role, mail_setting?, icon?}) (legacy-api.md §4.36):
// creates a user and returns the AdminUser. Administrators only.
//
// Gaps (checkUserGaps): the plain password must come in a `password`
// member — password_md5 alone is fault 501; icon is fault 501;
// mail_setting is ignored. A space that refuses user administration
// through the API (new plan) answers fault 402 (PlanRestricted).
//
// Refused parameters cost one v2 call, the role check that comes first
// (methodSpec.call).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminAddUser(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	opts := &v2client.UserCreateOptions{}
	if opts.UserID, err = a.reqStr("user_id", "userId"); err != nil {
		return xmlrpc.Value{}, err
	}
	if opts.Name, err = a.reqStr("name"); err != nil {
		return xmlrpc.Value{}, err
	}
	if opts.MailAddress, err = a.reqStr("mail_address", "mailAddress"); err != nil {
		return xmlrpc.Value{}, err
	}
	role, err := a.reqStr("role")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	if opts.RoleType, err = mapping.ParseRole("role", role); err != nil {
		return xmlrpc.Value{}, err
	}
	plain, ok, err := checkUserGaps(a)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	if !ok {
		return xmlrpc.Value{}, failure.Invalid("password", "required (the plain password; password_md5 cannot be forwarded to Backlog v2)")
	}
	opts.Password = plain
	cl, err := s.adminClient(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	u, _, err := cl.Users.Create(ctx, opts)
	if err != nil {
		return xmlrpc.Value{}, s.userAdminFail(err)
	}
	return mapping.AdminUser(*u), nil
}
