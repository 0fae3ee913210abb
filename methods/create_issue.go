package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// defaultPriorityID is the legacy default priority 中 (Normal): the
// createIssue page says "未指定の場合は「中」になります".
const defaultPriorityID = 3

// createIssue answers backlog.createIssue (§4.11, the seed page): one
// struct with projectId and summary required and the optional members
// parent_issue_id, description, start_date, due_date, estimated_hours,
// actual_hours, issueTypeId|issueType, componentId|component,
// versionId|version, milestoneId|milestone, priorityId|priority,
// assignerId, custom_fields. Names are resolved in the project through the
// catalog. v2 requires an issue type and a priority; the legacy defaults
// fill them: the project's first issue type (lowest display order) and
// priority 3 (中). Returns the created Issue.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) createIssue(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	pv, _, ok := a.get("projectId", "project_id")
	if !ok {
		return xmlrpc.Value{}, invalidRequired("projectId")
	}
	summary, err := a.reqStr("summary")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	projectID, err := s.projectID(ctx, e, "projectId", pv)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	opts := &v2client.IssueCreateOptions{ProjectID: projectID, Summary: summary, PriorityID: defaultPriorityID}
	f, err := s.issueFields(ctx, e, projectID, a)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	if f.issueType != nil {
		opts.IssueTypeID = *f.issueType
	} else {
		types, err := s.cat.IssueTypes(ctx, e.cl, projectID)
		if err != nil {
			return xmlrpc.Value{}, s.fail(err)
		}
		first, ok := firstIssueType(types)
		if !ok {
			return xmlrpc.Value{}, failure.Invalid("issueTypeId", "the project has no issue type")
		}
		opts.IssueTypeID = first
	}
	if f.priority != nil {
		opts.PriorityID = *f.priority
	}
	opts.CategoryIDs, opts.VersionIDs, opts.MilestoneIDs = f.categories, f.versions, f.milestones
	opts.CustomFields = f.customFields
	opts.ParentIssueID = valuePtr(f.parent)
	opts.Description = valuePtr(f.description)
	opts.StartDate = valuePtr(f.startDate)
	opts.DueDate = valuePtr(f.dueDate)
	opts.EstimatedHours = valuePtr(f.estimated)
	opts.ActualHours = valuePtr(f.actual)
	opts.AssigneeID = valuePtr(f.assignee)
	is, _, err := e.cl.Issues.Create(ctx, opts)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return s.renderIssue(ctx, e, is), nil
}

// valuePtr is the value of a set Optional as a create option (nil when
// unset: createIssue leaves it out).
func valuePtr[T any](o v2client.Optional[T]) *T {
	if v, ok := o.Value(); ok {
		return &v
	}
	return nil
}

// firstIssueType is the legacy default: the project's first issue type in
// display order (v2 lists them in display order; ties keep list order).
func firstIssueType(types []v2client.IssueType) (int64, bool) {
	if len(types) == 0 {
		return 0, false
	}
	best := types[0]
	for _, t := range types[1:] {
		if t.DisplayOrder < best.DisplayOrder {
			best = t
		}
	}
	return best.ID, true
}
