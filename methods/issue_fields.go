package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// issueFields are the issue members shared by createIssue and updateIssue,
// read and resolved to v2 ids. Optional members distinguish absent (unset),
// "" (Clear, updateIssue only) and a value; list members are nil when
// absent and an empty non-nil slice when sent empty (clear).
type issueFields struct {
	description                               v2client.Optional[string]
	parent, assignee, resolution              v2client.Optional[int64]
	startDate, dueDate                        v2client.Optional[v2client.Date]
	estimated, actual                         v2client.Optional[float64]
	issueType, priority                       *int64
	categories, versions, milestones          []int64
	categoriesSet, versionsSet, milestonesSet bool
	customFields                              []v2client.CustomFieldInput
}

// issueFields reads the shared members of a createIssue/updateIssue struct.
// Names are resolved in projectID through the catalog (a name lookup costs
// a call only when the list is cold).
func (s *Service) issueFields(ctx context.Context, e env, projectID int64, a args) (issueFields, error) {
	var f issueFields
	var err error
	if f.description, err = a.optStr("description"); err != nil {
		return f, err
	}
	if f.parent, err = a.optInt("parent_issue_id", "parentIssueId"); err != nil {
		return f, err
	}
	if f.assignee, err = a.optInt("assignerId", "assigner_id", "assigneeId"); err != nil {
		return f, err
	}
	if f.resolution, err = a.optInt("resolutionId", "resolution_id"); err != nil {
		return f, err
	}
	if f.startDate, err = a.optDate("start_date", "startDate"); err != nil {
		return f, err
	}
	if f.dueDate, err = a.optDate("due_date", "dueDate"); err != nil {
		return f, err
	}
	if f.estimated, err = a.optDouble("estimated_hours", "estimatedHours"); err != nil {
		return f, err
	}
	if f.actual, err = a.optDouble("actual_hours", "actualHours"); err != nil {
		return f, err
	}
	one := func(ids []int64, present bool, err error) (*int64, error) {
		if err != nil || !present || len(ids) == 0 {
			return nil, err
		}
		return &ids[0], nil
	}
	if f.issueType, err = one(idsOrNames(a, []string{"issueTypeId", "issue_type_id"}, []string{"issueType", "issue_type"},
		func(m string, names []string) ([]int64, error) {
			return s.namedIDs(ctx, e.cl, catalog.IssueTypes, projectID, m, names[:1])
		})); err != nil {
		return f, err
	}
	if f.priority, err = one(idsOrNames(a, []string{"priorityId", "priority_id"}, []string{"priority"},
		func(m string, names []string) ([]int64, error) { return s.priorityIDs(ctx, e.cl, m, names[:1]) })); err != nil {
		return f, err
	}
	list := func(idM, nameM []string, resolve func(string, []string) ([]int64, error)) ([]int64, bool, error) {
		if a.clear(idM...) || a.clear(nameM...) {
			return []int64{}, true, nil
		}
		ids, present, err := idsOrNames(a, idM, nameM, resolve)
		if present && ids == nil {
			ids = []int64{}
		}
		return ids, present, err
	}
	if f.categories, f.categoriesSet, err = list([]string{"componentId", "component_id", "categoryId"}, []string{"component", "category"},
		func(m string, n []string) ([]int64, error) {
			return s.namedIDs(ctx, e.cl, catalog.Categories, projectID, m, n)
		}); err != nil {
		return f, err
	}
	if f.versions, f.versionsSet, err = list([]string{"versionId", "version_id"}, []string{"version"},
		func(m string, n []string) ([]int64, error) {
			return s.namedIDs(ctx, e.cl, catalog.Versions, projectID, m, n)
		}); err != nil {
		return f, err
	}
	if f.milestones, f.milestonesSet, err = list([]string{"milestoneId", "milestone_id"}, []string{"milestone"},
		func(m string, n []string) ([]int64, error) {
			return s.namedIDs(ctx, e.cl, catalog.Versions, projectID, m, n)
		}); err != nil {
		return f, err
	}
	if f.customFields, err = s.customFieldInputs(ctx, e.cl, projectID, a); err != nil {
		return f, err
	}
	return f, nil
}

// projectID resolves a projectId member (id, digits, or a project key).
func (s *Service) projectID(ctx context.Context, e env, member string, v xmlrpc.Value) (int64, error) {
	idOrKey, err := projectIDOrKey(member, v)
	if err != nil {
		return 0, err
	}
	id, err := s.cat.ProjectID(ctx, e.cl, idOrKey)
	if err != nil {
		return 0, s.fail(err)
	}
	return id, nil
}
