package methods

import (
	"context"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// methodSpec is one row of the registry: everything about a legacy method
// that is not its handler's code. It is the one place that says which
// Backlog v2 calls a method makes: system.methodHelp, COVERAGE.md and the
// budget tests all read v2 from here.
type methodSpec struct {
	name       string
	handler    func(s *Service, ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error)
	signatures [][]string // XML-RPC signatures, return type first
	summary    string     // what the method does: the help text before its v2 calls
	// v2 lists every Backlog v2 call the method may make, cached look-ups
	// included, as "METHOD /api/v2/route" (the fake's counter keys); the
	// budget tests fail when a call makes one that is not listed.
	v2     []string
	v2note string // how those calls are made (caching, paging, conditions)
	gap    string // a legacy feature with no v2 equivalent and the decision taken
	notes  string // other behaviour a legacy caller should know (COVERAGE.md)

	// The parameters, as the handler reads them (registry_params.go): how
	// they are passed, one row each, and the result type. signatures must
	// equal what they derive (TestSignaturesMatchParams).
	result     string
	form       paramForm
	positional int // formPositional: how many rows may be sent positionally
	params     []param
	// v2instead is the v2 endpoint a team calls when it rewrites a client
	// of this method for v2 (docs/methods/).
	v2instead string
	// diffs are the known differences from the legacy server not already
	// in gap or notes (docs/methods/), each a sentence.
	diffs []string
}

// help is the system.methodHelp text: the summary, the parameters as the
// method's page under docs/methods/ lists them (paramHelp), then the v2
// calls.
func (m methodSpec) help() string {
	var b strings.Builder
	b.WriteString(m.summary)
	b.WriteString("\n\nParameters: ")
	b.WriteString(m.paramHelp())
	b.WriteString("\n\nv2: ")
	if len(m.v2) == 0 {
		b.WriteString("none")
	} else {
		b.WriteString(strings.Join(m.v2, ", "))
	}
	if m.v2note != "" {
		b.WriteString(" (" + m.v2note + ")")
	}
	b.WriteString(".")
	return b.String()
}

// registry is THE table of legacy methods: Service.Register registers
// exactly these rows, in this order.
var registry = []methodSpec{
	{
		name: "backlog.getProjects", handler: (*Service).getProjects,
		signatures: [][]string{{"array"}},
		result:     "array", form: formNone,
		v2instead: "GET /api/v2/projects",
		summary:   "Projects the caller has joined.",
		v2:        []string{"GET /api/v2/projects"},
	},
	{
		name: "backlog.getProject", handler: (*Service).getProject,
		signatures: [][]string{{"struct", "int"}, {"struct", "string"}, {"struct", "struct"}},
		result:     "struct", form: formBare,
		params:    []param{req("projectId", "int|string", "project id or key", "project_id", "key", "id")},
		v2instead: "GET /api/v2/projects/:projectIdOrKey",
		summary:   "One project by id or key; an empty struct when it does not exist.",
		v2:        []string{"GET /api/v2/projects/:projectIdOrKey"},
		notes:     "unknown project → empty struct",
	},
	{
		name: "backlog.getComponents", handler: (*Service).getComponents,
		signatures: [][]string{{"array", "int"}, {"array", "string"}, {"array", "struct"}},
		result:     "array", form: formBare,
		params:    []param{req("projectId", "int|string", "project id or key", "project_id")},
		v2instead: "GET /api/v2/projects/:projectIdOrKey/categories",
		summary:   "The project's categories.",
		v2:        []string{"GET /api/v2/projects/:projectIdOrKey/categories"},
	},
	{
		name: "backlog.getVersions", handler: (*Service).getVersions,
		signatures: [][]string{{"array", "int"}, {"array", "string"}, {"array", "struct"}},
		result:     "array", form: formBare,
		params:    []param{req("projectId", "int|string", "project id or key", "project_id")},
		v2instead: "GET /api/v2/projects/:projectIdOrKey/versions",
		summary:   "The project's versions and milestones.",
		v2:        []string{"GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:    "space cached",
	},
	{
		name: "backlog.getUsers", handler: (*Service).getUsers,
		signatures: [][]string{{"array", "int"}, {"array", "string"}, {"array", "struct"}},
		result:     "array", form: formBare,
		params:    []param{req("projectId", "int|string", "project id or key", "project_id")},
		v2instead: "GET /api/v2/projects/:projectIdOrKey/users",
		summary:   "The project's members.",
		v2:        []string{"GET /api/v2/projects/:projectIdOrKey/users"},
	},
	{
		name: "backlog.getIssueTypes", handler: (*Service).getIssueTypes,
		signatures: [][]string{{"array", "int"}, {"array", "string"}, {"array", "struct"}},
		result:     "array", form: formBare,
		params:    []param{req("projectId", "int|string", "project id or key", "project_id")},
		v2instead: "GET /api/v2/projects/:projectIdOrKey/issueTypes",
		summary:   "The project's issue types.",
		v2:        []string{"GET /api/v2/projects/:projectIdOrKey/issueTypes"},
	},
	{
		name: "backlog.getIssue", handler: (*Service).getIssue,
		signatures: [][]string{{"struct", "int"}, {"struct", "string"}, {"struct", "struct"}},
		result:     "struct", form: formBare,
		params:    []param{req("issueId", "int|string", "issue id or key", "key", "id", "issue_id", "issueKey")},
		v2instead: "GET /api/v2/issues/:issueIdOrKey",
		summary:   "One issue by id or key; an empty struct when it does not exist.",
		v2:        []string{"GET /api/v2/issues/:issueIdOrKey", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:    "space and custom fields cached",
		notes:     "unknown issue → empty struct",
	},
	{
		name: "backlog.getComments", handler: (*Service).getComments,
		signatures: [][]string{{"array", "int"}, {"array", "string"}, {"array", "struct"}},
		result:     "array", form: formBare,
		params:    []param{req("issueId", "int|string", "issue id or key", "issue_id", "key", "id")},
		v2instead: "GET /api/v2/issues/:issueIdOrKey/comments",
		summary:   "The issue's comments, oldest first.",
		v2:        []string{"GET /api/v2/issues/:issueIdOrKey/comments", "GET /api/v2/space"},
		v2note:    "order=asc&count=100, minId paging; space cached",
	},
	{
		name: "backlog.countIssue", handler: (*Service).countIssue,
		signatures: [][]string{{"int", "struct"}},
		result:     "int", form: formStruct,
		params:    searchParams,
		v2instead: "GET /api/v2/issues/count",
		summary:   "Counts issues matching the conditions.",
		v2:        []string{"GET /api/v2/issues/count", "GET /api/v2/issues", "GET /api/v2/projects/:projectIdOrKey", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/projects/:projectIdOrKey/categories", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/priorities", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:    "GET /api/v2/issues paging for resolutionId/assignerId -1; project by key and name look-ups cached",
	},
	{
		name: "backlog.findIssue", handler: (*Service).findIssue,
		signatures: [][]string{{"array", "struct"}},
		result:     "array", form: formStruct,
		params:    join(searchParams, pagingParams),
		v2instead: "GET /api/v2/issues",
		summary:   "Issues matching the conditions (default limit 100, newest first).",
		v2:        []string{"GET /api/v2/issues", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/projects/:projectIdOrKey/categories", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/priorities", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:    "count = limit, default 100; name look-ups cached",
	},
	{
		name: "backlog.createIssue", handler: (*Service).createIssue,
		signatures: [][]string{{"struct", "struct"}},
		result:     "struct", form: formStruct,
		params:    join([]param{req("projectId", "int|string", "project id or key", "project_id"), req("summary", "string", "the issue's title")}, issueFieldParams),
		v2instead: "POST /api/v2/issues",
		summary:   "Adds an issue; names resolved, defaults: first issue type, priority 3.",
		v2:        []string{"POST /api/v2/issues", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/priorities", "GET /api/v2/projects/:projectIdOrKey/categories", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:    "look-ups cached",
	},
	{
		name: "backlog.updateIssue", handler: (*Service).updateIssue,
		signatures: [][]string{{"struct", "struct"}},
		result:     "struct", form: formStruct,
		params:    join([]param{req("key", "string|int", "issue key or id", "issueKey", "issueId"), opt("summary", "string", "the issue's title")}, issueFieldParams, []param{opt("comment", "string", "comment added with the change")}),
		v2instead: "PATCH /api/v2/issues/:issueIdOrKey",
		summary:   "Updates an issue by key.",
		v2:        []string{"PATCH /api/v2/issues/:issueIdOrKey", "GET /api/v2/issues/:issueIdOrKey", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/priorities", "GET /api/v2/projects/:projectIdOrKey/categories", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:    "look-ups cached; GET /api/v2/issues/:issueIdOrKey only to learn the project of a numeric id with names",
	},
	{
		name: "backlog.switchStatus", handler: (*Service).switchStatus,
		signatures: [][]string{{"struct", "struct"}, {"struct", "string", "int"}, {"struct", "int", "int"}},
		result:     "struct", form: formPositional,
		positional: 2,
		params:     []param{req("key", "string|int", "issue key or id", "issueKey", "issueId"), req("statusId", "int", "the new status id", "status_id"), opt("assignerId", "int", "assignee's user id; \"\" clears", "assigneeId"), opt("resolutionId", "int", "resolution id; \"\" clears"), opt("comment", "string", "comment added with the change")},
		v2instead:  "PATCH /api/v2/issues/:issueIdOrKey (statusId)",
		summary:    "Changes an issue's status (and assignee, resolution, comment).",
		v2:         []string{"PATCH /api/v2/issues/:issueIdOrKey", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:     "space and custom fields cached",
	},
	{
		name: "backlog.addComment", handler: (*Service).addComment,
		signatures: [][]string{{"struct", "struct"}, {"struct", "string", "string"}, {"struct", "int", "string"}},
		result:     "struct", form: formPositional,
		positional: 2,
		params:     []param{req("key", "string|int", "issue key or id", "issueKey", "issueId"), req("content", "string", "the comment text")},
		v2instead:  "POST /api/v2/issues/:issueIdOrKey/comments",
		summary:    "Adds a comment to an issue.",
		v2:         []string{"POST /api/v2/issues/:issueIdOrKey/comments", "GET /api/v2/space"},
		v2note:     "space cached",
	},
	{
		name: "backlog.addIssueType", handler: (*Service).addIssueType,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int", "string", "string"}},
		result:     "struct", form: formPositional,
		positional: 3,
		params:     []param{req("project_id", "int", "project id", "projectId"), req("name", "string", "type name"), req("color", "string", "one of the 10 palette colours, e.g. #e30000 (case-insensitive)")},
		v2instead:  "POST /api/v2/projects/:projectIdOrKey/issueTypes",
		summary:    "Adds an issue type {project_id, name, color} and returns it.",
		v2:         []string{"POST /api/v2/projects/:projectIdOrKey/issueTypes"},
		notes:      "colour must be one of the 10 palette colours (case-insensitive)",
	},
	{
		name: "backlog.updateIssueType", handler: (*Service).updateIssueType,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int"}, {"struct", "int", "string"}, {"struct", "int", "string", "string"}},
		result:     "struct", form: formPositional,
		positional: 3,
		params:     []param{req("id", "int", "issue type id"), opt("name", "string", "new name"), opt("color", "string", "new palette colour")},
		v2instead:  "PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id",
		summary:    "Updates an issue type {id, name, color} and returns it.",
		v2:         []string{"PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/issueTypes"},
		v2note:     "owning project look-up, cached",
	},
	{
		name: "backlog.deleteIssueType", handler: (*Service).deleteIssueType,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int"}, {"struct", "int", "int"}},
		result:     "struct", form: formPositional,
		positional: 2,
		params:     []param{req("id", "int", "issue type id"), opt("substitute_id", "int", "issue type the issues move to; default the project's first other type", "substituteId", "substituteIssueTypeId")},
		v2instead:  "DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id (substituteIssueTypeId)",
		summary:    "Deletes an issue type {id, substitute_id?}; without substitute_id issues move to the project's first other type. Returns the deleted type.",
		v2:         []string{"DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/issueTypes"},
		v2note:     "owning project look-up and issue types cached",
		notes:      "no `substitute_id` → the first other issue type of the project (display order)",
	},
	{
		name: "backlog.addVersion", handler: (*Service).addVersion,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int", "string"}},
		result:     "struct", form: formPositional,
		positional: 2,
		params:     []param{req("project_id", "int", "project id", "projectId"), req("name", "string", "version name"), opt("start_date", "date", "start date YYYYMMDD", "startDate"), opt("due_date", "date", "due (release) date YYYYMMDD", "dueDate", "releaseDueDate")},
		v2instead:  "POST /api/v2/projects/:projectIdOrKey/versions",
		summary:    "Adds a version/milestone {project_id, name, start_date?, due_date?} and returns it.",
		v2:         []string{"POST /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:     "space cached",
	},
	{
		name: "backlog.updateVersion", handler: (*Service).updateVersion,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int", "string"}},
		result:     "struct", form: formPositional,
		positional: 2,
		params:     []param{req("id", "int", "version id"), req("name", "string", "version name (v2 requires it)"), opt("start_date", "date", "start date YYYYMMDD; \"\" clears", "startDate"), opt("due_date", "date", "due date YYYYMMDD; \"\" clears", "dueDate", "releaseDueDate"), opt("archived", "boolean", "archive or restore")},
		v2instead:  "PATCH /api/v2/projects/:projectIdOrKey/versions/:id",
		summary:    "Updates a version {id, name, start_date?, due_date?, archived?} and returns it.",
		v2:         []string{"PATCH /api/v2/projects/:projectIdOrKey/versions/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:     "owning project look-up, cached",
		notes:      "`name` required (v2 requires it)",
	},
	{
		name: "backlog.deleteVersion", handler: (*Service).deleteVersion,
		signatures: [][]string{{"struct", "int"}, {"struct", "struct"}},
		result:     "struct", form: formBare,
		params:    []param{req("id", "int", "version id")},
		v2instead: "DELETE /api/v2/projects/:projectIdOrKey/versions/:id",
		summary:   "Deletes a version by id and returns it.",
		v2:        []string{"DELETE /api/v2/projects/:projectIdOrKey/versions/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:    "owning project look-up, cached",
	},
	{
		name: "backlog.addComponent", handler: (*Service).addComponent,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int", "string"}},
		result:     "struct", form: formPositional,
		positional: 2,
		params:     []param{req("project_id", "int", "project id", "projectId"), req("name", "string", "category name")},
		v2instead:  "POST /api/v2/projects/:projectIdOrKey/categories",
		summary:    "Adds a category {project_id, name} and returns it.",
		v2:         []string{"POST /api/v2/projects/:projectIdOrKey/categories"},
	},
	{
		name: "backlog.updateComponent", handler: (*Service).updateComponent,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int", "string"}},
		result:     "struct", form: formPositional,
		positional: 2,
		params:     []param{req("id", "int", "category id"), req("name", "string", "new name")},
		v2instead:  "PATCH /api/v2/projects/:projectIdOrKey/categories/:id",
		summary:    "Renames a category {id, name} and returns it.",
		v2:         []string{"PATCH /api/v2/projects/:projectIdOrKey/categories/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/categories"},
		v2note:     "owning project look-up, cached",
	},
	{
		name: "backlog.deleteComponent", handler: (*Service).deleteComponent,
		signatures: [][]string{{"struct", "int"}, {"struct", "struct"}},
		result:     "struct", form: formBare,
		params:    []param{req("id", "int", "category id")},
		v2instead: "DELETE /api/v2/projects/:projectIdOrKey/categories/:id",
		summary:   "Deletes a category by id and returns it.",
		v2:        []string{"DELETE /api/v2/projects/:projectIdOrKey/categories/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/categories"},
		v2note:    "owning project look-up, cached",
	},
	{
		name: "backlog.getUser", handler: (*Service).getUser,
		signatures: [][]string{{"struct", "int"}, {"struct", "string"}, {"struct", "struct"}},
		result:     "struct", form: formBare,
		params:    []param{req("id", "int|string", "numeric user id or login ID", "user_id", "userId")},
		v2instead: "GET /api/v2/users/:userId",
		summary:   "A user by numeric id or login ID: {id, name, lang}.",
		v2:        []string{"GET /api/v2/users/:userId", "GET /api/v2/users/myself", "GET /api/v2/users", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/users", "GET /api/v2/space"},
		v2note:    "a login ID is looked up with GET /api/v2/users (administrators) or the joined projects' members (cached)",
		notes:     "`updated_on` omitted (v2 has no user timestamps)",
	},
	{
		name: "backlog.getUserIcon", handler: (*Service).getUserIcon,
		signatures: [][]string{{"struct", "int"}, {"struct", "string"}, {"struct", "struct"}},
		result:     "struct", form: formBare,
		params:    []param{req("id", "int|string", "numeric user id or login ID", "user_id", "userId")},
		v2instead: "GET /api/v2/users/:userId/icon",
		summary:   "A user's icon {id, content_type, data (base64)} by numeric id or login ID.",
		v2:        []string{"GET /api/v2/users/:userId/icon", "GET /api/v2/users/myself", "GET /api/v2/users", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/users"},
		v2note:    "icon class; a login ID is looked up as in getUser",
		notes:     "real image content type; `updated_on` omitted",
	},
	{
		name: "backlog.getActivityTypes", handler: (*Service).getActivityTypes,
		signatures: [][]string{{"array"}},
		result:     "array", form: formNone,
		v2instead: "none: v2 activity types 1-3 are the same ids (GET /api/v2/space/activities?activityTypeId[]=…)",
		summary:   "The timeline activity types 1 課題, 2 更新, 3 コメント.",
		v2note:    "static",
	},
	{
		name: "backlog.getStatuses", handler: (*Service).getStatuses,
		signatures: [][]string{{"array"}},
		result:     "array", form: formNone,
		v2instead: "GET /api/v2/projects/:projectIdOrKey/statuses",
		summary:   "The statuses 1-4 in the space language.",
		v2:        []string{"GET /api/v2/space"},
		v2note:    "cached; only for the language of the names",
		notes:     "static ids 1-4; custom statuses are per project: see getProjectSummary",
	},
	{
		name: "backlog.getResolutions", handler: (*Service).getResolutions,
		signatures: [][]string{{"array"}},
		result:     "array", form: formNone,
		v2instead: "GET /api/v2/resolutions",
		summary:   "The resolutions 0-4.",
		v2:        []string{"GET /api/v2/resolutions"},
		v2note:    "cached",
	},
	{
		name: "backlog.getPriorities", handler: (*Service).getPriorities,
		signatures: [][]string{{"array"}},
		result:     "array", form: formNone,
		v2instead: "GET /api/v2/priorities",
		summary:   "The priorities 2-4.",
		v2:        []string{"GET /api/v2/priorities"},
		v2note:    "cached",
	},
	{
		name: "backlog.getCustomFields", handler: (*Service).getCustomFields,
		signatures: [][]string{{"array", "struct"}, {"array", "int"}, {"array", "string"}},
		result:     "array", form: formPositional,
		positional: 1,
		params:     []param{req("projectId", "int|string", "project id or key", "project_id"), opt("issueTypeId", "int|array", "only fields of these issue types", "issue_type_id"), opt("issueType", "string|array", "only fields of these issue types, by name", "issue_type")},
		v2instead:  "GET /api/v2/projects/:projectIdOrKey/customFields",
		summary:    "A project's custom fields {projectId, issueTypeId?|issueType?}.",
		v2:         []string{"GET /api/v2/projects/:projectIdOrKey/customFields", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/space"},
		v2note:     "issue types and space cached",
		notes:      "filter by issue type id or name",
	},
	{
		name: "backlog.getChildIssues", handler: (*Service).getChildIssues,
		signatures: [][]string{{"struct", "int"}, {"struct", "array"}, {"struct", "struct"}},
		result:     "struct", form: formBare,
		params:    []param{req("parent_issue_id", "int|array", "parent issue ids (at most 100)", "parentIssueId")},
		v2instead: "GET /api/v2/issues?parentIssueId[]=…",
		summary:   "Child issues keyed by parent issue id.",
		v2:        []string{"GET /api/v2/issues", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:    "parentIssueId[]=…&count=100, paged; custom fields cached",
		notes:     "always a struct keyed by parent id",
	},
	{
		name: "backlog.getTimeline", handler: (*Service).getTimeline,
		signatures: [][]string{{"array"}},
		result:     "array", form: formNone,
		v2instead: "GET /api/v2/space/activities?activityTypeId[]=1&activityTypeId[]=2&activityTypeId[]=3",
		summary:   "Recent issue updates of the caller's projects (≤ 50, newest first, one entry per changed attribute).",
		v2:        []string{"GET /api/v2/space/activities", "GET /api/v2/issues", "GET /api/v2/projects/:projectIdOrKey/statuses", "GET /api/v2/space"},
		v2note:    "activityTypeId[]=1,2,3&count=50, one GET /api/v2/issues?id[]=… batch; statuses cached",
		notes:     "≤ 50 entries, newest first, one entry per changed attribute",
	},
	{
		name: "backlog.getProjectSummary", handler: (*Service).getProjectSummary,
		signatures: [][]string{{"struct", "int"}, {"struct", "string"}, {"struct", "struct"}},
		result:     "struct", form: formBare,
		params:    []param{req("projectId", "int|string", "project id or key", "project_id", "id")},
		v2instead: "GET /api/v2/issues/count?projectId[]=…&statusId[]=… (per status and milestone), with GET /api/v2/projects/:projectIdOrKey/statuses and /versions",
		summary:   "Issue counts per status and per milestone of one project.",
		v2:        []string{"GET /api/v2/projects/:projectIdOrKey", "GET /api/v2/issues/count", "GET /api/v2/issues", "GET /api/v2/projects/:projectIdOrKey/statuses", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:    "the total count, then a paged GET /api/v2/issues listing or per-status GET /api/v2/issues/count calls, whichever is fewer; statuses and versions cached",
		gap:       "no `burndown_chart` (no v2 image)",
	},
	{
		name: "backlog.getProjectSummaries", handler: (*Service).getProjectSummaries,
		signatures: [][]string{{"array"}},
		result:     "array", form: formNone,
		v2instead: "as getProjectSummary, for each project of GET /api/v2/projects",
		summary:   "getProjectSummary for every joined project.",
		v2:        []string{"GET /api/v2/projects", "GET /api/v2/issues/count", "GET /api/v2/issues", "GET /api/v2/projects/:projectIdOrKey/statuses", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:    "one count over all projects, then one paged listing over all of them when that costs ≤ one call per project, else each project as getProjectSummary; statuses and versions cached",
		gap:       "as getProjectSummary",
	},
	{
		name: "backlog.admin.getUsers", handler: (*Service).adminGetUsers,
		signatures: [][]string{{"array"}},
		result:     "array", form: formNone,
		v2instead: "GET /api/v2/users",
		summary:   "Every user of the space (administrators only).",
		v2:        []string{"GET /api/v2/users/myself", "GET /api/v2/users"},
		notes:     "`mail_setting` always {false,false}; no timestamps",
	},
	{
		name: "backlog.admin.addUser", handler: (*Service).adminAddUser,
		signatures: [][]string{{"struct", "struct"}},
		result:     "struct", form: formStruct,
		params:    []param{req("user_id", "string", "login ID", "userId"), req("password", "string", "plain password (this gateway's extension; v2 needs it; password_md5 alone is refused with 501)"), opt("password_md5", "string", "MD5 of the password: ignored when password is sent, refused (501) alone"), req("name", "string", "display name"), req("mail_address", "string", "mail address", "mailAddress"), req("role", "string", "admin, normal-user, reporter, viewer, guest-reporter, guest-viewer"), opt("icon", "struct", "refused (501): v2 cannot set an icon")},
		v2instead: "POST /api/v2/users",
		summary:   "Creates a user {user_id, password, name, mail_address, role}; password_md5 alone and icon are refused (501).",
		v2:        []string{"GET /api/v2/users/myself", "POST /api/v2/users"},
		gap:       "needs a plain `password` member: `password_md5` alone → fault 501; `icon` → fault 501; `mail_setting` ignored; new-plan space → fault 402",
	},
	{
		name: "backlog.admin.updateUser", handler: (*Service).adminUpdateUser,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int"}},
		result:     "struct", form: formPositional,
		positional: 1,
		params:     []param{req("id", "int", "user id"), opt("name", "string", "display name"), opt("mail_address", "string", "mail address", "mailAddress"), opt("role", "string", "admin, normal-user, reporter, viewer, guest-reporter, guest-viewer"), opt("password", "string", "plain password (this gateway's extension; v2 needs it)"), opt("password_md5", "string", "MD5 of the password: refused (501) unless password is sent too"), opt("icon", "struct", "refused (501): v2 cannot set an icon")},
		v2instead:  "PATCH /api/v2/users/:userId",
		summary:    "Changes a user {id, name?, mail_address?, role?, password?}; password_md5 alone and icon are refused (501).",
		v2:         []string{"GET /api/v2/users/myself", "PATCH /api/v2/users/:userId", "GET /api/v2/users/:userId"},
		v2note:     "GET /api/v2/users/:userId only when v2 has nothing to change",
		gap:        "as addUser",
	},
	{
		name: "backlog.admin.deleteUser", handler: (*Service).adminDeleteUser,
		signatures: [][]string{{"struct", "int"}, {"struct", "struct"}},
		result:     "struct", form: formBare,
		params:    []param{req("id", "int", "user id", "user_id")},
		v2instead: "DELETE /api/v2/users/:userId",
		summary:   "Deletes a user and returns it.",
		v2:        []string{"GET /api/v2/users/myself", "DELETE /api/v2/users/:userId"},
		notes:     "new-plan space → fault 402",
	},
	{
		name: "backlog.admin.getProjects", handler: (*Service).adminGetProjects,
		signatures: [][]string{{"array"}},
		result:     "array", form: formNone,
		v2instead: "GET /api/v2/projects?all=true",
		summary:   "Every project of the space.",
		v2:        []string{"GET /api/v2/users/myself", "GET /api/v2/projects"},
		v2note:    "all=true",
		notes:     "no timestamps",
	},
	{
		name: "backlog.admin.addProject", handler: (*Service).adminAddProject,
		signatures: [][]string{{"struct", "struct"}},
		result:     "struct", form: formStruct,
		params:    []param{req("name", "string", "project name"), req("key", "string", "project key"), opt("use_chart", "boolean", "burndown chart on"), opt("use_parent_child_issue", "boolean", "parent/child issues on"), opt("text_formatting_rule", "string", "backlog or markdown")},
		v2instead: "POST /api/v2/projects",
		summary:   "Creates a project {name, key, use_chart?, use_parent_child_issue?, text_formatting_rule?}.",
		v2:        []string{"GET /api/v2/users/myself", "POST /api/v2/projects"},
	},
	{
		name: "backlog.admin.updateProject", handler: (*Service).adminUpdateProject,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int"}},
		result:     "struct", form: formPositional,
		positional: 1,
		params:     []param{req("id", "int", "project id", "project_id", "projectId"), opt("name", "string", "project name"), opt("key", "string", "project key"), opt("use_chart", "boolean", "burndown chart on"), opt("use_parent_child_issue", "boolean", "parent/child issues on"), opt("text_formatting_rule", "string", "backlog or markdown"), opt("archived", "boolean", "archive or restore")},
		v2instead:  "PATCH /api/v2/projects/:projectIdOrKey",
		summary:    "Changes a project {id, name?, key?, use_chart?, use_parent_child_issue?, text_formatting_rule?, archived?}.",
		v2:         []string{"GET /api/v2/users/myself", "PATCH /api/v2/projects/:projectIdOrKey"},
	},
	{
		name: "backlog.admin.deleteProject", handler: (*Service).adminDeleteProject,
		signatures: [][]string{{"struct", "int"}, {"struct", "struct"}},
		result:     "struct", form: formBare,
		params:    []param{req("id", "int", "project id", "project_id", "projectId")},
		v2instead: "DELETE /api/v2/projects/:projectIdOrKey",
		summary:   "Deletes a project and returns it.",
		v2:        []string{"GET /api/v2/users/myself", "DELETE /api/v2/projects/:projectIdOrKey"},
	},
	{
		name: "backlog.admin.getProjectUsers", handler: (*Service).adminGetProjectUsers,
		signatures: [][]string{{"array", "int"}, {"array", "struct"}},
		result:     "array", form: formBare,
		params:    []param{req("project_id", "int", "project id", "projectId", "id")},
		v2instead: "GET /api/v2/projects/:projectIdOrKey/users",
		summary:   "A project's members.",
		v2:        []string{"GET /api/v2/users/myself", "GET /api/v2/projects/:projectIdOrKey/users"},
	},
	{
		name: "backlog.admin.addProjectUser", handler: (*Service).adminAddProjectUser,
		signatures: [][]string{{"array", "struct"}, {"array", "int", "int"}},
		result:     "array", form: formPositional,
		positional: 2,
		params:     []param{req("project_id", "int", "project id", "projectId"), req("user_id", "int", "user id", "userId")},
		v2instead:  "POST /api/v2/projects/:projectIdOrKey/users",
		summary:    "Adds a member {project_id, user_id} and returns the members.",
		v2:         []string{"GET /api/v2/users/myself", "POST /api/v2/projects/:projectIdOrKey/users", "GET /api/v2/projects/:projectIdOrKey/users"},
	},
	{
		name: "backlog.admin.updateProjectUsers", handler: (*Service).adminUpdateProjectUsers,
		signatures: [][]string{{"array", "struct"}, {"array", "int", "int"}, {"array", "int", "array"}},
		result:     "array", form: formPositional,
		positional: 2,
		params:     []param{req("project_id", "int", "project id", "projectId"), req("user_id", "int|array", "the members wanted, exactly", "userId", "user_ids")},
		v2instead:  "POST / DELETE /api/v2/projects/:projectIdOrKey/users, one per change",
		summary:    "Makes the members exactly {project_id, user_id[]} (not atomic; a failure names the applied changes).",
		v2:         []string{"GET /api/v2/users/myself", "GET /api/v2/projects/:projectIdOrKey/users", "POST /api/v2/projects/:projectIdOrKey/users", "DELETE /api/v2/projects/:projectIdOrKey/users"},
		v2note:     "excludeGroupMembers=true first, one POST or DELETE per change, then the members again",
		gap:        "not atomic: a failure names the changes already applied",
	},
	{
		name: "backlog.admin.deleteProjectUser", handler: (*Service).adminDeleteProjectUser,
		signatures: [][]string{{"array", "struct"}, {"array", "int", "int"}},
		result:     "array", form: formPositional,
		positional: 2,
		params:     []param{req("project_id", "int", "project id", "projectId"), req("user_id", "int", "user id", "userId")},
		v2instead:  "DELETE /api/v2/projects/:projectIdOrKey/users",
		summary:    "Removes a member {project_id, user_id} and returns the members.",
		v2:         []string{"GET /api/v2/users/myself", "DELETE /api/v2/projects/:projectIdOrKey/users", "GET /api/v2/projects/:projectIdOrKey/users"},
	},
	{
		name: "backlog.admin.addCustomField", handler: (*Service).adminAddCustomField,
		signatures: [][]string{{"struct", "struct"}},
		result:     "struct", form: formStruct,
		params:    []param{req("projectId", "int", "project id", "project_id"), req("typeId", "int", "1 text, 2 sentence, 3 numeric, 4 date, 5 single list, 6 multiple list, 7 checkbox, 8 radio", "type_id"), req("name", "string", "field name"), opt("issueTypes", "int|array", "issue type ids; [] or \"\" = every issue type", "issue_types"), opt("description", "string", "description"), opt("required", "boolean", "a value is required"), opt("min", "double|date", "numeric: lowest value; date: earliest YYYYMMDD"), opt("max", "double|date", "numeric: highest value; date: latest YYYYMMDD"), opt("initial_value", "double", "numeric: initial value"), opt("unit", "string", "numeric: unit"), opt("initial_value_type", "int", "date: 1 today, 2 today + initial_shift, 3 initial_date"), opt("initial_shift", "int", "date: days after today"), opt("initial_date", "date", "date: fixed initial date"), opt("items", "array", "list types: item names (strings or {name} structs)"), opt("allow_input", "boolean", "checkbox/radio: an other-text input")},
		v2instead: "POST /api/v2/projects/:projectIdOrKey/customFields",
		summary:   "Creates a custom field {projectId, typeId, name, issueTypes, ...}.",
		v2:        []string{"GET /api/v2/users/myself", "POST /api/v2/projects/:projectIdOrKey/customFields", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/space"},
		v2note:    "issue types and space cached",
		notes:     "`issueTypes: []` = every issue type",
	},
	{
		name: "backlog.admin.updateCustomField", handler: (*Service).adminUpdateCustomField,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int"}},
		result:     "struct", form: formPositional,
		positional: 1,
		params:     []param{req("id", "int", "custom field id"), opt("name", "string", "field name"), opt("issueTypes", "int|array", "issue type ids; [] or \"\" = every issue type", "issue_types"), opt("description", "string", "description"), opt("required", "boolean", "a value is required"), opt("min", "double|date", "numeric: lowest value; date: earliest YYYYMMDD"), opt("max", "double|date", "numeric: highest value; date: latest YYYYMMDD"), opt("initial_value", "double", "numeric: initial value"), opt("unit", "string", "numeric: unit"), opt("initial_value_type", "int", "date: 1 today, 2 today + initial_shift, 3 initial_date"), opt("initial_shift", "int", "date: days after today"), opt("initial_date", "date", "date: fixed initial date"), opt("items", "array", "list types: item names (strings or {name} structs)"), opt("allow_input", "boolean", "checkbox/radio: an other-text input")},
		v2instead:  "PATCH /api/v2/projects/:projectIdOrKey/customFields/:id (and /items for a changed list)",
		summary:    "Changes a custom field {id, name?, ...}; items replace the list by name.",
		v2:         []string{"GET /api/v2/users/myself", "PATCH /api/v2/projects/:projectIdOrKey/customFields/:id", "POST /api/v2/projects/:projectIdOrKey/customFields/:id/items", "DELETE /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/customFields", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/space"},
		v2note:     "owning project look-up, cached; item calls only for a changed items list",
		notes:      "items replaced by name",
	},
	{
		name: "backlog.admin.deleteCustomField", handler: (*Service).adminDeleteCustomField,
		signatures: [][]string{{"struct", "int"}, {"struct", "struct"}},
		result:     "struct", form: formBare,
		params:    []param{req("id", "int", "custom field id")},
		v2instead: "DELETE /api/v2/projects/:projectIdOrKey/customFields/:id",
		summary:   "Deletes a custom field and returns it.",
		v2:        []string{"GET /api/v2/users/myself", "DELETE /api/v2/projects/:projectIdOrKey/customFields/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/customFields", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/space"},
		v2note:    "owning project look-up, cached",
	},
}
