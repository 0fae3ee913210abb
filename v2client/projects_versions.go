package v2client

import (
	"context"
	"net/http"
)

// ListVersions returns the project's versions/milestones (archived included).
//
// v2: GET /api/v2/projects/:projectIdOrKey/versions
func (s *ProjectsService) ListVersions(ctx context.Context, projectIDOrKey string) ([]Version, *Response, error) {
	return getList[Version](ctx, s.client, at("/api/v2/projects/:projectIdOrKey/versions", projectIDOrKey), nil)
}

// VersionOptions are the parameters of POST and PATCH
// /projects/:p/versions. Name is required by both (Backlog wants it on
// every PATCH, §6.5). Dates are sent as yyyy-MM-dd; Archived only on PATCH.
type VersionOptions struct {
	Name           string
	Description    Optional[string]
	StartDate      Optional[Date]
	ReleaseDueDate Optional[Date]
	Archived       *bool
}

func (o *VersionOptions) form() form {
	f := form{}
	f.str("name", o.Name)
	optStr(f, "description", o.Description)
	optDate(f, "startDate", o.StartDate)
	optDate(f, "releaseDueDate", o.ReleaseDueDate)
	f.boolPtr("archived", o.Archived)
	return f
}

// AddVersion adds a version/milestone.
//
// v2: POST /api/v2/projects/:projectIdOrKey/versions
func (s *ProjectsService) AddVersion(ctx context.Context, projectIDOrKey string, opts *VersionOptions) (*Version, *Response, error) {
	return sendOne[Version](ctx, s.client, http.MethodPost, at("/api/v2/projects/:projectIdOrKey/versions", projectIDOrKey), opts.form())
}

// UpdateVersion changes a version/milestone.
//
// v2: PATCH /api/v2/projects/:projectIdOrKey/versions/:id
func (s *ProjectsService) UpdateVersion(ctx context.Context, projectIDOrKey string, id int64, opts *VersionOptions) (*Version, *Response, error) {
	return sendOne[Version](ctx, s.client, http.MethodPatch, at("/api/v2/projects/:projectIdOrKey/versions/:id", projectIDOrKey, itoa(id)), opts.form())
}

// DeleteVersion removes a version/milestone.
//
// v2: DELETE /api/v2/projects/:projectIdOrKey/versions/:id
func (s *ProjectsService) DeleteVersion(ctx context.Context, projectIDOrKey string, id int64) (*Version, *Response, error) {
	return sendOne[Version](ctx, s.client, http.MethodDelete, at("/api/v2/projects/:projectIdOrKey/versions/:id", projectIDOrKey, itoa(id)), form{})
}

// Version is a version or milestone (§2.6): one list per project serves both.
type Version struct {
	ID             int64   `json:"id"`
	ProjectID      int64   `json:"projectId"`
	Name           string  `json:"name"`
	Description    *string `json:"description"`
	StartDate      *Date   `json:"startDate"`
	ReleaseDueDate *Date   `json:"releaseDueDate"`
	Archived       bool    `json:"archived"`
	DisplayOrder   int64   `json:"displayOrder"`
}
