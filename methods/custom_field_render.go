package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// renderCustomField renders a definition with the project's issue types
// (cached) for its issueTypes member.
func (s *Service) renderCustomField(ctx context.Context, e env, pid int64, cf v2client.CustomField) (xmlrpc.Value, error) {
	types, err := s.cat.IssueTypes(ctx, e.cl, pid)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return mapping.CustomFieldDef(cf, types, e.loc), nil
}
