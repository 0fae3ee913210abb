package v2client

import (
	"net/url"
	"strings"
)

// endpoint is where one v2 call goes: route is the path template
// ("/api/v2/issues/:issueIdOrKey", the bounded label of CallEvent and of
// errors), path the template with its variables filled in and escaped.
type endpoint struct{ route, path string }

// at fills the :variables of route, in order, with args, each escaped as
// one path segment (ids and keys given by the caller). The routes are
// constants of this package, so a count that does not match is a
// programming error: at panics.
func at(route string, args ...string) endpoint {
	if len(args) == 0 && !strings.Contains(route, "/:") {
		return endpoint{route, route}
	}
	var b strings.Builder
	rest := route
	for _, a := range args {
		i := strings.Index(rest, "/:")
		if i < 0 {
			panic("v2client: more arguments than variables in " + route)
		}
		b.WriteString(rest[:i+1])
		b.WriteString(url.PathEscape(a))
		rest = rest[i+1:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			rest = rest[j:]
		} else {
			rest = ""
		}
	}
	if strings.Contains(rest, "/:") {
		panic("v2client: fewer arguments than variables in " + route)
	}
	b.WriteString(rest)
	return endpoint{route, b.String()}
}
