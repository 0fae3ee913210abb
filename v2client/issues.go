package v2client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// IssuesService covers issues (§3.9). issueIDOrKey is the numeric id (use
// ID) or the issue key ("BLG-12").
type IssuesService service

// IssueListOptions are the search parameters of GET /issues and
// /issues/count (§3.9). Zero members are not sent. Dates are calendar dates
// (NewDate/ParseDate) sent as yyyy-MM-dd.
type IssueListOptions struct {
	ProjectIDs     []int64 // projectId[]
	IssueTypeIDs   []int64 // issueTypeId[]
	CategoryIDs    []int64 // categoryId[]
	VersionIDs     []int64 // versionId[]
	MilestoneIDs   []int64 // milestoneId[]
	StatusIDs      []int64 // statusId[]
	PriorityIDs    []int64 // priorityId[]
	AssigneeIDs    []int64 // assigneeId[]
	CreatedUserIDs []int64 // createdUserId[]
	ResolutionIDs  []int64 // resolutionId[]
	IDs            []int64 // id[] (≤100 per call)
	ParentIssueIDs []int64 // parentIssueId[]
	// ParentChild: 0 all (not sent), 1 not a child, 2 child, 3 standalone,
	// 4 has children, 5-10 the 3-level filters.
	ParentChild int
	Attachment  bool // attachment=true: only issues with attachments
	SharedFile  bool // sharedFile=true: only issues with shared files
	// HasDueDate: only false is accepted by Backlog (issues without due date).
	HasDueDate *bool
	Keyword    string
	// Sort is a v2 sort key (issueType, category, ..., customField_{id});
	// Order "asc" or "desc".
	Sort           string
	Order          string
	Offset         int
	Count          int // 1-100; Backlog's default is 20
	CreatedSince   Date
	CreatedUntil   Date
	UpdatedSince   Date
	UpdatedUntil   Date
	StartDateSince Date
	StartDateUntil Date
	DueDateSince   Date
	DueDateUntil   Date
	// ExpandChildIssueSummary asks for childIssueSummary (expand[]).
	ExpandChildIssueSummary bool
	CustomFields            []CustomFieldCondition
}

func (o *IssueListOptions) values() url.Values {
	f := form{}
	if o == nil {
		return url.Values(f)
	}
	f.ints("projectId", o.ProjectIDs)
	f.ints("issueTypeId", o.IssueTypeIDs)
	f.ints("categoryId", o.CategoryIDs)
	f.ints("versionId", o.VersionIDs)
	f.ints("milestoneId", o.MilestoneIDs)
	f.ints("statusId", o.StatusIDs)
	f.ints("priorityId", o.PriorityIDs)
	f.ints("assigneeId", o.AssigneeIDs)
	f.ints("createdUserId", o.CreatedUserIDs)
	f.ints("resolutionId", o.ResolutionIDs)
	f.ints("id", o.IDs)
	f.ints("parentIssueId", o.ParentIssueIDs)
	f.intIf("parentChild", int64(o.ParentChild))
	if o.Attachment {
		f.bool("attachment", true)
	}
	if o.SharedFile {
		f.bool("sharedFile", true)
	}
	f.boolPtr("hasDueDate", o.HasDueDate)
	f.strIf("keyword", o.Keyword)
	f.strIf("sort", o.Sort)
	f.strIf("order", o.Order)
	f.intIf("offset", int64(o.Offset))
	f.intIf("count", int64(o.Count))
	f.dateIf("createdSince", o.CreatedSince)
	f.dateIf("createdUntil", o.CreatedUntil)
	f.dateIf("updatedSince", o.UpdatedSince)
	f.dateIf("updatedUntil", o.UpdatedUntil)
	f.dateIf("startDateSince", o.StartDateSince)
	f.dateIf("startDateUntil", o.StartDateUntil)
	f.dateIf("dueDateSince", o.DueDateSince)
	f.dateIf("dueDateUntil", o.DueDateUntil)
	if o.ExpandChildIssueSummary {
		f.str("expand[]", "childIssueSummary")
	}
	for _, c := range o.CustomFields {
		c.add(f)
	}
	return url.Values(f)
}

// List returns one page of issues (search rate class).
//
// v2: GET /api/v2/issues
func (s *IssuesService) List(ctx context.Context, opts *IssueListOptions) ([]Issue, *Response, error) {
	return getList[Issue](ctx, s.client, at("/api/v2/issues"), opts.values())
}

// ListAll pages through every matching issue from opts.Offset, 100 per call,
// until a short page (§1.7), keeping each issue id once (an issue moving
// between pages while walking is not reported twice). max > 0 stops after
// max issues.
//
// v2: GET /api/v2/issues?count=100&offset=… (repeated)
func (s *IssuesService) ListAll(ctx context.Context, opts *IssueListOptions, max int) ([]Issue, *Response, error) {
	o := IssueListOptions{}
	if opts != nil {
		o = *opts
	}
	o.Count = 100
	var all []Issue
	seen := map[int64]bool{}
	for {
		page, resp, err := s.List(ctx, &o)
		if err != nil {
			return all, resp, err
		}
		for _, is := range page {
			if seen[is.ID] {
				continue
			}
			seen[is.ID] = true
			all = append(all, is)
			if max > 0 && len(all) >= max {
				return all, resp, nil
			}
		}
		if len(page) < o.Count {
			if all == nil {
				all = []Issue{}
			}
			return all, resp, nil
		}
		o.Offset += len(page)
	}
}

// Count returns how many issues match (paging members of opts are ignored).
//
// v2: GET /api/v2/issues/count
func (s *IssuesService) Count(ctx context.Context, opts *IssueListOptions) (int64, *Response, error) {
	o := IssueListOptions{}
	if opts != nil {
		o = *opts
	}
	o.Offset, o.Count, o.Sort, o.Order, o.ExpandChildIssueSummary = 0, 0, "", "", false
	c, resp, err := getOne[Count](ctx, s.client, at("/api/v2/issues/count"), o.values())
	if err != nil {
		return 0, resp, err
	}
	return c.Count, resp, nil
}

// Get returns one issue.
//
// v2: GET /api/v2/issues/:issueIdOrKey
func (s *IssuesService) Get(ctx context.Context, issueIDOrKey string) (*Issue, *Response, error) {
	return getOne[Issue](ctx, s.client, at("/api/v2/issues/:issueIdOrKey", issueIDOrKey), nil)
}

// IssueCreateOptions are the parameters of POST /issues. ProjectID, Summary,
// IssueTypeID and PriorityID are required by Backlog (and any custom field
// marked required). Nil/empty optional members are not sent.
type IssueCreateOptions struct {
	ProjectID       int64
	Summary         string
	IssueTypeID     int64
	PriorityID      int64
	ParentIssueID   *int64
	Description     *string
	StartDate       *Date
	DueDate         *Date
	EstimatedHours  *float64
	ActualHours     *float64
	CategoryIDs     []int64
	VersionIDs      []int64
	MilestoneIDs    []int64
	AssigneeID      *int64
	NotifiedUserIDs []int64
	AttachmentIDs   []int64
	CustomFields    []CustomFieldInput
}

// Create adds an issue (201).
//
// v2: POST /api/v2/issues
func (s *IssuesService) Create(ctx context.Context, opts *IssueCreateOptions) (*Issue, *Response, error) {
	f := form{}
	f.intIf("projectId", opts.ProjectID)
	f.strIf("summary", opts.Summary)
	f.intIf("issueTypeId", opts.IssueTypeID)
	f.intIf("priorityId", opts.PriorityID)
	f.intPtr("parentIssueId", opts.ParentIssueID)
	f.strPtr("description", opts.Description)
	f.datePtr("startDate", opts.StartDate)
	f.datePtr("dueDate", opts.DueDate)
	f.hours("estimatedHours", opts.EstimatedHours)
	f.hours("actualHours", opts.ActualHours)
	f.ints("categoryId", opts.CategoryIDs)
	f.ints("versionId", opts.VersionIDs)
	f.ints("milestoneId", opts.MilestoneIDs)
	f.intPtr("assigneeId", opts.AssigneeID)
	f.ints("notifiedUserId", opts.NotifiedUserIDs)
	f.ints("attachmentId", opts.AttachmentIDs)
	s.client.customFields(f, opts.CustomFields)
	return sendOne[Issue](ctx, s.client, http.MethodPost, at("/api/v2/issues"), f)
}

// IssueUpdateOptions are the parameters of PATCH /issues/:k, all optional.
// Optional members distinguish "leave" (zero), "set" (Set) and "clear"
// (Clear: the parameter is sent empty, §1.3). List members replace the
// whole list. Comment is recorded as a comment together with the change.
type IssueUpdateOptions struct {
	Summary         *string
	ParentIssueID   Optional[int64]
	Description     Optional[string]
	StatusID        *int64
	ResolutionID    Optional[int64]
	StartDate       Optional[Date]
	DueDate         Optional[Date]
	EstimatedHours  Optional[float64]
	ActualHours     Optional[float64]
	IssueTypeID     *int64
	CategoryIDs     Optional[[]int64]
	VersionIDs      Optional[[]int64]
	MilestoneIDs    Optional[[]int64]
	PriorityID      *int64
	AssigneeID      Optional[int64]
	NotifiedUserIDs []int64
	AttachmentIDs   []int64
	Comment         *string
	CustomFields    []CustomFieldInput
}

// Update changes an issue.
//
// v2: PATCH /api/v2/issues/:issueIdOrKey
func (s *IssuesService) Update(ctx context.Context, issueIDOrKey string, opts *IssueUpdateOptions) (*Issue, *Response, error) {
	f := form{}
	f.strPtr("summary", opts.Summary)
	optInt(f, "parentIssueId", opts.ParentIssueID)
	optStr(f, "description", opts.Description)
	f.intPtr("statusId", opts.StatusID)
	optInt(f, "resolutionId", opts.ResolutionID)
	optDate(f, "startDate", opts.StartDate)
	optDate(f, "dueDate", opts.DueDate)
	optHours(f, "estimatedHours", opts.EstimatedHours)
	optHours(f, "actualHours", opts.ActualHours)
	f.intPtr("issueTypeId", opts.IssueTypeID)
	optInts(f, "categoryId", opts.CategoryIDs)
	optInts(f, "versionId", opts.VersionIDs)
	optInts(f, "milestoneId", opts.MilestoneIDs)
	f.intPtr("priorityId", opts.PriorityID)
	optInt(f, "assigneeId", opts.AssigneeID)
	f.ints("notifiedUserId", opts.NotifiedUserIDs)
	f.ints("attachmentId", opts.AttachmentIDs)
	f.strPtr("comment", opts.Comment)
	s.client.customFields(f, opts.CustomFields)
	return sendOne[Issue](ctx, s.client, http.MethodPatch, at("/api/v2/issues/:issueIdOrKey", issueIDOrKey), f)
}

// Delete removes an issue and returns it.
//
// v2: DELETE /api/v2/issues/:issueIdOrKey
func (s *IssuesService) Delete(ctx context.Context, issueIDOrKey string) (*Issue, *Response, error) {
	return sendOne[Issue](ctx, s.client, http.MethodDelete, at("/api/v2/issues/:issueIdOrKey", issueIDOrKey), form{})
}

// ChildIssueSummary counts an issue's children (only with expand[]=childIssueSummary).
type ChildIssueSummary struct {
	Total  int64 `json:"total"`
	Closed int64 `json:"closed"`
}

// Attachment is a file attached to an issue. The issue-embedded and list
// forms carry CreatedUser and Created; activity content carries only id,
// name and size.
type Attachment struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Size        int64      `json:"size"`
	CreatedUser *User      `json:"createdUser,omitempty"`
	Created     *time.Time `json:"created,omitempty"`
}

// SharedFile is a shared file linked to an issue.
type SharedFile struct {
	ID          int64      `json:"id"`
	ProjectID   int64      `json:"projectId,omitempty"`
	Type        string     `json:"type"`
	Dir         string     `json:"dir"`
	Name        string     `json:"name"`
	Size        int64      `json:"size"`
	CreatedUser *User      `json:"createdUser"`
	Created     *time.Time `json:"created"`
	UpdatedUser *User      `json:"updatedUser"`
	Updated     *time.Time `json:"updated"`
}

// Star is a star given to an issue or comment (§2.13).
type Star struct {
	ID        int64     `json:"id"`
	Comment   *string   `json:"comment"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Presenter User      `json:"presenter"`
	Created   time.Time `json:"created"`
}

// Issue is an issue (§2.10). Category and Milestone are arrays despite their
// singular JSON names. LimitDate only appears in old responses (a copy of
// dueDate; ignore it).
type Issue struct {
	ID                int64              `json:"id"`
	ProjectID         int64              `json:"projectId"`
	IssueKey          string             `json:"issueKey"`
	KeyID             int64              `json:"keyId"`
	IssueType         IssueTypeRef       `json:"issueType"`
	Summary           string             `json:"summary"`
	Description       string             `json:"description"`
	Resolution        *Resolution        `json:"resolution"`
	Priority          Priority           `json:"priority"`
	Status            Status             `json:"status"`
	Assignee          *User              `json:"assignee"`
	Category          []Category         `json:"category"`
	Versions          []Version          `json:"versions"`
	Milestone         []Version          `json:"milestone"`
	StartDate         *Date              `json:"startDate"`
	LimitDate         *Date              `json:"limitDate,omitempty"`
	DueDate           *Date              `json:"dueDate"`
	EstimatedHours    *float64           `json:"estimatedHours"`
	ActualHours       *float64           `json:"actualHours"`
	ParentIssueID     *int64             `json:"parentIssueId"`
	CreatedUser       *User              `json:"createdUser"`
	Created           time.Time          `json:"created"`
	UpdatedUser       *User              `json:"updatedUser"`
	Updated           time.Time          `json:"updated"`
	CustomFields      []CustomFieldValue `json:"customFields"`
	Attachments       []Attachment       `json:"attachments"`
	SharedFiles       []SharedFile       `json:"sharedFiles"`
	Stars             []Star             `json:"stars"`
	ChildIssueSummary *ChildIssueSummary `json:"childIssueSummary,omitempty"`
}

// IssueTypeRef is the issue type embedded in an issue: no templates, and
// displayOrder only in newer responses.
type IssueTypeRef struct {
	ID           int64  `json:"id"`
	ProjectID    int64  `json:"projectId"`
	Name         string `json:"name"`
	Color        string `json:"color"`
	DisplayOrder *int64 `json:"displayOrder,omitempty"`
}

// CustomField returns the issue's value of custom field id, or nil.
func (i *Issue) CustomField(id int64) *CustomFieldValue {
	for k := range i.CustomFields {
		if i.CustomFields[k].ID == id {
			return &i.CustomFields[k]
		}
	}
	return nil
}

// MarshalJSON writes the issue with empty lists as [] (never null), as
// Backlog does.
func (i Issue) MarshalJSON() ([]byte, error) {
	type plain Issue
	p := plain(i)
	p.Category, p.Versions, p.Milestone = nonNil(p.Category), nonNil(p.Versions), nonNil(p.Milestone)
	p.CustomFields, p.Attachments = nonNil(p.CustomFields), nonNil(p.Attachments)
	p.SharedFiles, p.Stars = nonNil(p.SharedFiles), nonNil(p.Stars)
	return json.Marshal(p)
}

// Count is the answer of the …/count endpoints.
type Count struct {
	Count int64 `json:"count"`
}
