package methods

import (
	"context"
	"errors"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// Helpers shared by the handlers (project configuration, users,
// summaries, timeline and backlog.admin.*).

// requireAdmin checks that the caller is a space administrator, as the
// legacy server did for every backlog.admin.* method (legacy-api.md §1.2,
// [LIVE b4j]: a normal user got an error). v2 alone would not enforce it:
// GET /projects?all=true silently answers only the joined projects to a
// non-administrator, and project administrators may list users.
//
// It runs before the handler reads any parameter (methodSpec.call), so a
// non-administrator gets fault 403 whatever the parameters, never a
// parameter fault describing a request they may not make; every admin.*
// request, malformed ones included, costs this one check.
//
// v2: GET /api/v2/users/myself (one read call per admin.* request; the
// answer is the caller's, so it is not shared through the catalog).
func (s *Service) requireAdmin(ctx context.Context, cl *v2client.Client) error {
	admin, err := isAdministrator(ctx, cl)
	if err != nil {
		return s.fail(err)
	}
	if !admin {
		return failure.New(failure.PermissionDenied, "backlog.admin.* methods are for space administrators only")
	}
	return nil
}

// isAdministrator is THE role test of the legacy administrators' methods
// and pages: the user of cl has Backlog's space-administrator role
// (GET /api/v2/users/myself, roleType 1).
func isAdministrator(ctx context.Context, cl *v2client.Client) (bool, error) {
	me, _, err := cl.Users.Myself(ctx)
	if err != nil {
		return false, err
	}
	return me.RoleType == v2client.RoleAdministrator, nil
}

// adminCheckedKey carries, in the context of a backlog.admin.* handler,
// the client methodSpec.call has verified as an administrator's.
type adminCheckedKey struct{}

// isAdminMethod reports whether name is a backlog.admin.* method, whose
// caller's role is checked before its parameters.
func isAdminMethod(name string) bool { return strings.HasPrefix(name, "backlog.admin.") }

// call runs the row's handler; for a backlog.admin.* method, requireAdmin
// runs first, before any parameter is read, and the verified client is
// handed to the handler (adminClient) so the check costs one v2 call.
func (m methodSpec) call(s *Service, ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	if isAdminMethod(m.name) {
		cl, err := s.client(ctx)
		if err != nil {
			return xmlrpc.Value{}, err
		}
		if err := s.requireAdmin(ctx, cl); err != nil {
			return xmlrpc.Value{}, err
		}
		ctx = context.WithValue(ctx, adminCheckedKey{}, cl)
	}
	return m.handler(s, ctx, params)
}

// adminClient returns the request's client once the caller is known to be
// an administrator: the client methodSpec.call verified, or, for a handler
// called otherwise, the request's client after requireAdmin.
func (s *Service) adminClient(ctx context.Context) (*v2client.Client, error) {
	if cl, ok := ctx.Value(adminCheckedKey{}).(*v2client.Client); ok {
		return cl, nil
	}
	cl, err := s.client(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.requireAdmin(ctx, cl); err != nil {
		return nil, err
	}
	return cl, nil
}

// adminEnv is env after requireAdmin, for the admin methods that render
// timestamps (the custom-field methods).
func (s *Service) adminEnv(ctx context.Context) (env, error) {
	if _, err := s.adminClient(ctx); err != nil {
		return env{}, err
	}
	return s.env(ctx)
}

// userAdminFail classifies an error of POST/PATCH/DELETE /users. The caller
// has already been verified as a space administrator, so a refusal with
// Backlog error code 5 (UnauthorizedOperation) or 2 (Licence) can only mean
// that the space does not allow user administration through the API
// (new-plan spaces, v2-api.md §1.10): it is reported as PlanRestricted (fault
// 402) rather than as a permission problem of the caller.
func (s *Service) userAdminFail(err error) error {
	var ae *v2client.APIError
	if errors.As(err, &ae) && (ae.HasCode(v2client.CodeUnauthorizedOperationError) || ae.HasCode(v2client.CodeLicenceError)) {
		return failure.Wrap(failure.PlanRestricted, err, "this Backlog space does not allow user administration through the API (new-plan spaces manage users in Nulab Account)")
	}
	return s.fail(err)
}
