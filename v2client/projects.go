package v2client

import (
	"context"
	"net/http"
	"net/url"
)

// ProjectsService covers projects and what hangs off them: members, issue
// types, categories, versions/milestones, statuses, custom fields and the
// project's activities (§3.2-3.8, §3.11). projectIDOrKey is the numeric id
// (use ID) or the project key.
type ProjectsService service

// ProjectListOptions filters GET /projects.
type ProjectListOptions struct {
	// Archived: nil lists all, false only active, true only archived projects.
	Archived *bool
	// All lists every project of the space instead of the joined ones
	// (honoured for administrators only).
	All bool
}

// List returns the projects the caller has joined (or all, see opts).
//
// v2: GET /api/v2/projects
func (s *ProjectsService) List(ctx context.Context, opts *ProjectListOptions) ([]Project, *Response, error) {
	f := form{}
	if opts != nil {
		f.boolPtr("archived", opts.Archived)
		if opts.All {
			f.bool("all", true)
		}
	}
	return getList[Project](ctx, s.client, at("/api/v2/projects"), url.Values(f))
}

// Get returns one project.
//
// v2: GET /api/v2/projects/:projectIdOrKey
func (s *ProjectsService) Get(ctx context.Context, projectIDOrKey string) (*Project, *Response, error) {
	return getOne[Project](ctx, s.client, at("/api/v2/projects/:projectIdOrKey", projectIDOrKey), nil)
}

// ProjectCreateOptions are the parameters of POST /projects. ChartEnabled,
// SubtaskingEnabled and TextFormattingRule are always sent (backlog-js marks
// them required); an empty TextFormattingRule is sent as "markdown".
type ProjectCreateOptions struct {
	Name                              string
	Key                               string
	ChartEnabled                      bool
	SubtaskingEnabled                 bool
	TextFormattingRule                string // "backlog" or "markdown"
	UseResolvedForChart               *bool
	GrandchildIssueEnabled            *bool
	ProjectLeaderCanEditProjectLeader *bool
	UseWiki                           *bool
	UseDocument                       *bool
	UseFileSharing                    *bool
	UseWikiTreeView                   *bool
	UseSubversion                     *bool
	UseGit                            *bool
	UseOriginalImageSizeAtWiki        *bool
	UseDevAttributes                  *bool
}

// ProjectUpdateOptions are the parameters of PATCH /projects/:p; nil members
// are not sent.
type ProjectUpdateOptions struct {
	Name                              *string
	Key                               *string
	ChartEnabled                      *bool
	SubtaskingEnabled                 *bool
	TextFormattingRule                *string
	Archived                          *bool
	UseResolvedForChart               *bool
	GrandchildIssueEnabled            *bool
	ProjectLeaderCanEditProjectLeader *bool
	UseWiki                           *bool
	UseDocument                       *bool
	UseFileSharing                    *bool
	UseWikiTreeView                   *bool
	UseSubversion                     *bool
	UseGit                            *bool
	UseOriginalImageSizeAtWiki        *bool
	UseDevAttributes                  *bool
}

func projectSwitches(f form, resolved, grandchild, leader, wiki, doc, files, tree, svn, git, img, dev *bool) {
	f.boolPtr("useResolvedForChart", resolved)
	f.boolPtr("grandchildIssueEnabled", grandchild)
	f.boolPtr("projectLeaderCanEditProjectLeader", leader)
	f.boolPtr("useWiki", wiki)
	f.boolPtr("useDocument", doc)
	f.boolPtr("useFileSharing", files)
	f.boolPtr("useWikiTreeView", tree)
	f.boolPtr("useSubversion", svn)
	f.boolPtr("useGit", git)
	f.boolPtr("useOriginalImageSizeAtWiki", img)
	f.boolPtr("useDevAttributes", dev)
}

// Create adds a project (administrators only).
//
// v2: POST /api/v2/projects
func (s *ProjectsService) Create(ctx context.Context, opts *ProjectCreateOptions) (*Project, *Response, error) {
	f := form{}
	f.str("name", opts.Name)
	f.str("key", opts.Key)
	f.bool("chartEnabled", opts.ChartEnabled)
	f.bool("subtaskingEnabled", opts.SubtaskingEnabled)
	rule := opts.TextFormattingRule
	if rule == "" {
		rule = "markdown"
	}
	f.str("textFormattingRule", rule)
	projectSwitches(f, opts.UseResolvedForChart, opts.GrandchildIssueEnabled, opts.ProjectLeaderCanEditProjectLeader,
		opts.UseWiki, opts.UseDocument, opts.UseFileSharing, opts.UseWikiTreeView, opts.UseSubversion, opts.UseGit,
		opts.UseOriginalImageSizeAtWiki, opts.UseDevAttributes)
	return sendOne[Project](ctx, s.client, http.MethodPost, at("/api/v2/projects"), f)
}

// Update changes a project.
//
// v2: PATCH /api/v2/projects/:projectIdOrKey
func (s *ProjectsService) Update(ctx context.Context, projectIDOrKey string, opts *ProjectUpdateOptions) (*Project, *Response, error) {
	f := form{}
	f.strPtr("name", opts.Name)
	f.strPtr("key", opts.Key)
	f.boolPtr("chartEnabled", opts.ChartEnabled)
	f.boolPtr("subtaskingEnabled", opts.SubtaskingEnabled)
	f.strPtr("textFormattingRule", opts.TextFormattingRule)
	f.boolPtr("archived", opts.Archived)
	projectSwitches(f, opts.UseResolvedForChart, opts.GrandchildIssueEnabled, opts.ProjectLeaderCanEditProjectLeader,
		opts.UseWiki, opts.UseDocument, opts.UseFileSharing, opts.UseWikiTreeView, opts.UseSubversion, opts.UseGit,
		opts.UseOriginalImageSizeAtWiki, opts.UseDevAttributes)
	return sendOne[Project](ctx, s.client, http.MethodPatch, at("/api/v2/projects/:projectIdOrKey", projectIDOrKey), f)
}

// Delete removes a project and returns it.
//
// v2: DELETE /api/v2/projects/:projectIdOrKey
func (s *ProjectsService) Delete(ctx context.Context, projectIDOrKey string) (*Project, *Response, error) {
	return sendOne[Project](ctx, s.client, http.MethodDelete, at("/api/v2/projects/:projectIdOrKey", projectIDOrKey), form{})
}

// ListUsers returns the project's members; excludeGroupMembers leaves out
// users who are members only through a team.
//
// v2: GET /api/v2/projects/:projectIdOrKey/users
func (s *ProjectsService) ListUsers(ctx context.Context, projectIDOrKey string, excludeGroupMembers bool) ([]User, *Response, error) {
	f := form{}
	if excludeGroupMembers {
		f.bool("excludeGroupMembers", true)
	}
	return getList[User](ctx, s.client, at("/api/v2/projects/:projectIdOrKey/users", projectIDOrKey), url.Values(f))
}

// ListAdministrators returns the project's administrators (each also a
// member).
//
// v2: GET /api/v2/projects/:projectIdOrKey/administrators
func (s *ProjectsService) ListAdministrators(ctx context.Context, projectIDOrKey string) ([]User, *Response, error) {
	return getList[User](ctx, s.client, at("/api/v2/projects/:projectIdOrKey/administrators", projectIDOrKey), nil)
}

// AddUser makes user id (numeric) a member and returns the user.
//
// v2: POST /api/v2/projects/:projectIdOrKey/users (userId)
func (s *ProjectsService) AddUser(ctx context.Context, projectIDOrKey string, userID int64) (*User, *Response, error) {
	f := form{}
	f.int("userId", userID)
	return sendOne[User](ctx, s.client, http.MethodPost, at("/api/v2/projects/:projectIdOrKey/users", projectIDOrKey), f)
}

// DeleteUser removes member userID (numeric) and returns the user.
//
// v2: DELETE /api/v2/projects/:projectIdOrKey/users (form body userId)
func (s *ProjectsService) DeleteUser(ctx context.Context, projectIDOrKey string, userID int64) (*User, *Response, error) {
	f := form{}
	f.int("userId", userID)
	return sendOne[User](ctx, s.client, http.MethodDelete, at("/api/v2/projects/:projectIdOrKey/users", projectIDOrKey), f)
}

// ListStatuses returns the project's statuses (built-in 1-4 plus custom).
//
// v2: GET /api/v2/projects/:projectIdOrKey/statuses
func (s *ProjectsService) ListStatuses(ctx context.Context, projectIDOrKey string) ([]Status, *Response, error) {
	return getList[Status](ctx, s.client, at("/api/v2/projects/:projectIdOrKey/statuses", projectIDOrKey), nil)
}

// ListActivities returns the project's recent updates.
//
// v2: GET /api/v2/projects/:projectIdOrKey/activities
func (s *ProjectsService) ListActivities(ctx context.Context, projectIDOrKey string, opts *ActivityListOptions) ([]Activity, *Response, error) {
	return getList[Activity](ctx, s.client, at("/api/v2/projects/:projectIdOrKey/activities", projectIDOrKey), opts.values())
}

// ListAllActivities walks the project's activities oldest first with the
// minId cursor (see SpaceService.ListAllActivities).
//
// v2: GET /api/v2/projects/:projectIdOrKey/activities?order=asc&count=100&minId=… (repeated)
func (s *ProjectsService) ListAllActivities(ctx context.Context, projectIDOrKey string, opts *ActivityListOptions, max int) ([]Activity, *Response, error) {
	return walkActivities(ctx, opts, max, func(o *ActivityListOptions) ([]Activity, *Response, error) {
		return s.ListActivities(ctx, projectIDOrKey, o)
	})
}

// Project is a project (§2.3). UseGantt/UseBurndown only appear in old
// responses (and may be null there).
type Project struct {
	ID                                int64  `json:"id"`
	ProjectKey                        string `json:"projectKey"`
	Name                              string `json:"name"`
	ChartEnabled                      bool   `json:"chartEnabled"`
	UseResolvedForChart               bool   `json:"useResolvedForChart"`
	SubtaskingEnabled                 bool   `json:"subtaskingEnabled"`
	GrandchildIssueEnabled            *bool  `json:"grandchildIssueEnabled,omitempty"`
	ProjectLeaderCanEditProjectLeader bool   `json:"projectLeaderCanEditProjectLeader"`
	UseWiki                           bool   `json:"useWiki"`
	UseDocument                       *bool  `json:"useDocument,omitempty"`
	UseFileSharing                    bool   `json:"useFileSharing"`
	UseWikiTreeView                   bool   `json:"useWikiTreeView"`
	UseOriginalImageSizeAtWiki        bool   `json:"useOriginalImageSizeAtWiki"`
	UseSubversion                     *bool  `json:"useSubversion,omitempty"`
	UseGit                            *bool  `json:"useGit,omitempty"`
	TextFormattingRule                string `json:"textFormattingRule"`
	Archived                          bool   `json:"archived"`
	DisplayOrder                      int64  `json:"displayOrder"`
	UseDevAttributes                  bool   `json:"useDevAttributes"`
	UseGantt                          *bool  `json:"useGantt,omitempty"`
	UseBurndown                       *bool  `json:"useBurndown,omitempty"`
}
