package fake

import "strings"

// buildRoutes lists every endpoint the fake serves. The template is the
// route key of the counters and of Faults.Endpoints; literal segments are
// listed before variable ones of the same shape so that /issues/count wins
// over /issues/:issueIdOrKey.
func buildRoutes(s *Server) map[routeShape][]*route {
	type r = route
	list := []*r{
		{method: "POST", tmpl: "/api/v2/oauth2/token", class: classUpdate, noAuth: true, h: s.postToken},

		{method: "GET", tmpl: "/api/v2/space", h: s.getSpace},
		{method: "GET", tmpl: "/api/v2/space/activities", h: s.getSpaceActivities},
		{method: "GET", tmpl: "/api/v2/rateLimit", h: s.getRateLimit},
		{method: "GET", tmpl: "/api/v2/priorities", h: s.getPriorities},
		{method: "GET", tmpl: "/api/v2/resolutions", h: s.getResolutions},
		{method: "GET", tmpl: "/api/v2/statuses", h: s.getSpaceStatuses},

		{method: "GET", tmpl: "/api/v2/users", h: s.getUsers},
		{method: "POST", tmpl: "/api/v2/users", class: classUpdate, h: s.postUser},
		{method: "GET", tmpl: "/api/v2/users/myself", h: s.getMyself},
		{method: "GET", tmpl: "/api/v2/users/:userId", h: s.getUser},
		{method: "PATCH", tmpl: "/api/v2/users/:userId", class: classUpdate, h: s.patchUser},
		{method: "DELETE", tmpl: "/api/v2/users/:userId", class: classUpdate, h: s.deleteUser},
		{method: "GET", tmpl: "/api/v2/users/:userId/icon", class: classIcon, h: s.getUserIcon},
		{method: "GET", tmpl: "/api/v2/users/:userId/activities", h: s.getUserActivities},

		{method: "GET", tmpl: "/api/v2/projects", h: s.getProjects},
		{method: "POST", tmpl: "/api/v2/projects", class: classUpdate, h: s.postProject},
		{method: "GET", tmpl: "/api/v2/projects/:projectIdOrKey", h: s.getProject},
		{method: "PATCH", tmpl: "/api/v2/projects/:projectIdOrKey", class: classUpdate, h: s.patchProject},
		{method: "DELETE", tmpl: "/api/v2/projects/:projectIdOrKey", class: classUpdate, h: s.deleteProject},
		{method: "GET", tmpl: "/api/v2/projects/:projectIdOrKey/users", h: s.getProjectUsers},
		{method: "POST", tmpl: "/api/v2/projects/:projectIdOrKey/users", class: classUpdate, h: s.postProjectUser},
		{method: "DELETE", tmpl: "/api/v2/projects/:projectIdOrKey/users", class: classUpdate, h: s.deleteProjectUser},
		{method: "GET", tmpl: "/api/v2/projects/:projectIdOrKey/administrators", h: s.getProjectAdmins},
		{method: "POST", tmpl: "/api/v2/projects/:projectIdOrKey/administrators", class: classUpdate, h: s.postProjectAdmin},
		{method: "DELETE", tmpl: "/api/v2/projects/:projectIdOrKey/administrators", class: classUpdate, h: s.deleteProjectAdmin},
		{method: "GET", tmpl: "/api/v2/projects/:projectIdOrKey/activities", h: s.getProjectActivities},

		{method: "GET", tmpl: "/api/v2/projects/:projectIdOrKey/issueTypes", h: issueTypes.get(s)},
		{method: "POST", tmpl: "/api/v2/projects/:projectIdOrKey/issueTypes", class: classUpdate, h: s.postIssueType},
		{method: "PATCH", tmpl: "/api/v2/projects/:projectIdOrKey/issueTypes/:id", class: classUpdate, h: s.patchIssueType},
		{method: "DELETE", tmpl: "/api/v2/projects/:projectIdOrKey/issueTypes/:id", class: classUpdate, h: s.deleteIssueType},
		{method: "GET", tmpl: "/api/v2/projects/:projectIdOrKey/categories", h: categories.get(s)},
		{method: "POST", tmpl: "/api/v2/projects/:projectIdOrKey/categories", class: classUpdate, h: s.postCategory},
		{method: "PATCH", tmpl: "/api/v2/projects/:projectIdOrKey/categories/:id", class: classUpdate, h: s.patchCategory},
		{method: "DELETE", tmpl: "/api/v2/projects/:projectIdOrKey/categories/:id", class: classUpdate, h: s.deleteCategory},
		{method: "GET", tmpl: "/api/v2/projects/:projectIdOrKey/versions", h: versions.get(s)},
		{method: "POST", tmpl: "/api/v2/projects/:projectIdOrKey/versions", class: classUpdate, h: s.postVersion},
		{method: "PATCH", tmpl: "/api/v2/projects/:projectIdOrKey/versions/:id", class: classUpdate, h: s.patchVersion},
		{method: "DELETE", tmpl: "/api/v2/projects/:projectIdOrKey/versions/:id", class: classUpdate, h: s.deleteVersion},
		{method: "GET", tmpl: "/api/v2/projects/:projectIdOrKey/statuses", h: statuses.get(s)},
		{method: "POST", tmpl: "/api/v2/projects/:projectIdOrKey/statuses", class: classUpdate, h: s.postStatus},
		{method: "PATCH", tmpl: "/api/v2/projects/:projectIdOrKey/statuses/:id", class: classUpdate, h: s.patchStatus},
		{method: "DELETE", tmpl: "/api/v2/projects/:projectIdOrKey/statuses/:id", class: classUpdate, h: s.deleteStatus},
		{method: "GET", tmpl: "/api/v2/projects/:projectIdOrKey/customFields", h: customFields.get(s)},
		{method: "POST", tmpl: "/api/v2/projects/:projectIdOrKey/customFields", class: classUpdate, h: s.postCustomField},
		{method: "PATCH", tmpl: "/api/v2/projects/:projectIdOrKey/customFields/:id", class: classUpdate, h: s.patchCustomField},
		{method: "DELETE", tmpl: "/api/v2/projects/:projectIdOrKey/customFields/:id", class: classUpdate, h: s.deleteCustomField},
		{method: "POST", tmpl: "/api/v2/projects/:projectIdOrKey/customFields/:id/items", class: classUpdate, h: s.postCustomFieldItem},
		{method: "PATCH", tmpl: "/api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId", class: classUpdate, h: s.patchCustomFieldItem},
		{method: "DELETE", tmpl: "/api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId", class: classUpdate, h: s.deleteCustomFieldItem},

		{method: "GET", tmpl: "/api/v2/issues", class: classSearch, h: s.getIssues},
		{method: "GET", tmpl: "/api/v2/issues/count", class: classSearch, h: s.getIssuesCount},
		{method: "POST", tmpl: "/api/v2/issues", class: classUpdate, h: s.postIssue},
		{method: "GET", tmpl: "/api/v2/issues/:issueIdOrKey", h: s.getIssue},
		{method: "PATCH", tmpl: "/api/v2/issues/:issueIdOrKey", class: classUpdate, h: s.patchIssue},
		{method: "DELETE", tmpl: "/api/v2/issues/:issueIdOrKey", class: classUpdate, h: s.deleteIssue},
		{method: "GET", tmpl: "/api/v2/issues/:issueIdOrKey/comments", h: s.getComments},
		{method: "POST", tmpl: "/api/v2/issues/:issueIdOrKey/comments", class: classUpdate, h: s.postComment},
		{method: "GET", tmpl: "/api/v2/issues/:issueIdOrKey/comments/count", h: s.getCommentsCount},
		{method: "GET", tmpl: "/api/v2/issues/:issueIdOrKey/comments/:commentId", h: s.getComment},
		{method: "PATCH", tmpl: "/api/v2/issues/:issueIdOrKey/comments/:commentId", class: classUpdate, h: s.patchComment},
		{method: "DELETE", tmpl: "/api/v2/issues/:issueIdOrKey/comments/:commentId", class: classUpdate, h: s.deleteComment},
	}
	out := map[routeShape][]*route{}
	for _, rt := range list {
		rt.key = rt.method + " " + rt.tmpl
		rt.segs = strings.Split(strings.TrimPrefix(rt.tmpl, "/"), "/")
		shape := routeShape{rt.method, len(rt.segs)}
		out[shape] = append(out[shape], rt)
	}
	return out
}

// Routes returns the endpoint keys the fake serves ("METHOD /api/v2/..."),
// in a fixed order: the keys of Counters and Faults.Endpoints.
func (s *Server) Routes() []string {
	var keys []string
	for _, rts := range s.routes {
		for _, rt := range rts {
			keys = append(keys, rt.key)
		}
	}
	sortStrings(keys)
	return keys
}
