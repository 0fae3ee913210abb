package methods

import (
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
)

// issueTypeColor reads and validates the color member (nil when absent and
// not required).
func issueTypeColor(a args, required bool) (*string, error) {
	s, ok, err := a.str("color")
	if err != nil {
		return nil, err
	}
	if !ok {
		if required {
			return nil, failure.Invalid("color", "required")
		}
		return nil, nil
	}
	c, valid := mapping.IssueTypeColor(strings.TrimSpace(s))
	if !valid {
		return nil, failure.Invalid("color", "%q is not an issue type colour (one of %s)", clip(s), strings.Join(mapping.IssueTypeColors, " "))
	}
	return &c, nil
}
