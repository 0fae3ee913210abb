package preflight

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// issueForm is one parameter form of GET /issues and /issues/count that
// the gateway sends (find_issue.go, search.go, count_issue.go,
// get_child_issues.go, get_timeline.go, summary_plan.go).
type issueForm struct {
	name string
	opts v2client.IssueListOptions
}

// reads runs every read the legacy methods make, as the checker's user.
func (k *checker) reads(ctx context.Context) {
	c := k.c
	var space *v2client.Space
	k.probe(ctx, "GET /api/v2/space", "", typeOf[v2client.Space](), func(ctx context.Context) (r *v2client.Response, err error) {
		space, r, err = c.Space.Get(ctx)
		return r, err
	})
	if space != nil {
		k.report.TimeZone = space.Timezone
	}
	var me *v2client.User
	k.probe(ctx, "GET /api/v2/users/myself", "", typeOf[v2client.User](), func(ctx context.Context) (r *v2client.Response, err error) {
		me, r, err = c.Users.Myself(ctx)
		return r, err
	})
	if me != nil {
		k.report.RunAs = me.UserID
		if me.RoleType != v2client.RoleAdministrator {
			k.notAdmin = fmt.Sprintf("the gateway answers fault 403: backlog.admin.* is for space administrators only (roleType 1), and %s has roleType %d", me.UserID, me.RoleType)
		}
	}
	var projects []v2client.Project
	k.probe(ctx, "GET /api/v2/projects", "", typeOf[[]v2client.Project](), func(ctx context.Context) (r *v2client.Response, err error) {
		projects, r, err = c.Projects.List(ctx, nil)
		return r, err
	})
	for _, q := range []struct {
		call string
		typ  reflect.Type
		run  func(ctx context.Context) (*v2client.Response, error)
	}{
		{"GET /api/v2/priorities", typeOf[[]v2client.Priority](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Priorities.List(ctx)
			return r, err
		}},
		{"GET /api/v2/resolutions", typeOf[[]v2client.Resolution](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Resolutions.List(ctx)
			return r, err
		}},
		{"GET /api/v2/space/activities", typeOf[[]v2client.Activity](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Space.ListActivities(ctx, &v2client.ActivityListOptions{Count: 100})
			return r, err
		}},
		{"GET /api/v2/users", typeOf[[]v2client.User](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Users.List(ctx)
			return r, err
		}},
	} {
		k.probe(ctx, q.call, "", q.typ, q.run)
	}
	if me != nil {
		k.probe(ctx, "GET /api/v2/users/:userId", "", typeOf[v2client.User](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Users.Get(ctx, me.ID)
			return r, err
		})
		k.probe(ctx, "GET /api/v2/users/:userId/icon", "", nil, func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Users.Icon(ctx, me.ID)
			return r, err
		})
	} else {
		k.skip("GET /api/v2/users/:userId", "GET /api/v2/users/myself failed")
		k.skip("GET /api/v2/users/:userId/icon", "GET /api/v2/users/myself failed")
	}

	var project *v2client.Project
	switch {
	case k.opts.Project != "":
		project = &v2client.Project{ProjectKey: k.opts.Project}
	case len(projects) > 0:
		project = &projects[0]
	}
	if project == nil {
		for _, call := range projectCalls {
			k.skip(call, "the user has joined no project (give --project)")
		}
		return
	}
	key := project.ProjectKey
	k.report.Project = key
	k.probe(ctx, "GET /api/v2/projects/:projectIdOrKey", "", typeOf[v2client.Project](), func(ctx context.Context) (*v2client.Response, error) {
		p, r, err := c.Projects.Get(ctx, key)
		if p != nil {
			project = p
		}
		return r, err
	})
	var (
		types      []v2client.IssueType
		categories []v2client.Category
		versions   []v2client.Version
		statuses   []v2client.Status
		fields     []v2client.CustomField
	)
	for _, q := range []struct {
		call string
		typ  reflect.Type
		run  func(ctx context.Context) (r *v2client.Response, err error)
	}{
		{"GET /api/v2/projects/:projectIdOrKey/issueTypes", typeOf[[]v2client.IssueType](), func(ctx context.Context) (r *v2client.Response, err error) {
			types, r, err = c.Projects.ListIssueTypes(ctx, key)
			return r, err
		}},
		{"GET /api/v2/projects/:projectIdOrKey/categories", typeOf[[]v2client.Category](), func(ctx context.Context) (r *v2client.Response, err error) {
			categories, r, err = c.Projects.ListCategories(ctx, key)
			return r, err
		}},
		{"GET /api/v2/projects/:projectIdOrKey/versions", typeOf[[]v2client.Version](), func(ctx context.Context) (r *v2client.Response, err error) {
			versions, r, err = c.Projects.ListVersions(ctx, key)
			return r, err
		}},
		{"GET /api/v2/projects/:projectIdOrKey/statuses", typeOf[[]v2client.Status](), func(ctx context.Context) (r *v2client.Response, err error) {
			statuses, r, err = c.Projects.ListStatuses(ctx, key)
			return r, err
		}},
		{"GET /api/v2/projects/:projectIdOrKey/customFields", typeOf[[]v2client.CustomField](), func(ctx context.Context) (r *v2client.Response, err error) {
			fields, r, err = c.Projects.ListCustomFields(ctx, key)
			return r, err
		}},
		{"GET /api/v2/projects/:projectIdOrKey/users", typeOf[[]v2client.User](), func(ctx context.Context) (r *v2client.Response, err error) {
			_, r, err = c.Projects.ListUsers(ctx, key, false)
			return r, err
		}},
	} {
		k.probe(ctx, q.call, "", q.typ, q.run)
	}

	// Every parameter form of the issue searches, once on each endpoint.
	pid := []int64{project.ID}
	var first *v2client.Issue
	forms := issueForms(pid, me, types, categories, versions, statuses, fields)
	for _, f := range forms {
		opts := f.opts
		k.probe(ctx, "GET /api/v2/issues", f.name, typeOf[[]v2client.Issue](), func(ctx context.Context) (*v2client.Response, error) {
			list, r, err := c.Issues.List(ctx, &opts)
			if first == nil && len(list) > 0 {
				first = &list[0]
			}
			return r, err
		})
		k.probe(ctx, "GET /api/v2/issues/count", f.name, typeOf[v2client.Count](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Issues.Count(ctx, &opts)
			return r, err
		})
	}
	if first == nil {
		for _, call := range issueCalls {
			k.skip(call, "no issue in project "+key+" to read")
		}
		return
	}
	issueKey := first.IssueKey
	k.probe(ctx, "GET /api/v2/issues", "id[] count", typeOf[[]v2client.Issue](), func(ctx context.Context) (*v2client.Response, error) {
		_, r, err := c.Issues.List(ctx, &v2client.IssueListOptions{IDs: []int64{first.ID}, Count: 100})
		return r, err
	})
	k.probe(ctx, "GET /api/v2/issues", "parentIssueId[] sort order", typeOf[[]v2client.Issue](), func(ctx context.Context) (*v2client.Response, error) {
		_, r, err := c.Issues.List(ctx, &v2client.IssueListOptions{ParentIssueIDs: []int64{first.ID}, Sort: "created", Order: "asc"})
		return r, err
	})
	k.probe(ctx, "GET /api/v2/issues/:issueIdOrKey", "", typeOf[v2client.Issue](), func(ctx context.Context) (*v2client.Response, error) {
		_, r, err := c.Issues.Get(ctx, issueKey)
		return r, err
	})
	k.probe(ctx, "GET /api/v2/issues/:issueIdOrKey/comments", "", typeOf[[]v2client.Comment](), func(ctx context.Context) (*v2client.Response, error) {
		_, r, err := c.Comments.List(ctx, issueKey, &v2client.CommentListOptions{Order: "asc", Count: 100})
		return r, err
	})
}

// projectCalls are the reads that need a project; issueCalls those that
// need an issue.
var (
	projectCalls = []string{"GET /api/v2/projects/:projectIdOrKey", "GET /api/v2/projects/:projectIdOrKey/issueTypes",
		"GET /api/v2/projects/:projectIdOrKey/categories", "GET /api/v2/projects/:projectIdOrKey/versions",
		"GET /api/v2/projects/:projectIdOrKey/statuses", "GET /api/v2/projects/:projectIdOrKey/customFields",
		"GET /api/v2/projects/:projectIdOrKey/users", "GET /api/v2/issues", "GET /api/v2/issues/count"}
	issueCalls = []string{"GET /api/v2/issues/:issueIdOrKey", "GET /api/v2/issues/:issueIdOrKey/comments"}
)

// issueForms lists the search parameter forms, filled with ids the space
// has (a form whose ids the space lacks is sent without them).
func issueForms(pid []int64, me *v2client.User, types []v2client.IssueType, categories []v2client.Category,
	versions []v2client.Version, statuses []v2client.Status, fields []v2client.CustomField) []issueForm {
	firstID := func(n int, id func(int) int64) []int64 {
		if n == 0 {
			return nil
		}
		return []int64{id(0)}
	}
	now := time.Now().UTC()
	from, to := now.AddDate(-10, 0, 0), now.AddDate(0, 0, 1)
	since, until := v2client.NewDate(from.Date()), v2client.NewDate(to.Date())
	forms := []issueForm{
		{"projectId[]", v2client.IssueListOptions{ProjectIDs: pid}},
		{"projectId[] sort order offset count", v2client.IssueListOptions{ProjectIDs: pid, Sort: "created", Order: "asc", Offset: 1, Count: 100}},
		{"statusId[]", v2client.IssueListOptions{ProjectIDs: pid, StatusIDs: firstID(len(statuses), func(i int) int64 { return statuses[i].ID })}},
		{"issueTypeId[] categoryId[] versionId[] milestoneId[]", v2client.IssueListOptions{ProjectIDs: pid,
			IssueTypeIDs: firstID(len(types), func(i int) int64 { return types[i].ID }),
			CategoryIDs:  firstID(len(categories), func(i int) int64 { return categories[i].ID }),
			VersionIDs:   firstID(len(versions), func(i int) int64 { return versions[i].ID }),
			MilestoneIDs: firstID(len(versions), func(i int) int64 { return versions[i].ID })}},
		{"priorityId[] resolutionId[]", v2client.IssueListOptions{ProjectIDs: pid, PriorityIDs: []int64{3}, ResolutionIDs: []int64{0}}},
		{"keyword parentChild attachment sharedFile", v2client.IssueListOptions{ProjectIDs: pid, Keyword: "a", ParentChild: 1, Attachment: true, SharedFile: true}},
		{"created/updated/startDate/dueDate since-until", v2client.IssueListOptions{ProjectIDs: pid,
			CreatedSince: since, CreatedUntil: until, UpdatedSince: since, UpdatedUntil: until,
			StartDateSince: since, StartDateUntil: until, DueDateSince: since, DueDateUntil: until}},
	}
	if me != nil {
		forms = append(forms, issueForm{"assigneeId[] createdUserId[]", v2client.IssueListOptions{ProjectIDs: pid, AssigneeIDs: []int64{me.ID}, CreatedUserIDs: []int64{me.ID}}})
	}
	for _, f := range fields {
		var cond v2client.CustomFieldCondition
		switch {
		case f.TypeID == v2client.CustomFieldText || f.TypeID == v2client.CustomFieldSentence:
			cond = v2client.CustomFieldCondition{ID: f.ID, Keyword: "a"}
		case f.TypeID == v2client.CustomFieldNumeric:
			cond = v2client.CustomFieldCondition{ID: f.ID, Min: "0", Max: "1000"}
		case f.TypeID == v2client.CustomFieldDate:
			cond = v2client.CustomFieldCondition{ID: f.ID, Min: since.Format(nil), Max: until.Format(nil)}
		case f.TypeID.IsList() && len(f.Items) > 0:
			cond = v2client.CustomFieldCondition{ID: f.ID, ItemIDs: []int64{f.Items[0].ID}}
		default:
			continue
		}
		forms = append(forms, issueForm{"customField_" + v2client.ID(f.ID) + " (type " + v2client.ID(int64(f.TypeID)) + ")",
			v2client.IssueListOptions{ProjectIDs: pid, CustomFields: []v2client.CustomFieldCondition{cond}}})
	}
	return forms
}
