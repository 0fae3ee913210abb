package methods

import (
	"strconv"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// projectIDOrKey reads a project id (int or digits) or key as the v2 path
// segment.
func projectIDOrKey(member string, v xmlrpc.Value) (string, error) {
	return idOrKey(member, v, "expected a project id or key")
}

// idOrKey reads a positive id (int or digits) or a key-shaped string
// ("DEMO", "DEMO-12") as a v2 path segment; wrong is the fault message for
// anything else.
func idOrKey(member string, v xmlrpc.Value, wrong string) (string, error) {
	if i, err := v.AsInt(); err == nil {
		if i <= 0 {
			return "", failure.Invalid(member, "must be a positive id")
		}
		return strconv.FormatInt(i, 10), nil
	}
	s, err := toString(member, v)
	s = strings.TrimSpace(s)
	if err != nil || !keyShaped(s) {
		return "", failure.Invalid(member, "%s", wrong)
	}
	return s, nil
}
