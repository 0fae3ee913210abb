package v2client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"
)

// ActivityListOptions filters the recent-updates endpoints (§3.11). Zero
// members are not sent (Backlog defaults: all types, count 20, order desc).
type ActivityListOptions struct {
	ActivityTypeIDs []ActivityType // activityTypeId[]
	MinID           int64          // minId
	MaxID           int64          // maxId
	Count           int            // count, 1-100
	Order           string         // "asc" or "desc"
}

func (o *ActivityListOptions) values() url.Values {
	f := form{}
	if o == nil {
		return url.Values(f)
	}
	for _, t := range o.ActivityTypeIDs {
		f.int("activityTypeId[]", int64(t))
	}
	f.intIf("minId", o.MinID)
	f.intIf("maxId", o.MaxID)
	f.intIf("count", int64(o.Count))
	f.strIf("order", o.Order)
	return url.Values(f)
}

func walkActivities(ctx context.Context, opts *ActivityListOptions, max int, list func(*ActivityListOptions) ([]Activity, *Response, error)) ([]Activity, *Response, error) {
	o := ActivityListOptions{}
	if opts != nil {
		o = *opts
	}
	o.Order, o.Count, o.MaxID = "asc", 100, 0
	if opts != nil {
		o.MaxID = opts.MaxID
	}
	return walkMinID(ctx, o.MinID, max, func(minID int64) ([]Activity, *Response, error) {
		o.MinID = minID
		return list(&o)
	}, func(a *Activity) int64 { return a.ID })
}

// walkMinID pages with a minId cursor: asks for ids above cursor (ascending,
// 100 a page) until a page is short or the cursor stops advancing, keeping
// each id once.
func walkMinID[T any](ctx context.Context, minID int64, max int, page func(minID int64) ([]T, *Response, error), id func(*T) int64) ([]T, *Response, error) {
	var all []T
	seen := map[int64]bool{}
	cursor := minID
	for {
		if err := ctx.Err(); err != nil {
			return all, nil, err
		}
		items, resp, err := page(cursor)
		if err != nil {
			return all, resp, err
		}
		next := cursor
		for i := range items {
			k := id(&items[i])
			if k > next {
				next = k
			}
			if seen[k] || (cursor != 0 && k <= cursor) {
				continue
			}
			seen[k] = true
			all = append(all, items[i])
			if max > 0 && len(all) >= max {
				return all, resp, nil
			}
		}
		if len(items) < 100 || next == cursor {
			return all, resp, nil
		}
		cursor = next
	}
}

// ActivityType is an activity's type (§4.1); legacy getTimeline knows 1-3.
type ActivityType int

// Activity types used by the gateway (the full range is 1-48, §4.1).
const (
	ActivityIssueCreated         ActivityType = 1
	ActivityIssueUpdated         ActivityType = 2
	ActivityIssueCommented       ActivityType = 3
	ActivityIssueDeleted         ActivityType = 4
	ActivityWikiCreated          ActivityType = 5
	ActivityWikiUpdated          ActivityType = 6
	ActivityWikiDeleted          ActivityType = 7
	ActivityFileAdded            ActivityType = 8
	ActivityFileUpdated          ActivityType = 9
	ActivityFileDeleted          ActivityType = 10
	ActivitySVNCommitted         ActivityType = 11
	ActivityGitPushed            ActivityType = 12
	ActivityGitRepositoryCreated ActivityType = 13
	ActivityIssueMultiUpdated    ActivityType = 14
	ActivityProjectUserAdded     ActivityType = 15
	ActivityProjectUserRemoved   ActivityType = 16
	ActivityNotificationAdded    ActivityType = 17
	ActivityMilestoneCreated     ActivityType = 22
	ActivityMilestoneUpdated     ActivityType = 23
	ActivityMilestoneDeleted     ActivityType = 24
	ActivityProjectGroupAdded    ActivityType = 25
	ActivityProjectGroupRemoved  ActivityType = 26
	ActivityIssueCreatedBulk     ActivityType = 47
)

// ActivityComment is the comment inside an issue activity's content.
type ActivityComment struct {
	ID      int64  `json:"id,omitempty"`
	Content string `json:"content"`
}

// ActivityChange is one changed field inside an issue activity. Status
// values are status ids ("4"), milestone values are names.
type ActivityChange struct {
	Field    string `json:"field"`
	NewValue string `json:"new_value"`
	OldValue string `json:"old_value"`
	Type     string `json:"type"`
}

// ActivityGroupRef points at one activity of a grouped project activity.
type ActivityGroupRef struct {
	ID   int64        `json:"id"`
	Type ActivityType `json:"type"`
}

// ActivityLink is one issue of a bulk update (type 14).
type ActivityLink struct {
	ID      int64  `json:"id"`
	KeyID   int64  `json:"key_id"`
	Title   string `json:"title"`
	Comment string `json:"comment"`
}

// ActivityContent is an activity's type-dependent content (§2.14), with
// Backlog's snake_case member names. Which members are set depends on the
// activity type:
//   - issue (1-4, and 17 notification added): ID (issue id), KeyID, Summary, Description, Comment,
//     Changes, Attachments, SharedFiles, ExternalFileLinks;
//   - bulk update (14): TxID, Comment, Link, Changes;
//   - wiki (5-7): ID, Name, Content, Diff, Version, Attachments, SharedFiles;
//   - shared file (8-10): ID, Dir, Name, Size;
//   - project user (15-16): Users, GroupProjectActivities, CommentText.
//
// comment is an object ({id, content}) for issues but a plain string for
// project-user activities; the string form lands in CommentText.
// Raw keeps the content exactly as received, for activity types this struct
// does not model.
type ActivityContent struct {
	ID                     int64              `json:"id,omitempty"`
	KeyID                  int64              `json:"key_id,omitempty"`
	Summary                *string            `json:"summary,omitempty"`
	Description            *string            `json:"description,omitempty"`
	Comment                *ActivityComment   `json:"-"`
	CommentText            *string            `json:"-"`
	Changes                []ActivityChange   `json:"changes,omitempty"`
	Attachments            []Attachment       `json:"attachments,omitempty"`
	SharedFiles            []Attachment       `json:"shared_files,omitempty"`
	ExternalFileLinks      []json.RawMessage  `json:"external_file_links,omitempty"`
	TxID                   int64              `json:"tx_id,omitempty"`
	Link                   []ActivityLink     `json:"link,omitempty"`
	Name                   *string            `json:"name,omitempty"`
	Content                *string            `json:"content,omitempty"`
	Diff                   *string            `json:"diff,omitempty"`
	Version                *int64             `json:"version,omitempty"`
	Dir                    *string            `json:"dir,omitempty"`
	Size                   *int64             `json:"size,omitempty"`
	Users                  []User             `json:"users,omitempty"`
	GroupProjectActivities []ActivityGroupRef `json:"group_project_activities,omitempty"`
	Raw                    json.RawMessage    `json:"-"`
}

// activityContentWire mirrors ActivityContent with comment kept raw and
// slices as pointers so that present-but-empty ([]) survives re-encoding.
type activityContentWire struct {
	ID                     *int64              `json:"id,omitempty"`
	KeyID                  *int64              `json:"key_id,omitempty"`
	Summary                *string             `json:"summary,omitempty"`
	Description            *string             `json:"description,omitempty"`
	Comment                json.RawMessage     `json:"comment,omitempty"`
	Changes                *[]ActivityChange   `json:"changes,omitempty"`
	Attachments            *[]Attachment       `json:"attachments,omitempty"`
	SharedFiles            *[]Attachment       `json:"shared_files,omitempty"`
	ExternalFileLinks      *[]json.RawMessage  `json:"external_file_links,omitempty"`
	TxID                   *int64              `json:"tx_id,omitempty"`
	Link                   *[]ActivityLink     `json:"link,omitempty"`
	Name                   *string             `json:"name,omitempty"`
	Content                json.RawMessage     `json:"content,omitempty"`
	Diff                   json.RawMessage     `json:"diff,omitempty"`
	Version                json.RawMessage     `json:"version,omitempty"`
	Dir                    *string             `json:"dir,omitempty"`
	Size                   *int64              `json:"size,omitempty"`
	Users                  *[]User             `json:"users,omitempty"`
	GroupProjectActivities *[]ActivityGroupRef `json:"group_project_activities,omitempty"`
}

// UnmarshalJSON decodes the known members and keeps the raw content.
func (c *ActivityContent) UnmarshalJSON(b []byte) error {
	return c.unmarshalWith(b, json.Unmarshal)
}

// unmarshalWith is UnmarshalJSON with the JSON decoder (encoding/json, or
// the faster decoder of decode.go) as a parameter, so that both decoders
// share the rules.
func (c *ActivityContent) unmarshalWith(b []byte, unmarshal unmarshalFunc) error {
	var w activityContentWire
	if err := unmarshal(b, &w); err != nil {
		return fmt.Errorf("v2client: activity content: %w", err)
	}
	*c = ActivityContent{Raw: append(json.RawMessage(nil), b...),
		Summary: w.Summary, Description: w.Description, Name: w.Name, Dir: w.Dir, Size: w.Size}
	if w.ID != nil {
		c.ID = *w.ID
	}
	if w.KeyID != nil {
		c.KeyID = *w.KeyID
	}
	if w.TxID != nil {
		c.TxID = *w.TxID
	}
	if w.Changes != nil {
		c.Changes = nonNil(*w.Changes)
	}
	if w.Attachments != nil {
		c.Attachments = nonNil(*w.Attachments)
	}
	if w.SharedFiles != nil {
		c.SharedFiles = nonNil(*w.SharedFiles)
	}
	if w.ExternalFileLinks != nil {
		c.ExternalFileLinks = nonNil(*w.ExternalFileLinks)
	}
	if w.Link != nil {
		c.Link = nonNil(*w.Link)
	}
	if w.Users != nil {
		c.Users = nonNil(*w.Users)
	}
	if w.GroupProjectActivities != nil {
		c.GroupProjectActivities = nonNil(*w.GroupProjectActivities)
	}
	if len(w.Comment) > 0 && string(w.Comment) != "null" {
		if w.Comment[0] == '"' {
			var s string
			if err := unmarshal(w.Comment, &s); err != nil {
				return fmt.Errorf("v2client: activity comment: %w", err)
			}
			c.CommentText = &s
		} else {
			c.Comment = new(ActivityComment)
			if err := unmarshal(w.Comment, c.Comment); err != nil {
				return fmt.Errorf("v2client: activity comment: %w", err)
			}
		}
	}
	var err error
	if c.Content, err = rawString(w.Content, unmarshal); err != nil {
		return err
	}
	if c.Diff, err = rawString(w.Diff, unmarshal); err != nil {
		return err
	}
	if len(w.Version) > 0 && string(w.Version) != "null" {
		var n int64
		if err := unmarshal(w.Version, &n); err != nil {
			return fmt.Errorf("v2client: activity version: %w", err)
		}
		c.Version = &n
	}
	return nil
}

// MarshalJSONFor writes the content in the member set Backlog uses for
// activity type t (see the type comment); nil pointers of members that type
// always carries are written as null, empty slices as [].
func (c ActivityContent) MarshalJSONFor(t ActivityType) ([]byte, error) {
	var buf bytes.Buffer
	w := objectWriter{buf: &buf}
	str := func(p *string) any {
		if p == nil {
			return ""
		}
		return *p
	}
	switch {
	case t >= ActivityIssueCreated && t <= ActivityIssueDeleted, t == ActivityNotificationAdded:
		w.field("id", c.ID)
		w.field("key_id", c.KeyID)
		if t == ActivityIssueDeleted {
			break
		}
		w.field("summary", str(c.Summary))
		w.field("description", str(c.Description))
		if c.Comment != nil {
			w.field("comment", c.Comment)
		}
		if c.Changes != nil || t == ActivityIssueUpdated {
			w.field("changes", nonNil(c.Changes))
		}
		if c.Attachments != nil {
			w.field("attachments", c.Attachments)
		}
		if c.SharedFiles != nil {
			w.field("shared_files", c.SharedFiles)
		}
		if c.ExternalFileLinks != nil {
			w.field("external_file_links", c.ExternalFileLinks)
		}
	case t == ActivityIssueMultiUpdated:
		w.field("tx_id", c.TxID)
		if c.Comment != nil {
			w.field("comment", c.Comment)
		}
		w.field("link", nonNil(c.Link))
		w.field("changes", nonNil(c.Changes))
	case t >= ActivityWikiCreated && t <= ActivityWikiDeleted:
		w.field("id", c.ID)
		w.field("name", str(c.Name))
		w.field("content", str(c.Content))
		w.field("diff", c.Diff)
		w.field("version", c.Version)
		w.field("attachments", nonNil(c.Attachments))
		w.field("shared_files", nonNil(c.SharedFiles))
	case t >= ActivityFileAdded && t <= ActivityFileDeleted:
		w.field("id", c.ID)
		w.field("dir", str(c.Dir))
		w.field("name", str(c.Name))
		var size int64
		if c.Size != nil {
			size = *c.Size
		}
		w.field("size", size)
	case t == ActivityProjectUserAdded || t == ActivityProjectUserRemoved:
		w.field("users", nonNil(c.Users))
		w.field("group_project_activities", nonNil(c.GroupProjectActivities))
		w.field("comment", str(c.CommentText))
	default:
		if len(c.Raw) > 0 {
			return c.Raw, nil
		}
		return []byte("{}"), nil
	}
	return w.close()
}

// Activity is one entry of a recent-updates list (§2.14). The issue key is
// not in Content: build it as Project.ProjectKey + "-" + Content.KeyID.
type Activity struct {
	ID            int64             `json:"id"`
	Project       Project           `json:"project"`
	Type          ActivityType      `json:"type"`
	Content       ActivityContent   `json:"content"`
	Notifications []json.RawMessage `json:"notifications,omitempty"`
	CreatedUser   User              `json:"createdUser"`
	Created       time.Time         `json:"created"`
}

// IssueKey returns the key of the issue an issue activity is about
// ("" for other activities).
func (a *Activity) IssueKey() string {
	if a.Content.KeyID == 0 || a.Project.ProjectKey == "" {
		return ""
	}
	return fmt.Sprintf("%s-%d", a.Project.ProjectKey, a.Content.KeyID)
}

// MarshalJSON writes the activity with its content shaped by Type.
func (a Activity) MarshalJSON() ([]byte, error) {
	content, err := a.Content.MarshalJSONFor(a.Type)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := objectWriter{buf: &buf}
	w.field("id", a.ID)
	w.field("project", a.Project)
	w.field("type", a.Type)
	w.field("content", json.RawMessage(content))
	w.field("notifications", nonNil(a.Notifications))
	w.field("createdUser", a.CreatedUser)
	w.field("created", a.Created)
	return w.close()
}
