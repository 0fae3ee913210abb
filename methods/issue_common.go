package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// issueIDOrKey reads an issue id (int or digits) or key ("DEMO-12") as the
// v2 path segment.
func issueIDOrKey(member string, v xmlrpc.Value) (string, error) {
	return idOrKey(member, v, "expected an issue id or key")
}

// issueParam reads the single issue parameter of getIssue/getComments: a
// bare id or key, or a struct with one of names.
func issueParam(params []xmlrpc.Value, names ...string) (string, error) {
	v, err := scalarArg(params, names...)
	if err != nil {
		return "", err
	}
	return issueIDOrKey("issueId", v)
}

// issueKeyArg reads the required issue member (key, issueKey or issueId;
// an id or a key) of the issue writes (updateIssue, switchStatus,
// addComment).
func issueKeyArg(a args) (string, error) {
	kv, _, ok := a.get("key", "issueKey", "issueId")
	if !ok {
		return "", invalidRequired("key")
	}
	return issueIDOrKey("key", kv)
}

// commentArg reads the optional comment member of updateIssue and
// switchStatus; an empty comment is not sent (nil).
func commentArg(a args) (*string, error) {
	c, ok, err := a.str("comment")
	if err != nil || !ok || c == "" {
		return nil, err
	}
	return &c, nil
}

// renderIssue shapes an issue. When it carries custom fields, their
// definitions (description, required, allow_input) come from the catalog:
// one GET /projects/:p/customFields when cold, none when warm. If the
// definitions cannot be read (plan, permission), the values are rendered
// without those members rather than failing the call.
func (s *Service) renderIssue(ctx context.Context, e env, is *v2client.Issue) xmlrpc.Value {
	return mapping.Issue(*is, s.customFieldDefs(ctx, e, is), e.base, e.loc)
}

func (s *Service) customFieldDefs(ctx context.Context, e env, is *v2client.Issue) []v2client.CustomField {
	if len(is.CustomFields) == 0 {
		return nil
	}
	defs, err := s.cat.CustomFields(ctx, e.cl, is.ProjectID)
	if err != nil {
		return nil
	}
	return defs
}
