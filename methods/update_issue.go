package methods

import (
	"context"
	"strconv"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// updateIssue answers backlog.updateIssue (§4.12): one struct with `key`
// required (an issue id is accepted too — decision) plus any of summary,
// parent_issue_id, description, start_date, due_date, estimated_hours,
// actual_hours, issueTypeId|issueType, componentId|component,
// versionId|version, milestoneId|milestone, priorityId|priority,
// assignerId, resolutionId, comment, custom_fields. Omitted members are
// left unchanged; "" clears an optional member (§2.6); list members replace
// the whole list (v2's PATCH semantics; "" or [] empties it). statusId is
// not part of updateIssue (switchStatus changes status) and is ignored like
// any unknown member. Returns the updated Issue.
//
// Names need the issue's project. For a key it comes from the key's
// prefix (an issue key is PROJECTKEY-n), resolved through the catalog, so
// no GET of the issue is needed; for a numeric id with names, one
// GET /issues/:id reads the project first.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) updateIssue(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, err := structArgs(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	key, err := issueKeyArg(a)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	var projectID int64
	if needsProject(a) {
		if projectID, err = s.issueProject(ctx, e, key); err != nil {
			return xmlrpc.Value{}, err
		}
	}
	f, err := s.issueFields(ctx, e, projectID, a)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	opts := &v2client.IssueUpdateOptions{
		ParentIssueID: f.parent, Description: f.description, ResolutionID: f.resolution,
		StartDate: f.startDate, DueDate: f.dueDate, EstimatedHours: f.estimated, ActualHours: f.actual,
		AssigneeID: f.assignee, IssueTypeID: f.issueType, PriorityID: f.priority, CustomFields: f.customFields,
	}
	if sum, ok, err := a.str("summary"); err != nil {
		return xmlrpc.Value{}, err
	} else if ok {
		if sum == "" {
			return xmlrpc.Value{}, failure.Invalid("summary", "cannot be empty")
		}
		opts.Summary = &sum
	}
	if f.categoriesSet {
		opts.CategoryIDs = v2client.Set(f.categories)
	}
	if f.versionsSet {
		opts.VersionIDs = v2client.Set(f.versions)
	}
	if f.milestonesSet {
		opts.MilestoneIDs = v2client.Set(f.milestones)
	}
	if opts.Comment, err = commentArg(a); err != nil {
		return xmlrpc.Value{}, err
	}
	is, _, err := e.cl.Issues.Update(ctx, key, opts)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	return s.renderIssue(ctx, e, is), nil
}

// needsProject reports whether an update names something that must be
// resolved inside the issue's project.
func needsProject(a args) bool {
	return a.has("issueType", "issue_type", "component", "category", "version", "milestone", "custom_fields", "customFields")
}

// issueProject returns the project of an issue: from the key's prefix
// through the catalog (free when warm), or with one GET /issues/:id for a
// numeric id.
func (s *Service) issueProject(ctx context.Context, e env, idOrKey string) (int64, error) {
	if _, err := strconv.ParseInt(idOrKey, 10, 64); err != nil {
		pk, ok := catalog.IssueProjectKey(idOrKey)
		if !ok {
			return 0, failure.Invalid("key", "not an issue key: %q", clip(idOrKey))
		}
		id, err := s.cat.ProjectID(ctx, e.cl, pk)
		if err != nil {
			err = s.fail(err)
			if failure.CodeOf(err) == failure.NotFound {
				return 0, failure.New(failure.NotFound, "no issue %s", clip(idOrKey))
			}
			return 0, err
		}
		return id, nil
	}
	is, _, err := e.cl.Issues.Get(ctx, idOrKey)
	if err != nil {
		return 0, s.fail(err)
	}
	return is.ProjectID, nil
}
