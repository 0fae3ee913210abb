package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getProjectSummaries is backlog.getProjectSummaries() (legacy-api.md
// §4.26): the ProjectSummary of every project the caller has joined
// (archived ones included, like getProjects), in v2's project order.
//
// v2 calls: GET /api/v2/projects, then per project what getProjectSummary
// makes after its GET /projects/:p (statuses and versions cached, one
// GET /issues/count, then the cheaper strategy). Rate-limit heavy by
// nature: a space with P projects costs at least P search calls.
func (s *Service) getProjectSummaries(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	projects, _, err := e.cl.Projects.List(ctx, nil)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.RememberProjects(projects...)
	out := make([]xmlrpc.Value, 0, len(projects))
	for _, p := range projects {
		v, err := s.summarize(ctx, e, p)
		if err != nil {
			return xmlrpc.Value{}, err
		}
		out = append(out, v)
	}
	return xmlrpc.Array(out...), nil
}
