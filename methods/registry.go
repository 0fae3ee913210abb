package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// methodSpec is one row of the registry: the legacy name, the handler (a
// method expression on *Service), the XML-RPC signatures (return type
// first) and the help text, which names the v2 calls.
type methodSpec struct {
	name       string
	handler    func(s *Service, ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error)
	signatures [][]string
	help       string
}

// registry is THE table of legacy methods: Service.Register registers
// exactly these rows. Part 1 (issue workflow) first, then part 2.
var registry = []methodSpec{
	// --- part 1: projects, master data and the issue workflow ---
	{"backlog.getProjects", (*Service).getProjects, [][]string{{"array"}},
		"Projects the caller has joined. v2: GET /api/v2/projects."},
	{"backlog.getProject", (*Service).getProject, [][]string{{"struct", "int"}, {"struct", "string"}},
		"One project by id or key; an empty struct when it does not exist. v2: GET /api/v2/projects/:projectIdOrKey."},
	{"backlog.getComponents", (*Service).getComponents, [][]string{{"array", "int"}, {"array", "struct"}},
		"The project's categories. v2: GET /api/v2/projects/:projectIdOrKey/categories."},
	{"backlog.getVersions", (*Service).getVersions, [][]string{{"array", "int"}, {"array", "struct"}},
		"The project's versions and milestones. v2: GET /api/v2/projects/:projectIdOrKey/versions."},
	{"backlog.getUsers", (*Service).getUsers, [][]string{{"array", "int"}, {"array", "struct"}},
		"The project's members. v2: GET /api/v2/projects/:projectIdOrKey/users."},
	{"backlog.getIssueTypes", (*Service).getIssueTypes, [][]string{{"array", "int"}, {"array", "struct"}},
		"The project's issue types. v2: GET /api/v2/projects/:projectIdOrKey/issueTypes."},
	{"backlog.getIssue", (*Service).getIssue, [][]string{{"struct", "int"}, {"struct", "string"}},
		"One issue by id or key; an empty struct when it does not exist. v2: GET /api/v2/issues/:issueIdOrKey."},
	{"backlog.getComments", (*Service).getComments, [][]string{{"array", "int"}, {"array", "string"}},
		"The issue's comments, oldest first. v2: GET /api/v2/issues/:issueIdOrKey/comments?order=asc&count=100 (minId paging)."},
	{"backlog.countIssue", (*Service).countIssue, [][]string{{"int", "struct"}},
		"Counts issues matching the conditions. v2: GET /api/v2/issues/count (GET /api/v2/issues paging for resolutionId/assignerId -1)."},
	{"backlog.findIssue", (*Service).findIssue, [][]string{{"array", "struct"}},
		"Issues matching the conditions (default limit 100, newest first). v2: GET /api/v2/issues."},
	{"backlog.createIssue", (*Service).createIssue, [][]string{{"struct", "struct"}},
		"Adds an issue; names resolved, defaults: first issue type, priority 3. v2: POST /api/v2/issues."},
	{"backlog.updateIssue", (*Service).updateIssue, [][]string{{"struct", "struct"}},
		"Updates an issue by key. v2: PATCH /api/v2/issues/:issueIdOrKey."},
	{"backlog.switchStatus", (*Service).switchStatus, [][]string{{"struct", "struct"}},
		"Changes an issue's status (and assignee, resolution, comment). v2: PATCH /api/v2/issues/:issueIdOrKey."},
	{"backlog.addComment", (*Service).addComment, [][]string{{"struct", "struct"}},
		"Adds a comment to an issue. v2: POST /api/v2/issues/:issueIdOrKey/comments."},
}
