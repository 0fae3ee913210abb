package fake

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Undocumented parameters: what the fake does with a parameter that the
// route's documentation does not give.
//
// Decision (v2client/README.md, docs/decisions.md): the fake serves the
// call as if the parameter were absent, RECORDS it, and a test that calls
// CheckDocumentedParams fails on it. Why not refuse it: nothing documents
// or reports Backlog refusing an unknown parameter, and the one documented
// case goes the other way (/issues/count accepts and ignores the paging
// parameters, ../shared/spec/v2-api.md §1.7); a fake that refused would
// teach the gateway an error Backlog never sends. Why not only ignore it:
// a misspelt parameter in v2client (summry=) would then pass every test
// while Backlog ignores it too, silently losing the value.

// The sets come from ../shared/spec/v2-api.md §1.2 and §3 (the documentation
// pages), plus the official clients' forms of custom fields (§1.3). apiKey
// (authentication) is accepted on every route.
var (
	activityParams = []string{"activityTypeId[]", "minId", "maxId", "count", "order"}
	projectParams  = []string{"name", "key", "chartEnabled", "useResolvedForChart", "subtaskingEnabled",
		"grandchildIssueEnabled", "projectLeaderCanEditProjectLeader", "useWiki", "useDocument", "useFileSharing",
		"useWikiTreeView", "useSubversion", "useGit", "useOriginalImageSizeAtWiki", "useDevAttributes", "textFormattingRule"}
	issueTypeParams       = []string{"name", "color", "templateSummary", "templateDescription"}
	versionParamNames     = []string{"name", "description", "startDate", "releaseDueDate"}
	customFieldParamNames = []string{"name", "applicableIssueTypes[]", "description", "required",
		"min", "max", "initialValue", "unit", "initialValueType", "initialDate", "initialShift",
		"items[]", "allowAddItem", "allowInput"}
	issueSearchParams = []string{"projectId[]", "issueTypeId[]", "categoryId[]", "versionId[]", "milestoneId[]",
		"statusId[]", "priorityId[]", "assigneeId[]", "createdUserId[]", "resolutionId[]", "parentChild",
		"attachment", "sharedFile", "sort", "order", "offset", "count", "createdSince", "createdUntil",
		"updatedSince", "updatedUntil", "startDateSince", "startDateUntil", "dueDateSince", "dueDateUntil",
		"hasDueDate", "id[]", "parentIssueId[]", "keyword", "expand[]", customSearch}
	issueWriteParams = []string{"summary", "parentIssueId", "description", "startDate", "dueDate",
		"estimatedHours", "actualHours", "issueTypeId", "categoryId[]", "versionId[]", "milestoneId[]",
		"priorityId", "assigneeId", "notifiedUserId[]", "attachmentId[]", customWrite}
)

// Patterns among the names: custom fields of searches ("Get Issue List":
// customField_{id}, _min, _max, [] ) and of writes ("Add Issue": customField_{id},
// _otherValue; backlog-js's indexed customField_{id}[n]). The bracket form
// on writes is refused by the handlers (code 7) and recorded here.
const (
	customSearch = "(customField search)"
	customWrite  = "(customField write)"
)

var (
	customSearchName = regexp.MustCompile(`^customField_\d+(_min|_max|\[\])?$`)
	customWriteName  = regexp.MustCompile(`^customField_\d+(_otherValue|\[\d+\])?$`)
)

func with(base []string, more ...string) []string { return append(slices.Clone(base), more...) }

// documentedParams is, per route key, the parameters Backlog documents.
var documentedParams = map[string][]string{
	"POST /api/v2/oauth2/token": {"grant_type", "code", "redirect_uri", "client_id", "client_secret", "refresh_token"},

	"GET /api/v2/space":            nil,
	"GET /api/v2/space/activities": activityParams,
	"GET /api/v2/rateLimit":        nil,
	"GET /api/v2/priorities":       nil,
	"GET /api/v2/resolutions":      nil,
	"GET /api/v2/statuses":         nil,

	"GET /api/v2/users":                    nil,
	"POST /api/v2/users":                   {"userId", "password", "name", "mailAddress", "roleType"},
	"GET /api/v2/users/myself":             nil,
	"GET /api/v2/users/:userId":            nil,
	"PATCH /api/v2/users/:userId":          {"password", "name", "mailAddress", "roleType"},
	"DELETE /api/v2/users/:userId":         nil,
	"GET /api/v2/users/:userId/icon":       nil,
	"GET /api/v2/users/:userId/activities": activityParams,

	"GET /api/v2/projects":                                   {"archived", "all"},
	"POST /api/v2/projects":                                  projectParams,
	"GET /api/v2/projects/:projectIdOrKey":                   nil,
	"PATCH /api/v2/projects/:projectIdOrKey":                 with(projectParams, "archived"),
	"DELETE /api/v2/projects/:projectIdOrKey":                nil,
	"GET /api/v2/projects/:projectIdOrKey/users":             {"excludeGroupMembers"},
	"POST /api/v2/projects/:projectIdOrKey/users":            {"userId"},
	"DELETE /api/v2/projects/:projectIdOrKey/users":          {"userId"},
	"GET /api/v2/projects/:projectIdOrKey/administrators":    nil,
	"POST /api/v2/projects/:projectIdOrKey/administrators":   {"userId"},
	"DELETE /api/v2/projects/:projectIdOrKey/administrators": {"userId"},
	"GET /api/v2/projects/:projectIdOrKey/activities":        activityParams,

	"GET /api/v2/projects/:projectIdOrKey/issueTypes":        nil,
	"POST /api/v2/projects/:projectIdOrKey/issueTypes":       issueTypeParams,
	"PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id":  issueTypeParams,
	"DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id": {"substituteIssueTypeId"},
	"GET /api/v2/projects/:projectIdOrKey/categories":        nil,
	"POST /api/v2/projects/:projectIdOrKey/categories":       {"name"},
	"PATCH /api/v2/projects/:projectIdOrKey/categories/:id":  {"name"},
	"DELETE /api/v2/projects/:projectIdOrKey/categories/:id": nil,
	"GET /api/v2/projects/:projectIdOrKey/versions":          nil,
	"POST /api/v2/projects/:projectIdOrKey/versions":         versionParamNames,
	"PATCH /api/v2/projects/:projectIdOrKey/versions/:id":    with(versionParamNames, "archived"),
	"DELETE /api/v2/projects/:projectIdOrKey/versions/:id":   nil,
	"GET /api/v2/projects/:projectIdOrKey/statuses":          nil,
	"POST /api/v2/projects/:projectIdOrKey/statuses":         {"name", "color"},
	"PATCH /api/v2/projects/:projectIdOrKey/statuses/:id":    {"name", "color"},
	"DELETE /api/v2/projects/:projectIdOrKey/statuses/:id":   {"substituteStatusId"},

	"GET /api/v2/projects/:projectIdOrKey/customFields":                      nil,
	"POST /api/v2/projects/:projectIdOrKey/customFields":                     with(customFieldParamNames, "typeId"),
	"PATCH /api/v2/projects/:projectIdOrKey/customFields/:id":                customFieldParamNames,
	"DELETE /api/v2/projects/:projectIdOrKey/customFields/:id":               nil,
	"POST /api/v2/projects/:projectIdOrKey/customFields/:id/items":           {"name"},
	"PATCH /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId":  {"name"},
	"DELETE /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId": nil,

	"GET /api/v2/issues":                                      issueSearchParams,
	"GET /api/v2/issues/count":                                issueSearchParams,
	"POST /api/v2/issues":                                     with(issueWriteParams, "projectId"),
	"GET /api/v2/issues/:issueIdOrKey":                        {"expand[]"},
	"PATCH /api/v2/issues/:issueIdOrKey":                      with(issueWriteParams, "statusId", "resolutionId", "comment"),
	"DELETE /api/v2/issues/:issueIdOrKey":                     nil,
	"GET /api/v2/issues/:issueIdOrKey/comments":               {"minId", "maxId", "count", "order"},
	"POST /api/v2/issues/:issueIdOrKey/comments":              {"content", "notifiedUserId[]", "attachmentId[]"},
	"GET /api/v2/issues/:issueIdOrKey/comments/count":         nil,
	"GET /api/v2/issues/:issueIdOrKey/comments/:commentId":    nil,
	"PATCH /api/v2/issues/:issueIdOrKey/comments/:commentId":  {"content"},
	"DELETE /api/v2/issues/:issueIdOrKey/comments/:commentId": nil,
}

// documented reports whether name is documented for the route key.
func documented(key, name string) bool {
	if name == "apiKey" {
		return true
	}
	for _, p := range documentedParams[key] {
		switch p {
		case name:
			return true
		case customSearch:
			if customSearchName.MatchString(name) {
				return true
			}
		case customWrite:
			if customWriteName.MatchString(name) {
				return true
			}
		}
	}
	return false
}

// undocumented keeps the undocumented parameters received, per route.
type undocumented struct {
	mu   sync.Mutex
	seen map[string]bool // "GET /api/v2/projects: archive"
}

func (u *undocumented) note(c *call) {
	for name := range c.form {
		if documented(c.rt.key, name) {
			continue
		}
		u.mu.Lock()
		if u.seen == nil {
			u.seen = map[string]bool{}
		}
		u.seen[c.rt.key+": "+name] = true
		u.mu.Unlock()
	}
}

// UndocumentedParams returns, sorted, each "METHOD /route: name" for a
// parameter the fake received that the route's documentation does not
// give (see the decision above documentedParams).
func (s *Server) UndocumentedParams() []string {
	s.undoc.mu.Lock()
	defer s.undoc.mu.Unlock()
	out := make([]string, 0, len(s.undoc.seen))
	for k := range s.undoc.seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TB is the part of testing.TB that CheckDocumentedParams needs.
type TB interface {
	Helper()
	Cleanup(func())
	Errorf(format string, args ...any)
}

// CheckDocumentedParams makes t fail, when it ends, if the fake received a
// parameter that Backlog does not document for its route: the client under
// test misspelt or invented it, and Backlog would ignore it.
func (s *Server) CheckDocumentedParams(t TB) {
	t.Helper()
	t.Cleanup(func() {
		if got := s.UndocumentedParams(); len(got) > 0 {
			t.Errorf("fake: undocumented v2 parameters sent (Backlog ignores them; see v2client/fake/documented.go):\n  %s", strings.Join(got, "\n  "))
		}
	})
}
