package v2client

import (
	"context"
	"net/http"
)

// ListIssueTypes returns the project's issue types in display order.
//
// v2: GET /api/v2/projects/:projectIdOrKey/issueTypes
func (s *ProjectsService) ListIssueTypes(ctx context.Context, projectIDOrKey string) ([]IssueType, *Response, error) {
	return getList[IssueType](ctx, s.client, at("/api/v2/projects/:projectIdOrKey/issueTypes", projectIDOrKey), nil)
}

// IssueTypeOptions are the parameters of POST (Name and Color required) and
// PATCH (all optional) /projects/:p/issueTypes. Colours: the palette of §2.4.
type IssueTypeOptions struct {
	Name                *string
	Color               *string
	TemplateSummary     Optional[string]
	TemplateDescription Optional[string]
}

func (o *IssueTypeOptions) form() form {
	f := form{}
	f.strPtr("name", o.Name)
	f.strPtr("color", o.Color)
	optStr(f, "templateSummary", o.TemplateSummary)
	optStr(f, "templateDescription", o.TemplateDescription)
	return f
}

// AddIssueType adds an issue type.
//
// v2: POST /api/v2/projects/:projectIdOrKey/issueTypes
func (s *ProjectsService) AddIssueType(ctx context.Context, projectIDOrKey string, opts *IssueTypeOptions) (*IssueType, *Response, error) {
	return sendOne[IssueType](ctx, s.client, http.MethodPost, at("/api/v2/projects/:projectIdOrKey/issueTypes", projectIDOrKey), opts.form())
}

// UpdateIssueType changes an issue type.
//
// v2: PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id
func (s *ProjectsService) UpdateIssueType(ctx context.Context, projectIDOrKey string, id int64, opts *IssueTypeOptions) (*IssueType, *Response, error) {
	return sendOne[IssueType](ctx, s.client, http.MethodPatch, at("/api/v2/projects/:projectIdOrKey/issueTypes/:id", projectIDOrKey, itoa(id)), opts.form())
}

// DeleteIssueType removes an issue type; its issues move to
// substituteIssueTypeID (required by Backlog).
//
// v2: DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id (form body substituteIssueTypeId)
func (s *ProjectsService) DeleteIssueType(ctx context.Context, projectIDOrKey string, id, substituteIssueTypeID int64) (*IssueType, *Response, error) {
	f := form{}
	f.int("substituteIssueTypeId", substituteIssueTypeID)
	return sendOne[IssueType](ctx, s.client, http.MethodDelete, at("/api/v2/projects/:projectIdOrKey/issueTypes/:id", projectIDOrKey, itoa(id)), f)
}

// IssueType is a project's issue type (§2.4). Issue-embedded copies carry no
// templates.
type IssueType struct {
	ID                  int64   `json:"id"`
	ProjectID           int64   `json:"projectId"`
	Name                string  `json:"name"`
	Color               string  `json:"color"`
	DisplayOrder        int64   `json:"displayOrder"`
	TemplateSummary     *string `json:"templateSummary"`
	TemplateDescription *string `json:"templateDescription"`
}
