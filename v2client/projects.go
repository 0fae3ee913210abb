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

// ListStatuses returns the project's statuses (built-in 1-4 plus custom).
//
// v2: GET /api/v2/projects/:projectIdOrKey/statuses
func (s *ProjectsService) ListStatuses(ctx context.Context, projectIDOrKey string) ([]Status, *Response, error) {
	return getList[Status](ctx, s.client, at("/api/v2/projects/:projectIdOrKey/statuses", projectIDOrKey), nil)
}

// ListCustomFields returns the project's custom-field definitions.
//
// v2: GET /api/v2/projects/:projectIdOrKey/customFields
func (s *ProjectsService) ListCustomFields(ctx context.Context, projectIDOrKey string) ([]CustomField, *Response, error) {
	return getList[CustomField](ctx, s.client, at("/api/v2/projects/:projectIdOrKey/customFields", projectIDOrKey), nil)
}

// CustomFieldOptions are the parameters of POST (TypeID and Name required)
// and PATCH (TypeID ignored) /projects/:p/customFields (§3.8). Type-specific
// members are only meaningful for their type: numeric Min/Max/InitialValue/
// Unit; date MinDate/MaxDate/InitialValueType/InitialDate/InitialShift;
// lists Items (names, POST only)/AllowAddItem; checkbox and radio AllowInput.
type CustomFieldOptions struct {
	TypeID               CustomFieldType
	Name                 *string
	ApplicableIssueTypes Optional[[]int64] // applicableIssueTypes[]; cleared = all types
	Description          Optional[string]
	Required             *bool

	Min, Max     Optional[float64]
	InitialValue Optional[float64]
	Unit         Optional[string]

	MinDate, MaxDate Optional[Date]
	InitialValueType *int // 1 today, 2 today+InitialShift, 3 InitialDate
	InitialDate      Optional[Date]
	InitialShift     *int

	Items        []string // items[] (item names)
	AllowAddItem *bool
	AllowInput   *bool
}

func (o *CustomFieldOptions) form(create bool) form {
	f := form{}
	if create {
		f.int("typeId", int64(o.TypeID))
	}
	f.strPtr("name", o.Name)
	optInts(f, "applicableIssueTypes", o.ApplicableIssueTypes)
	optStr(f, "description", o.Description)
	f.boolPtr("required", o.Required)
	if o.TypeID == CustomFieldDate {
		optDate(f, "min", o.MinDate)
		optDate(f, "max", o.MaxDate)
	} else {
		optNum(f, "min", o.Min)
		optNum(f, "max", o.Max)
	}
	optNum(f, "initialValue", o.InitialValue)
	optStr(f, "unit", o.Unit)
	if o.InitialValueType != nil {
		f.int("initialValueType", int64(*o.InitialValueType))
	}
	optDate(f, "initialDate", o.InitialDate)
	if o.InitialShift != nil {
		f.int("initialShift", int64(*o.InitialShift))
	}
	for _, it := range o.Items {
		f.str("items[]", it)
	}
	f.boolPtr("allowAddItem", o.AllowAddItem)
	f.boolPtr("allowInput", o.AllowInput)
	return f
}

// AddCustomField adds a custom field.
//
// v2: POST /api/v2/projects/:projectIdOrKey/customFields
func (s *ProjectsService) AddCustomField(ctx context.Context, projectIDOrKey string, opts *CustomFieldOptions) (*CustomField, *Response, error) {
	return sendOne[CustomField](ctx, s.client, http.MethodPost, at("/api/v2/projects/:projectIdOrKey/customFields", projectIDOrKey), opts.form(true))
}

// UpdateCustomField changes a custom field (set opts.TypeID to the field's
// type so that min/max are written in the right form).
//
// v2: PATCH /api/v2/projects/:projectIdOrKey/customFields/:id
func (s *ProjectsService) UpdateCustomField(ctx context.Context, projectIDOrKey string, id int64, opts *CustomFieldOptions) (*CustomField, *Response, error) {
	return sendOne[CustomField](ctx, s.client, http.MethodPatch, at("/api/v2/projects/:projectIdOrKey/customFields/:id", projectIDOrKey, itoa(id)), opts.form(false))
}

// DeleteCustomField removes a custom field.
//
// v2: DELETE /api/v2/projects/:projectIdOrKey/customFields/:id
func (s *ProjectsService) DeleteCustomField(ctx context.Context, projectIDOrKey string, id int64) (*CustomField, *Response, error) {
	return sendOne[CustomField](ctx, s.client, http.MethodDelete, at("/api/v2/projects/:projectIdOrKey/customFields/:id", projectIDOrKey, itoa(id)), form{})
}

// AddCustomFieldItem adds a list item and returns the whole definition.
//
// v2: POST /api/v2/projects/:projectIdOrKey/customFields/:id/items (name)
func (s *ProjectsService) AddCustomFieldItem(ctx context.Context, projectIDOrKey string, id int64, name string) (*CustomField, *Response, error) {
	f := form{}
	f.str("name", name)
	return sendOne[CustomField](ctx, s.client, http.MethodPost, at("/api/v2/projects/:projectIdOrKey/customFields/:id/items", projectIDOrKey, itoa(id)), f)
}

// UpdateCustomFieldItem renames a list item and returns the whole definition.
//
// v2: PATCH /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId (name)
func (s *ProjectsService) UpdateCustomFieldItem(ctx context.Context, projectIDOrKey string, id, itemID int64, name string) (*CustomField, *Response, error) {
	f := form{}
	f.str("name", name)
	return sendOne[CustomField](ctx, s.client, http.MethodPatch, at("/api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId", projectIDOrKey, itoa(id), itoa(itemID)), f)
}

// DeleteCustomFieldItem removes a list item and returns the whole definition.
//
// v2: DELETE /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId
func (s *ProjectsService) DeleteCustomFieldItem(ctx context.Context, projectIDOrKey string, id, itemID int64) (*CustomField, *Response, error) {
	return sendOne[CustomField](ctx, s.client, http.MethodDelete, at("/api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId", projectIDOrKey, itoa(id), itoa(itemID)), form{})
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
