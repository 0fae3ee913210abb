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
}

// help is the system.methodHelp text: the summary, then the v2 calls.
func (m methodSpec) help() string {
	var b strings.Builder
	b.WriteString(m.summary)
	b.WriteString(" v2: ")
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
		summary:    "Projects the caller has joined.",
		v2:         []string{"GET /api/v2/projects"},
	},
	{
		name: "backlog.getProject", handler: (*Service).getProject,
		signatures: [][]string{{"struct", "int"}, {"struct", "string"}},
		summary:    "One project by id or key; an empty struct when it does not exist.",
		v2:         []string{"GET /api/v2/projects/:projectIdOrKey"},
		notes:      "unknown project → empty struct",
	},
	{
		name: "backlog.getComponents", handler: (*Service).getComponents,
		signatures: [][]string{{"array", "int"}, {"array", "struct"}},
		summary:    "The project's categories.",
		v2:         []string{"GET /api/v2/projects/:projectIdOrKey/categories"},
	},
	{
		name: "backlog.getVersions", handler: (*Service).getVersions,
		signatures: [][]string{{"array", "int"}, {"array", "struct"}},
		summary:    "The project's versions and milestones.",
		v2:         []string{"GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:     "space cached",
	},
	{
		name: "backlog.getUsers", handler: (*Service).getUsers,
		signatures: [][]string{{"array", "int"}, {"array", "struct"}},
		summary:    "The project's members.",
		v2:         []string{"GET /api/v2/projects/:projectIdOrKey/users"},
	},
	{
		name: "backlog.getIssueTypes", handler: (*Service).getIssueTypes,
		signatures: [][]string{{"array", "int"}, {"array", "struct"}},
		summary:    "The project's issue types.",
		v2:         []string{"GET /api/v2/projects/:projectIdOrKey/issueTypes"},
	},
	{
		name: "backlog.getIssue", handler: (*Service).getIssue,
		signatures: [][]string{{"struct", "int"}, {"struct", "string"}},
		summary:    "One issue by id or key; an empty struct when it does not exist.",
		v2:         []string{"GET /api/v2/issues/:issueIdOrKey", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:     "space and custom fields cached",
		notes:      "unknown issue → empty struct",
	},
	{
		name: "backlog.getComments", handler: (*Service).getComments,
		signatures: [][]string{{"array", "int"}, {"array", "string"}},
		summary:    "The issue's comments, oldest first.",
		v2:         []string{"GET /api/v2/issues/:issueIdOrKey/comments", "GET /api/v2/space"},
		v2note:     "order=asc&count=100, minId paging; space cached",
	},
	{
		name: "backlog.countIssue", handler: (*Service).countIssue,
		signatures: [][]string{{"int", "struct"}},
		summary:    "Counts issues matching the conditions.",
		v2:         []string{"GET /api/v2/issues/count", "GET /api/v2/issues", "GET /api/v2/projects/:projectIdOrKey", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/projects/:projectIdOrKey/categories", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/priorities", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:     "GET /api/v2/issues paging for resolutionId/assignerId -1; project by key and name look-ups cached",
	},
	{
		name: "backlog.findIssue", handler: (*Service).findIssue,
		signatures: [][]string{{"array", "struct"}},
		summary:    "Issues matching the conditions (default limit 100, newest first).",
		v2:         []string{"GET /api/v2/issues", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/projects/:projectIdOrKey/categories", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/priorities", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:     "count = limit, default 100; name look-ups cached",
	},
	{
		name: "backlog.createIssue", handler: (*Service).createIssue,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Adds an issue; names resolved, defaults: first issue type, priority 3.",
		v2:         []string{"POST /api/v2/issues", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/priorities", "GET /api/v2/projects/:projectIdOrKey/categories", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:     "look-ups cached",
	},
	{
		name: "backlog.updateIssue", handler: (*Service).updateIssue,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Updates an issue by key.",
		v2:         []string{"PATCH /api/v2/issues/:issueIdOrKey", "GET /api/v2/issues/:issueIdOrKey", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/priorities", "GET /api/v2/projects/:projectIdOrKey/categories", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:     "look-ups cached; GET /api/v2/issues/:issueIdOrKey only to learn the project of a numeric id with names",
	},
	{
		name: "backlog.switchStatus", handler: (*Service).switchStatus,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Changes an issue's status (and assignee, resolution, comment).",
		v2:         []string{"PATCH /api/v2/issues/:issueIdOrKey", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:     "space and custom fields cached",
	},
	{
		name: "backlog.addComment", handler: (*Service).addComment,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Adds a comment to an issue.",
		v2:         []string{"POST /api/v2/issues/:issueIdOrKey/comments", "GET /api/v2/space"},
		v2note:     "space cached",
	},
	{
		name: "backlog.addIssueType", handler: (*Service).addIssueType,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Adds an issue type {project_id, name, color} and returns it.",
		v2:         []string{"POST /api/v2/projects/:projectIdOrKey/issueTypes"},
		notes:      "colour must be one of the 10 palette colours (case-insensitive)",
	},
	{
		name: "backlog.updateIssueType", handler: (*Service).updateIssueType,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Updates an issue type {id, name, color} and returns it.",
		v2:         []string{"PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/issueTypes"},
		v2note:     "owning project look-up, cached",
	},
	{
		name: "backlog.deleteIssueType", handler: (*Service).deleteIssueType,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int"}, {"struct", "int", "int"}},
		summary:    "Deletes an issue type {id, substitute_id?}; without substitute_id issues move to the project's first other type. Returns the deleted type.",
		v2:         []string{"DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/issueTypes"},
		v2note:     "owning project look-up and issue types cached",
		notes:      "no `substitute_id` → the first other issue type of the project (display order)",
	},
	{
		name: "backlog.addVersion", handler: (*Service).addVersion,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Adds a version/milestone {project_id, name, start_date?, due_date?} and returns it.",
		v2:         []string{"POST /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:     "space cached",
	},
	{
		name: "backlog.updateVersion", handler: (*Service).updateVersion,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Updates a version {id, name, start_date?, due_date?, archived?} and returns it.",
		v2:         []string{"PATCH /api/v2/projects/:projectIdOrKey/versions/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:     "owning project look-up, cached",
		notes:      "`name` required (v2 requires it)",
	},
	{
		name: "backlog.deleteVersion", handler: (*Service).deleteVersion,
		signatures: [][]string{{"struct", "int"}, {"struct", "struct"}},
		summary:    "Deletes a version by id and returns it.",
		v2:         []string{"DELETE /api/v2/projects/:projectIdOrKey/versions/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:     "owning project look-up, cached",
	},
	{
		name: "backlog.addComponent", handler: (*Service).addComponent,
		signatures: [][]string{{"struct", "struct"}, {"struct", "int", "string"}},
		summary:    "Adds a category {project_id, name} and returns it.",
		v2:         []string{"POST /api/v2/projects/:projectIdOrKey/categories"},
	},
	{
		name: "backlog.updateComponent", handler: (*Service).updateComponent,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Renames a category {id, name} and returns it.",
		v2:         []string{"PATCH /api/v2/projects/:projectIdOrKey/categories/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/categories"},
		v2note:     "owning project look-up, cached",
	},
	{
		name: "backlog.deleteComponent", handler: (*Service).deleteComponent,
		signatures: [][]string{{"struct", "int"}, {"struct", "struct"}},
		summary:    "Deletes a category by id and returns it.",
		v2:         []string{"DELETE /api/v2/projects/:projectIdOrKey/categories/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/categories"},
		v2note:     "owning project look-up, cached",
	},
	{
		name: "backlog.getUser", handler: (*Service).getUser,
		signatures: [][]string{{"struct", "int"}, {"struct", "string"}},
		summary:    "A user by numeric id or login ID: {id, name, lang}.",
		v2:         []string{"GET /api/v2/users/:userId", "GET /api/v2/users/myself", "GET /api/v2/users", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/users", "GET /api/v2/space"},
		v2note:     "a login ID is looked up with GET /api/v2/users (administrators) or the joined projects' members (cached)",
		notes:      "`updated_on` omitted (v2 has no user timestamps)",
	},
	{
		name: "backlog.getUserIcon", handler: (*Service).getUserIcon,
		signatures: [][]string{{"struct", "int"}, {"struct", "string"}},
		summary:    "A user's icon {id, content_type, data (base64)} by numeric id or login ID.",
		v2:         []string{"GET /api/v2/users/:userId/icon", "GET /api/v2/users/myself", "GET /api/v2/users", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/users"},
		v2note:     "icon class; a login ID is looked up as in getUser",
		notes:      "real image content type; `updated_on` omitted",
	},
	{
		name: "backlog.getActivityTypes", handler: (*Service).getActivityTypes,
		signatures: [][]string{{"array"}},
		summary:    "The timeline activity types 1 課題, 2 更新, 3 コメント.",
		v2note:     "static",
	},
	{
		name: "backlog.getStatuses", handler: (*Service).getStatuses,
		signatures: [][]string{{"array"}},
		summary:    "The statuses 1-4 in the space language.",
		v2:         []string{"GET /api/v2/space"},
		v2note:     "cached; only for the language of the names",
		notes:      "static ids 1-4; custom statuses are per project: see getProjectSummary",
	},
	{
		name: "backlog.getResolutions", handler: (*Service).getResolutions,
		signatures: [][]string{{"array"}},
		summary:    "The resolutions 0-4.",
		v2:         []string{"GET /api/v2/resolutions"},
		v2note:     "cached",
	},
	{
		name: "backlog.getPriorities", handler: (*Service).getPriorities,
		signatures: [][]string{{"array"}},
		summary:    "The priorities 2-4.",
		v2:         []string{"GET /api/v2/priorities"},
		v2note:     "cached",
	},
	{
		name: "backlog.getCustomFields", handler: (*Service).getCustomFields,
		signatures: [][]string{{"array", "struct"}, {"array", "int"}},
		summary:    "A project's custom fields {projectId, issueTypeId?|issueType?}.",
		v2:         []string{"GET /api/v2/projects/:projectIdOrKey/customFields", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/space"},
		v2note:     "issue types and space cached",
		notes:      "filter by issue type id or name",
	},
	{
		name: "backlog.getChildIssues", handler: (*Service).getChildIssues,
		signatures: [][]string{{"struct", "array"}, {"struct", "int"}, {"struct", "struct"}},
		summary:    "Child issues keyed by parent issue id.",
		v2:         []string{"GET /api/v2/issues", "GET /api/v2/space", "GET /api/v2/projects/:projectIdOrKey/customFields"},
		v2note:     "parentIssueId[]=…&count=100, paged; custom fields cached",
		notes:      "always a struct keyed by parent id",
	},
	{
		name: "backlog.getTimeline", handler: (*Service).getTimeline,
		signatures: [][]string{{"array"}},
		summary:    "Recent issue updates of the caller's projects (≤ 50, newest first, one entry per changed attribute).",
		v2:         []string{"GET /api/v2/space/activities", "GET /api/v2/issues", "GET /api/v2/projects/:projectIdOrKey/statuses", "GET /api/v2/space"},
		v2note:     "activityTypeId[]=1,2,3&count=50, one GET /api/v2/issues?id[]=… batch; statuses cached",
		notes:      "≤ 50 entries, newest first, one entry per changed attribute",
	},
	{
		name: "backlog.getProjectSummary", handler: (*Service).getProjectSummary,
		signatures: [][]string{{"struct", "int"}, {"struct", "string"}},
		summary:    "Issue counts per status and per milestone of one project.",
		v2:         []string{"GET /api/v2/projects/:projectIdOrKey", "GET /api/v2/issues/count", "GET /api/v2/issues", "GET /api/v2/projects/:projectIdOrKey/statuses", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:     "the total count, then a paged GET /api/v2/issues listing or per-status GET /api/v2/issues/count calls, whichever is fewer; statuses and versions cached",
		gap:        "no `burndown_chart` (no v2 image)",
	},
	{
		name: "backlog.getProjectSummaries", handler: (*Service).getProjectSummaries,
		signatures: [][]string{{"array"}},
		summary:    "getProjectSummary for every joined project.",
		v2:         []string{"GET /api/v2/projects", "GET /api/v2/issues/count", "GET /api/v2/issues", "GET /api/v2/projects/:projectIdOrKey/statuses", "GET /api/v2/projects/:projectIdOrKey/versions", "GET /api/v2/space"},
		v2note:     "one count over all projects, then one paged listing over all of them when that costs ≤ one call per project, else each project as getProjectSummary; statuses and versions cached",
		gap:        "as getProjectSummary",
	},
	{
		name: "backlog.admin.getUsers", handler: (*Service).adminGetUsers,
		signatures: [][]string{{"array"}},
		summary:    "Every user of the space (administrators only).",
		v2:         []string{"GET /api/v2/users/myself", "GET /api/v2/users"},
		notes:      "`mail_setting` always {false,false}; no timestamps",
	},
	{
		name: "backlog.admin.addUser", handler: (*Service).adminAddUser,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Creates a user {user_id, password, name, mail_address, role}; password_md5 alone and icon are refused (501).",
		v2:         []string{"GET /api/v2/users/myself", "POST /api/v2/users"},
		gap:        "needs a plain `password` member: `password_md5` alone → fault 501; `icon` → fault 501; `mail_setting` ignored; new-plan space → fault 402",
	},
	{
		name: "backlog.admin.updateUser", handler: (*Service).adminUpdateUser,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Changes a user {id, name?, mail_address?, role?, password?}; password_md5 alone and icon are refused (501).",
		v2:         []string{"GET /api/v2/users/myself", "PATCH /api/v2/users/:userId", "GET /api/v2/users/:userId"},
		v2note:     "GET /api/v2/users/:userId only when v2 has nothing to change",
		gap:        "as addUser",
	},
	{
		name: "backlog.admin.deleteUser", handler: (*Service).adminDeleteUser,
		signatures: [][]string{{"struct", "int"}},
		summary:    "Deletes a user and returns it.",
		v2:         []string{"GET /api/v2/users/myself", "DELETE /api/v2/users/:userId"},
		notes:      "new-plan space → fault 402",
	},
	{
		name: "backlog.admin.getProjects", handler: (*Service).adminGetProjects,
		signatures: [][]string{{"array"}},
		summary:    "Every project of the space.",
		v2:         []string{"GET /api/v2/users/myself", "GET /api/v2/projects"},
		v2note:     "all=true",
		notes:      "no timestamps",
	},
	{
		name: "backlog.admin.addProject", handler: (*Service).adminAddProject,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Creates a project {name, key, use_chart?, use_parent_child_issue?, text_formatting_rule?}.",
		v2:         []string{"GET /api/v2/users/myself", "POST /api/v2/projects"},
	},
	{
		name: "backlog.admin.updateProject", handler: (*Service).adminUpdateProject,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Changes a project {id, name?, key?, use_chart?, use_parent_child_issue?, text_formatting_rule?, archived?}.",
		v2:         []string{"GET /api/v2/users/myself", "PATCH /api/v2/projects/:projectIdOrKey"},
	},
	{
		name: "backlog.admin.deleteProject", handler: (*Service).adminDeleteProject,
		signatures: [][]string{{"struct", "int"}},
		summary:    "Deletes a project and returns it.",
		v2:         []string{"GET /api/v2/users/myself", "DELETE /api/v2/projects/:projectIdOrKey"},
	},
	{
		name: "backlog.admin.getProjectUsers", handler: (*Service).adminGetProjectUsers,
		signatures: [][]string{{"array", "int"}},
		summary:    "A project's members.",
		v2:         []string{"GET /api/v2/users/myself", "GET /api/v2/projects/:projectIdOrKey/users"},
	},
	{
		name: "backlog.admin.addProjectUser", handler: (*Service).adminAddProjectUser,
		signatures: [][]string{{"array", "struct"}},
		summary:    "Adds a member {project_id, user_id} and returns the members.",
		v2:         []string{"GET /api/v2/users/myself", "POST /api/v2/projects/:projectIdOrKey/users", "GET /api/v2/projects/:projectIdOrKey/users"},
	},
	{
		name: "backlog.admin.updateProjectUsers", handler: (*Service).adminUpdateProjectUsers,
		signatures: [][]string{{"array", "struct"}},
		summary:    "Makes the members exactly {project_id, user_id[]} (not atomic; a failure names the applied changes).",
		v2:         []string{"GET /api/v2/users/myself", "GET /api/v2/projects/:projectIdOrKey/users", "POST /api/v2/projects/:projectIdOrKey/users", "DELETE /api/v2/projects/:projectIdOrKey/users"},
		v2note:     "excludeGroupMembers=true first, one POST or DELETE per change, then the members again",
		gap:        "not atomic: a failure names the changes already applied",
	},
	{
		name: "backlog.admin.deleteProjectUser", handler: (*Service).adminDeleteProjectUser,
		signatures: [][]string{{"array", "struct"}},
		summary:    "Removes a member {project_id, user_id} and returns the members.",
		v2:         []string{"GET /api/v2/users/myself", "DELETE /api/v2/projects/:projectIdOrKey/users", "GET /api/v2/projects/:projectIdOrKey/users"},
	},
	{
		name: "backlog.admin.addCustomField", handler: (*Service).adminAddCustomField,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Creates a custom field {projectId, typeId, name, issueTypes, ...}.",
		v2:         []string{"GET /api/v2/users/myself", "POST /api/v2/projects/:projectIdOrKey/customFields", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/space"},
		v2note:     "issue types and space cached",
		notes:      "`issueTypes: []` = every issue type",
	},
	{
		name: "backlog.admin.updateCustomField", handler: (*Service).adminUpdateCustomField,
		signatures: [][]string{{"struct", "struct"}},
		summary:    "Changes a custom field {id, name?, ...}; items replace the list by name.",
		v2:         []string{"GET /api/v2/users/myself", "PATCH /api/v2/projects/:projectIdOrKey/customFields/:id", "POST /api/v2/projects/:projectIdOrKey/customFields/:id/items", "DELETE /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/customFields", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/space"},
		v2note:     "owning project look-up, cached; item calls only for a changed items list",
		notes:      "items replaced by name",
	},
	{
		name: "backlog.admin.deleteCustomField", handler: (*Service).adminDeleteCustomField,
		signatures: [][]string{{"struct", "int"}},
		summary:    "Deletes a custom field and returns it.",
		v2:         []string{"GET /api/v2/users/myself", "DELETE /api/v2/projects/:projectIdOrKey/customFields/:id", "GET /api/v2/projects", "GET /api/v2/projects/:projectIdOrKey/customFields", "GET /api/v2/projects/:projectIdOrKey/issueTypes", "GET /api/v2/space"},
		v2note:     "owning project look-up, cached",
	},
}
