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

func init() {
	registry = append(registry, []methodSpec{
		{"backlog.getTimeline", (*Service).getTimeline, [][]string{{"array"}},
			"Recent issue updates of the caller's projects (≤ 50, newest first, one entry per changed attribute). v2: GET /api/v2/space/activities?activityTypeId[]=1,2,3&count=50, GET /api/v2/issues?id[]=… (one batch), GET /api/v2/projects/:projectIdOrKey/statuses (cached)."},
		{"backlog.getProjectSummary", (*Service).getProjectSummary, [][]string{{"struct", "int"}, {"struct", "string"}},
			"Issue counts per status and per milestone of one project. v2: GET /api/v2/projects/:projectIdOrKey, statuses and versions (cached), GET /api/v2/issues/count, then a paged GET /api/v2/issues or per-status GET /api/v2/issues/count calls, whichever is fewer."},
		{"backlog.getProjectSummaries", (*Service).getProjectSummaries, [][]string{{"array"}},
			"getProjectSummary for every joined project. v2: GET /api/v2/projects, then as getProjectSummary per project."},
	}...)
}

func init() {
	registry = append(registry, []methodSpec{
		{"backlog.admin.getUsers", (*Service).adminGetUsers, [][]string{{"array"}},
			"Every user of the space (administrators only). v2: GET /api/v2/users/myself, GET /api/v2/users."},
		{"backlog.admin.addUser", (*Service).adminAddUser, [][]string{{"struct", "struct"}},
			"Creates a user {user_id, password, name, mail_address, role}; password_md5 alone and icon are refused (501). v2: GET /api/v2/users/myself, POST /api/v2/users."},
		{"backlog.admin.updateUser", (*Service).adminUpdateUser, [][]string{{"struct", "struct"}},
			"Changes a user {id, name?, mail_address?, role?, password?}; password_md5 alone and icon are refused (501). v2: GET /api/v2/users/myself, PATCH /api/v2/users/:userId."},
		{"backlog.admin.deleteUser", (*Service).adminDeleteUser, [][]string{{"struct", "int"}},
			"Deletes a user and returns it. v2: GET /api/v2/users/myself, DELETE /api/v2/users/:userId."},
		{"backlog.admin.getProjects", (*Service).adminGetProjects, [][]string{{"array"}},
			"Every project of the space. v2: GET /api/v2/users/myself, GET /api/v2/projects?all=true."},
		{"backlog.admin.addProject", (*Service).adminAddProject, [][]string{{"struct", "struct"}},
			"Creates a project {name, key, use_chart?, use_parent_child_issue?, text_formatting_rule?}. v2: GET /api/v2/users/myself, POST /api/v2/projects."},
		{"backlog.admin.updateProject", (*Service).adminUpdateProject, [][]string{{"struct", "struct"}},
			"Changes a project {id, name?, key?, use_chart?, use_parent_child_issue?, text_formatting_rule?, archived?}. v2: GET /api/v2/users/myself, PATCH /api/v2/projects/:projectIdOrKey."},
		{"backlog.admin.deleteProject", (*Service).adminDeleteProject, [][]string{{"struct", "int"}},
			"Deletes a project and returns it. v2: GET /api/v2/users/myself, DELETE /api/v2/projects/:projectIdOrKey."},
		{"backlog.admin.getProjectUsers", (*Service).adminGetProjectUsers, [][]string{{"array", "int"}},
			"A project's members. v2: GET /api/v2/users/myself, GET /api/v2/projects/:projectIdOrKey/users."},
		{"backlog.admin.addProjectUser", (*Service).adminAddProjectUser, [][]string{{"array", "struct"}},
			"Adds a member {project_id, user_id} and returns the members. v2: GET /api/v2/users/myself, POST /api/v2/projects/:projectIdOrKey/users, GET /api/v2/projects/:projectIdOrKey/users."},
		{"backlog.admin.updateProjectUsers", (*Service).adminUpdateProjectUsers, [][]string{{"array", "struct"}},
			"Makes the members exactly {project_id, user_id[]} (not atomic; a failure names the applied changes). v2: GET /api/v2/users/myself, GET /api/v2/projects/:projectIdOrKey/users?excludeGroupMembers=true, POST and DELETE /api/v2/projects/:projectIdOrKey/users per change, GET /api/v2/projects/:projectIdOrKey/users."},
		{"backlog.admin.deleteProjectUser", (*Service).adminDeleteProjectUser, [][]string{{"array", "struct"}},
			"Removes a member {project_id, user_id} and returns the members. v2: GET /api/v2/users/myself, DELETE /api/v2/projects/:projectIdOrKey/users, GET /api/v2/projects/:projectIdOrKey/users."},
		{"backlog.admin.addCustomField", (*Service).adminAddCustomField, [][]string{{"struct", "struct"}},
			"Creates a custom field {projectId, typeId, name, issueTypes, ...}. v2: GET /api/v2/users/myself, POST /api/v2/projects/:projectIdOrKey/customFields."},
		{"backlog.admin.updateCustomField", (*Service).adminUpdateCustomField, [][]string{{"struct", "struct"}},
			"Changes a custom field {id, name?, ...}; items replace the list by name. v2: GET /api/v2/users/myself, owning project look-up (cached), PATCH /api/v2/projects/:projectIdOrKey/customFields/:id, item endpoints."},
		{"backlog.admin.deleteCustomField", (*Service).adminDeleteCustomField, [][]string{{"struct", "int"}},
			"Deletes a custom field and returns it. v2: GET /api/v2/users/myself, owning project look-up (cached), DELETE /api/v2/projects/:projectIdOrKey/customFields/:id."},
	}...)
}
