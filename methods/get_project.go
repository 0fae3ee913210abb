package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getProject answers backlog.getProject (§4.2): param is a project id (int,
// or a string of digits) or a project key. An unknown project answers an
// empty struct, as the old server did (§1.6), not a fault.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getProject(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	v, err := scalarArg(params, "projectId", "project_id", "key", "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	idOrKey, err := projectIDOrKey("projectId", v)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	cl, err := s.client(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	p, _, err := cl.Projects.Get(ctx, idOrKey)
	if err != nil {
		err = s.fail(err)
		if failure.CodeOf(err) == failure.NotFound {
			return xmlrpc.Struct(), nil
		}
		return xmlrpc.Value{}, err
	}
	s.cat.RememberProjects(*p)
	return mapping.Project(*p, s.baseURL(cl)), nil
}
