package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminUpdateProject is backlog.admin.updateProject({id, name?, key?,
// use_chart?, use_parent_child_issue?, text_formatting_rule?, archived?})
// (legacy-api.md §4.41): changes a project and returns the AdminProject.
// Absent members are left unchanged. Administrators only.
//
// The project's cached lists and key are dropped (its key may have changed).
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminUpdateProject(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params, "id")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	id, err := a.reqInt("id", "project_id", "projectId")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	opts := &v2client.ProjectUpdateOptions{}
	strOpt := func(dst **string, names ...string) error {
		s, ok, err := a.str(names...)
		if ok {
			*dst = &s
		}
		return err
	}
	boolOpt := func(dst **bool, names ...string) error {
		b, ok, err := a.bool(names...)
		if ok {
			*dst = &b
		}
		return err
	}
	for _, err := range []error{
		strOpt(&opts.Name, "name"), strOpt(&opts.Key, "key"),
		boolOpt(&opts.ChartEnabled, "use_chart"), boolOpt(&opts.SubtaskingEnabled, "use_parent_child_issue"),
		boolOpt(&opts.Archived, "archived"),
	} {
		if err != nil {
			return xmlrpc.Value{}, err
		}
	}
	if r, ok, err := a.str("text_formatting_rule"); err != nil {
		return xmlrpc.Value{}, err
	} else if ok {
		rule, err := mapping.TextFormattingRule("text_formatting_rule", r)
		if err != nil {
			return xmlrpc.Value{}, err
		}
		opts.TextFormattingRule = &rule
	}
	cl, err := s.adminClient(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	p, _, err := cl.Projects.Update(ctx, v2client.ID(id), opts)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.InvalidateProject(id)
	s.cat.RememberProjects(*p)
	return mapping.AdminProject(*p, s.baseURL(cl)), nil
}
