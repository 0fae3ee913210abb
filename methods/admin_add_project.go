package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminAddProject is backlog.admin.addProject({name, key, use_chart?,
// use_parent_child_issue?, text_formatting_rule?}) (legacy-api.md §4.40):
// creates a project and returns the AdminProject. Unknown members (py's
// misspelt use_char) are ignored. Administrators only.
//
// Defaults (v2's official client requires all three, so they are always
// sent): use_chart false, use_parent_child_issue false,
// text_formatting_rule "backlog" — the legacy-era notation every legacy
// client was written for.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminAddProject(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	opts := &v2client.ProjectCreateOptions{TextFormattingRule: "backlog"}
	if opts.Name, err = a.reqStr("name"); err != nil {
		return xmlrpc.Value{}, err
	}
	if opts.Key, err = a.reqStr("key"); err != nil {
		return xmlrpc.Value{}, err
	}
	if opts.ChartEnabled, _, err = a.bool("use_chart"); err != nil {
		return xmlrpc.Value{}, err
	}
	if opts.SubtaskingEnabled, _, err = a.bool("use_parent_child_issue"); err != nil {
		return xmlrpc.Value{}, err
	}
	if r, ok, err := a.str("text_formatting_rule"); err != nil {
		return xmlrpc.Value{}, err
	} else if ok {
		if opts.TextFormattingRule, err = mapping.TextFormattingRule("text_formatting_rule", r); err != nil {
			return xmlrpc.Value{}, err
		}
	}
	cl, err := s.adminClient(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	p, _, err := cl.Projects.Create(ctx, opts)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	s.cat.RememberProjects(*p)
	return mapping.AdminProject(*p, s.baseURL(cl)), nil
}
