package v2client

import (
	"context"
	"net/http"
)

// ListCategories returns the project's categories.
//
// v2: GET /api/v2/projects/:projectIdOrKey/categories
func (s *ProjectsService) ListCategories(ctx context.Context, projectIDOrKey string) ([]Category, *Response, error) {
	return getList[Category](ctx, s.client, at("/api/v2/projects/:projectIdOrKey/categories", projectIDOrKey), nil)
}

// AddCategory adds a category.
//
// v2: POST /api/v2/projects/:projectIdOrKey/categories (name)
func (s *ProjectsService) AddCategory(ctx context.Context, projectIDOrKey, name string) (*Category, *Response, error) {
	f := form{}
	f.str("name", name)
	return sendOne[Category](ctx, s.client, http.MethodPost, at("/api/v2/projects/:projectIdOrKey/categories", projectIDOrKey), f)
}

// UpdateCategory renames a category.
//
// v2: PATCH /api/v2/projects/:projectIdOrKey/categories/:id (name)
func (s *ProjectsService) UpdateCategory(ctx context.Context, projectIDOrKey string, id int64, name string) (*Category, *Response, error) {
	f := form{}
	f.str("name", name)
	return sendOne[Category](ctx, s.client, http.MethodPatch, at("/api/v2/projects/:projectIdOrKey/categories/:id", projectIDOrKey, itoa(id)), f)
}

// DeleteCategory removes a category.
//
// v2: DELETE /api/v2/projects/:projectIdOrKey/categories/:id
func (s *ProjectsService) DeleteCategory(ctx context.Context, projectIDOrKey string, id int64) (*Category, *Response, error) {
	return sendOne[Category](ctx, s.client, http.MethodDelete, at("/api/v2/projects/:projectIdOrKey/categories/:id", projectIDOrKey, itoa(id)), form{})
}

// Category is a project's category (legacy "component", §2.5).
type Category struct {
	ID           int64  `json:"id"`
	ProjectID    int64  `json:"projectId,omitempty"`
	Name         string `json:"name"`
	DisplayOrder int64  `json:"displayOrder"`
}
