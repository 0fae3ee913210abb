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
	if i, err := v.AsInt(); err == nil {
		if i <= 0 {
			return "", failure.Invalid(member, "must be a positive id")
		}
		return strconv.FormatInt(i, 10), nil
	}
	s, err := toString(member, v)
	s = strings.TrimSpace(s)
	if err != nil || !keyShaped(s) {
		return "", failure.Invalid(member, "expected a project id or key")
	}
	return s, nil
}
