package methods

import (
	"context"
	"strconv"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// The steps shared by the handlers of a project's master data (issue
// types, categories, versions, custom fields, members). Each handler stays
// in its own file with its v2 calls in its doc comment; what is written
// once here is the sequence those handlers have in common:
//
//   - projectList: read a project's list with the caller's credentials and
//     refresh the catalog with it (getComponents, getIssueTypes,
//     getVersions, getUsers, the admin member methods);
//   - projectWrite: one v2 write in a project, then drop that project's
//     cached list of the kind written (the add methods);
//   - ownedWrite: the same for a write that names the entity by a bare id,
//     with the owning project found through the catalog first (update and
//     delete of issue types, categories, versions, custom fields).

// projectRef is the project parameter of a master-data read: the v2 path
// segment (an id or a key) and the numeric id (0 when a key was given).
type projectRef struct {
	idOrKey string
	id      int64
}

// projectByID is the projectRef of a numeric project id.
func projectByID(id int64) projectRef { return projectRef{idOrKey: v2client.ID(id), id: id} }

// projectParam reads the single project parameter of the master-data reads
// (getComponents, getVersions, getUsers, getIssueTypes): a bare id (int or
// digits), or a struct with projectId/project_id (py once sent a struct).
// A project key is accepted too (v2 takes either); its id is then 0.
func projectParam(params []xmlrpc.Value) (projectRef, error) {
	v, err := scalarArg(params, "projectId", "project_id")
	if err != nil {
		return projectRef{}, err
	}
	idOrKey, err := projectIDOrKey("projectId", v)
	if err != nil {
		return projectRef{}, err
	}
	id, _ := strconv.ParseInt(idOrKey, 10, 64)
	return projectRef{idOrKey: idOrKey, id: id}, nil
}

// bareID reads the single id parameter of the methods that take a bare id
// or a struct naming it (deleteVersion(1), deleteVersion({id: 1})); the
// first of names names the fault.
func bareID(params []xmlrpc.Value, names ...string) (int64, error) {
	v, err := scalarArg(params, names...)
	if err != nil {
		return 0, err
	}
	return toInt(names[0], v)
}

// projectNameArgs reads {project_id|projectId, name} (both required), the
// members every add method starts with; positional names the positional
// form (py 0.2.0 sent addComponent(project_id, name)).
func projectNameArgs(params []xmlrpc.Value, positional ...string) (a args, pid int64, name string, err error) {
	if a, err = structArgs(params, positional...); err != nil {
		return args{}, 0, "", err
	}
	if pid, err = a.reqInt("project_id", "projectId"); err != nil {
		return args{}, 0, "", err
	}
	if name, err = a.reqStr("name"); err != nil {
		return args{}, 0, "", err
	}
	return a, pid, name, nil
}

// idNameArgs reads {id, name} (both required), the members of
// updateComponent and updateVersion.
func idNameArgs(params []xmlrpc.Value) (a args, id int64, name string, err error) {
	if a, err = structArgs(params, "id", "name"); err != nil {
		return args{}, 0, "", err
	}
	if id, err = a.reqInt("id"); err != nil {
		return args{}, 0, "", err
	}
	if name, err = a.reqStr("name"); err != nil {
		return args{}, 0, "", err
	}
	return a, id, name, nil
}

// projectList reads a project's list with list (a v2client List method,
// called with the caller's client) and, when the project was given by id,
// stores it in the catalog as kind, so the next name lookup is warm.
func projectList[T any](ctx context.Context, s *Service, p projectRef, kind catalog.Kind,
	list func(ctx context.Context, projectIDOrKey string) ([]T, *v2client.Response, error)) ([]T, error) {
	l, _, err := list(ctx, p.idOrKey)
	if err != nil {
		return nil, s.fail(err)
	}
	if p.id != 0 {
		s.cat.Put(kind, p.id, l)
	}
	return l, nil
}

// projectWrite makes one v2 write in project pid (write gets the path
// segment) and, when it succeeded, drops the project's cached list of kind.
func projectWrite[T any](s *Service, kind catalog.Kind, pid int64,
	write func(projectIDOrKey string) (*T, *v2client.Response, error)) (*T, error) {
	x, _, err := write(v2client.ID(pid))
	if err != nil {
		return nil, s.fail(err)
	}
	s.cat.Invalidate(kind, pid)
	return x, nil
}

// ownedWrite is projectWrite for an entity of kind named by its bare id:
// the legacy call carries no project, v2 needs it in the path, so the
// owning project comes from the catalog's id -> project index first (cold:
// GET /api/v2/projects?all=true and that kind's list per project until the
// id turns up; warm: no call). It returns the written entity and its
// project.
func ownedWrite[T any](ctx context.Context, s *Service, cl *v2client.Client, kind catalog.Kind, id int64,
	write func(projectIDOrKey string) (*T, *v2client.Response, error)) (*T, int64, error) {
	pid, err := s.cat.FindOwner(ctx, cl, kind, id)
	if err != nil {
		return nil, 0, s.fail(err)
	}
	x, err := projectWrite(s, kind, pid, write)
	return x, pid, err
}

// ownedDelete is ownedWrite for the v2 deletes that take the project and
// the id (DeleteCategory, DeleteVersion, DeleteCustomField).
func ownedDelete[T any](ctx context.Context, s *Service, cl *v2client.Client, kind catalog.Kind, id int64,
	del func(ctx context.Context, projectIDOrKey string, id int64) (*T, *v2client.Response, error)) (*T, int64, error) {
	return ownedWrite(ctx, s, cl, kind, id, func(p string) (*T, *v2client.Response, error) { return del(ctx, p, id) })
}

// allMembers is cl's GET /projects/:p/users with every member
// (excludeGroupMembers=false), in the form projectList takes.
func allMembers(cl *v2client.Client) func(ctx context.Context, projectIDOrKey string) ([]v2client.User, *v2client.Response, error) {
	return func(ctx context.Context, p string) ([]v2client.User, *v2client.Response, error) {
		return cl.Projects.ListUsers(ctx, p, false)
	}
}

// memberArgs reads the project_id of the admin member writes
// ({project_id, user_id}, also positional).
func memberArgs(params []xmlrpc.Value) (a args, pid int64, err error) {
	if a, err = structArgs(params, "project_id", "user_id"); err != nil {
		return args{}, 0, err
	}
	if pid, err = a.reqInt("project_id", "projectId"); err != nil {
		return args{}, 0, err
	}
	return a, pid, nil
}

// changeMember is admin.addProjectUser and admin.deleteProjectUser:
// read {project_id, user_id} (numeric ids), check the caller is an
// administrator, make the one membership change (v2client's
// ProjectsService.AddUser or DeleteUser, as a method expression), drop the
// project's cached member list and answer the members after the change.
func (s *Service) changeMember(ctx context.Context, params []xmlrpc.Value,
	change func(ps *v2client.ProjectsService, ctx context.Context, projectIDOrKey string, userID int64) (*v2client.User, *v2client.Response, error)) (xmlrpc.Value, error) {
	a, pid, err := memberArgs(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	uid, err := a.reqInt("user_id", "userId")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.adminClient(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	if _, err := projectWrite(s, catalog.ProjectUsers, pid, func(p string) (*v2client.User, *v2client.Response, error) {
		return change(cl.Projects, ctx, p, uid)
	}); err != nil {
		return xmlrpc.Value{}, err
	}
	return s.projectMembers(ctx, cl, pid)
}
