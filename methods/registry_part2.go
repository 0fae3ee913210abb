package methods

// Part 2 of the registry table (project configuration, users, summaries,
// timeline, custom fields, child issues and backlog.admin.*). The rows live
// in their own file so the two methods engineers never edit the same file;
// init appends them to THE table in registry.go, after part 1's rows, so
// Service.Register still registers exactly one table.
func init() { registry = append(registry, registryPart2...) }

var registryPart2 = []methodSpec{
	{"backlog.addIssueType", (*Service).addIssueType, [][]string{{"struct", "struct"}},
		"Adds an issue type {project_id, name, color} and returns it. v2: POST /api/v2/projects/:projectIdOrKey/issueTypes."},
	{"backlog.updateIssueType", (*Service).updateIssueType, [][]string{{"struct", "struct"}},
		"Updates an issue type {id, name, color} and returns it. v2: owning project look-up (cached: GET /api/v2/projects, GET /api/v2/projects/:projectIdOrKey/issueTypes), PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id."},
	{"backlog.deleteIssueType", (*Service).deleteIssueType, [][]string{{"struct", "struct"}, {"struct", "int"}, {"struct", "int", "int"}},
		"Deletes an issue type {id, substitute_id?}; without substitute_id issues move to the project's first other type. Returns the deleted type. v2: owning project look-up, GET /api/v2/projects/:projectIdOrKey/issueTypes (cached), DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id."},
	{"backlog.addVersion", (*Service).addVersion, [][]string{{"struct", "struct"}},
		"Adds a version/milestone {project_id, name, start_date?, due_date?} and returns it. v2: POST /api/v2/projects/:projectIdOrKey/versions."},
	{"backlog.updateVersion", (*Service).updateVersion, [][]string{{"struct", "struct"}},
		"Updates a version {id, name, start_date?, due_date?, archived?} and returns it. v2: owning project look-up (cached), PATCH /api/v2/projects/:projectIdOrKey/versions/:id."},
	{"backlog.deleteVersion", (*Service).deleteVersion, [][]string{{"struct", "int"}, {"struct", "struct"}},
		"Deletes a version by id and returns it. v2: owning project look-up (cached), DELETE /api/v2/projects/:projectIdOrKey/versions/:id."},
	{"backlog.addComponent", (*Service).addComponent, [][]string{{"struct", "struct"}, {"struct", "int", "string"}},
		"Adds a category {project_id, name} and returns it. v2: POST /api/v2/projects/:projectIdOrKey/categories."},
	{"backlog.updateComponent", (*Service).updateComponent, [][]string{{"struct", "struct"}},
		"Renames a category {id, name} and returns it. v2: owning project look-up (cached), PATCH /api/v2/projects/:projectIdOrKey/categories/:id."},
	{"backlog.deleteComponent", (*Service).deleteComponent, [][]string{{"struct", "int"}, {"struct", "struct"}},
		"Deletes a category by id and returns it. v2: owning project look-up (cached), DELETE /api/v2/projects/:projectIdOrKey/categories/:id."},
	{"backlog.getUser", (*Service).getUser, [][]string{{"struct", "int"}, {"struct", "string"}},
		"A user by numeric id or login ID: {id, name, lang}. v2: GET /api/v2/users/:userId; for a login ID GET /api/v2/users/myself, then GET /api/v2/users (administrators) or the caller's projects' members (GET /api/v2/projects/:projectIdOrKey/users, cached)."},
	{"backlog.getUserIcon", (*Service).getUserIcon, [][]string{{"struct", "int"}, {"struct", "string"}},
		"A user's icon {id, content_type, data (base64)} by numeric id or login ID. v2: GET /api/v2/users/:userId/icon (plus the login ID look-up of getUser)."},
	{"backlog.getActivityTypes", (*Service).getActivityTypes, [][]string{{"array"}},
		"The timeline activity types 1 課題, 2 更新, 3 コメント. v2: none (static)."},
	{"backlog.getStatuses", (*Service).getStatuses, [][]string{{"array"}},
		"The statuses 1-4 in the space language. v2: GET /api/v2/space (cached)."},
	{"backlog.getResolutions", (*Service).getResolutions, [][]string{{"array"}},
		"The resolutions 0-4. v2: GET /api/v2/resolutions (cached)."},
	{"backlog.getPriorities", (*Service).getPriorities, [][]string{{"array"}},
		"The priorities 2-4. v2: GET /api/v2/priorities (cached)."},
	{"backlog.getCustomFields", (*Service).getCustomFields, [][]string{{"array", "struct"}, {"array", "int"}},
		"A project's custom fields {projectId, issueTypeId?|issueType?}. v2: GET /api/v2/projects/:projectIdOrKey/customFields, GET /api/v2/projects/:projectIdOrKey/issueTypes (cached)."},
	{"backlog.getChildIssues", (*Service).getChildIssues, [][]string{{"struct", "array"}, {"struct", "int"}, {"struct", "struct"}},
		"Child issues keyed by parent issue id. v2: GET /api/v2/issues?parentIssueId[]=… (paged by 100)."},
}
