package fake

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// recTB is a TB that records instead of failing, to test the check itself.
type recTB struct {
	errs     []string
	cleanups []func()
}

func (r *recTB) Helper()                        {}
func (r *recTB) Cleanup(f func())               { r.cleanups = append(r.cleanups, f) }
func (r *recTB) Errorf(format string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(format, a...)) }
func (r *recTB) finish() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

// TestUndocumentedParamsFailTheTest: a parameter the route's documentation
// does not give (a typo such as "summry", the bracket form of a custom
// field on a search's text condition, a made-up one) is recorded, and
// CheckDocumentedParams fails the test naming route and parameter; the
// documented ones, apiKey and the official custom-field forms are not.
func TestUndocumentedParamsFailTheTest(t *testing.T) {
	e := newEnv(t)
	tb := &recTB{}
	e.s.CheckDocumentedParams(tb)
	// Documented: no report.
	e.do("GET", "/api/v2/issues", keyDemo, url.Values{"projectId[]": {"1"}, "count": {"5"}, "customField_1[]": {"2"}, "customField_2_min": {"1"}})
	e.do("GET", "/api/v2/projects", keyDemo, url.Values{"archived": {"false"}, "all": {"true"}})
	e.do("GET", "/api/v2/issues/count", keyDemo, url.Values{"offset": {"0"}, "count": {"100"}, "sort": {"created"}})
	if got := e.s.UndocumentedParams(); len(got) != 0 {
		t.Fatalf("documented parameters reported: %v", got)
	}
	// Undocumented: reported even when the call succeeds or is refused.
	e.do("POST", "/api/v2/issues", keyDemo, url.Values{"projectId": {"1"}, "summry": {"x"}, "issueTypeId": {"1"}, "priorityId": {"3"}})
	e.do("GET", "/api/v2/projects", keyDemo, url.Values{"archive": {"false"}})
	e.do("PATCH", "/api/v2/projects/DEMO/versions/1", keyAdmin, url.Values{"name": {"v"}, "releaseDate": {"2024-01-01"}})
	tb.finish()
	want := []string{"POST /api/v2/issues: summry", "GET /api/v2/projects: archive", "PATCH /api/v2/projects/:projectIdOrKey/versions/:id: releaseDate"}
	all := strings.Join(tb.errs, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("check did not report %q; reported:\n%s", w, all)
		}
	}
	for _, p := range e.s.UndocumentedParams() {
		if name := p[strings.LastIndex(p, ": ")+2:]; name == "apiKey" || name == "projectId" || name == "name" {
			t.Errorf("check reported a documented parameter: %s", p)
		}
	}
	if n := len(e.s.UndocumentedParams()); n != len(want) {
		t.Errorf("%d undocumented parameters recorded, want %d: %v", n, len(want), e.s.UndocumentedParams())
	}
}

// TestEveryRouteHasDocumentedParams: each route the fake serves has its
// documented parameter set (an empty one for routes without parameters).
func TestEveryRouteHasDocumentedParams(t *testing.T) {
	s := New(DefaultSeed())
	for _, rts := range s.routes {
		for _, rt := range rts {
			if _, ok := documentedParams[rt.key]; !ok {
				t.Errorf("%s: no documented parameter set", rt.key)
			}
		}
	}
	for key := range documentedParams {
		found := false
		for _, rts := range s.routes {
			for _, rt := range rts {
				found = found || rt.key == key
			}
		}
		if !found {
			t.Errorf("%s: documented but not served", key)
		}
	}
}
