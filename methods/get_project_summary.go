package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// getProjectSummary is backlog.getProjectSummary(projectId) (legacy-api.md
// §4.25, §3.15): {id, name, key, url, statuses: [{id, name, count}],
// milestones: [{id, name, due_date, statuses}], current_milestone?}. The
// param is an id (also a project key, or {projectId|project_id}).
//
// Decisions (mapping/summary.go): statuses are the built-ins 1-4 followed by
// the project's custom statuses with their real ids; milestones are the
// non-archived versions; current_milestone is the first whose
// start..due period holds today in the space zone, omitted when none;
// burndown_chart is never sent (v2 has no chart image). An unknown project
// is a NotFound fault.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) getProjectSummary(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	v, err := scalarArg(params, "projectId", "project_id", "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	idOrKey, err := toString("projectId", v)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	p, _, err := e.cl.Projects.Get(ctx, idOrKey)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.RememberProjects(*p)
	return s.summarize(ctx, e, *p)
}
