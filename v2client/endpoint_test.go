package v2client

import "testing"

// TestAt checks that at fills a route's variables in order, escapes each
// as one path segment, keeps the template as the route, and panics on an
// argument count that does not match the variables.
func TestAt(t *testing.T) {
	for _, c := range []struct {
		route string
		args  []string
		path  string
	}{
		{"/api/v2/space", nil, "/api/v2/space"},
		{"/api/v2/issues/:issueIdOrKey", []string{"DEMO-1"}, "/api/v2/issues/DEMO-1"},
		{"/api/v2/issues/:issueIdOrKey/comments/count", []string{"12"}, "/api/v2/issues/12/comments/count"},
		{"/api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId", []string{"DEMO", "5", "7"}, "/api/v2/projects/DEMO/customFields/5/items/7"},
		{"/api/v2/projects/:projectIdOrKey/users", []string{"a/b?c#d e"}, "/api/v2/projects/a%2Fb%3Fc%23d%20e/users"},
		{"/api/v2/projects/:projectIdOrKey", []string{".."}, "/api/v2/projects/.."},
	} {
		e := at(c.route, c.args...)
		if e.route != c.route || e.path != c.path {
			t.Errorf("at(%q, %q) = %+v, want path %q", c.route, c.args, e, c.path)
		}
	}
	for _, c := range []struct {
		route string
		args  []string
	}{
		{"/api/v2/issues/:issueIdOrKey", nil},
		{"/api/v2/space", []string{"x"}},
		{"/api/v2/projects/:projectIdOrKey/versions/:id", []string{"DEMO"}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("at(%q, %q) did not panic", c.route, c.args)
				}
			}()
			at(c.route, c.args...)
		}()
	}
}
