package v2client

import "context"

// PrioritiesService reads the space-wide priorities (§2.8).
type PrioritiesService service

// List returns the priorities (ids 2, 3, 4), named in the space language.
//
// v2: GET /api/v2/priorities
func (s *PrioritiesService) List(ctx context.Context) ([]Priority, *Response, error) {
	return getList[Priority](ctx, s.client, at("/api/v2/priorities"), nil)
}

// ResolutionsService reads the space-wide resolutions (§2.8).
type ResolutionsService service

// List returns the resolutions (ids 0-4).
//
// v2: GET /api/v2/resolutions
func (s *ResolutionsService) List(ctx context.Context) ([]Resolution, *Response, error) {
	return getList[Resolution](ctx, s.client, at("/api/v2/resolutions"), nil)
}

// StatusesService reads the old space-wide status list. Whether Backlog
// still serves it is UNCONFIRMED (§3.7); prefer ProjectsService.ListStatuses.
type StatusesService service

// List returns the four built-in statuses {id, name}.
//
// v2: GET /api/v2/statuses
func (s *StatusesService) List(ctx context.Context) ([]Status, *Response, error) {
	return getList[Status](ctx, s.client, at("/api/v2/statuses"), nil)
}

// BuiltinStatus ids are the same in every project (§2.7).
const (
	StatusOpen       int64 = 1
	StatusInProgress int64 = 2
	StatusResolved   int64 = 3
	StatusClosed     int64 = 4
)

// Status is a project status (§2.7); ids 1-4 are built in. GET /statuses
// answers only id and name.
type Status struct {
	ID           int64  `json:"id"`
	ProjectID    int64  `json:"projectId,omitempty"`
	Name         string `json:"name"`
	Color        string `json:"color,omitempty"`
	DisplayOrder int64  `json:"displayOrder,omitempty"`
}

// Priority is a space-wide priority (2 high, 3 normal, 4 low).
type Priority struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Resolution is a space-wide resolution (0-4).
type Resolution struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}
