package v2client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// CommentsService covers issue comments (§3.10).
type CommentsService service

// CommentListOptions are the cursor parameters of GET /issues/:k/comments
// (no offset). Zero members are not sent (Backlog: count 20, order desc).
type CommentListOptions struct {
	MinID int64
	MaxID int64
	Count int
	Order string // "asc" or "desc"
}

func (o *CommentListOptions) values() url.Values {
	f := form{}
	if o == nil {
		return url.Values(f)
	}
	f.intIf("minId", o.MinID)
	f.intIf("maxId", o.MaxID)
	f.intIf("count", int64(o.Count))
	f.strIf("order", o.Order)
	return url.Values(f)
}

// List returns one page of an issue's comments.
//
// v2: GET /api/v2/issues/:issueIdOrKey/comments
func (s *CommentsService) List(ctx context.Context, issueIDOrKey string, opts *CommentListOptions) ([]Comment, *Response, error) {
	return getList[Comment](ctx, s.client, at("/api/v2/issues/:issueIdOrKey/comments", issueIDOrKey), opts.values())
}

// ListAll returns every comment of an issue oldest first, walking the minId
// cursor 100 at a time and keeping each id once (§1.7).
//
// v2: GET /api/v2/issues/:issueIdOrKey/comments?order=asc&count=100&minId=… (repeated)
func (s *CommentsService) ListAll(ctx context.Context, issueIDOrKey string) ([]Comment, *Response, error) {
	all, resp, err := walkMinID(ctx, 0, 0, func(minID int64) ([]Comment, *Response, error) {
		return s.List(ctx, issueIDOrKey, &CommentListOptions{MinID: minID, Count: 100, Order: "asc"})
	}, func(c *Comment) int64 { return c.ID })
	if err == nil && all == nil {
		all = []Comment{}
	}
	return all, resp, err
}

// Count returns the number of comments of an issue.
//
// v2: GET /api/v2/issues/:issueIdOrKey/comments/count
func (s *CommentsService) Count(ctx context.Context, issueIDOrKey string) (int64, *Response, error) {
	c, resp, err := getOne[Count](ctx, s.client, at("/api/v2/issues/:issueIdOrKey/comments/count", issueIDOrKey), nil)
	if err != nil {
		return 0, resp, err
	}
	return c.Count, resp, nil
}

// Get returns one comment.
//
// v2: GET /api/v2/issues/:issueIdOrKey/comments/:commentId
func (s *CommentsService) Get(ctx context.Context, issueIDOrKey string, commentID int64) (*Comment, *Response, error) {
	return getOne[Comment](ctx, s.client, at("/api/v2/issues/:issueIdOrKey/comments/:commentId", issueIDOrKey, itoa(commentID)), nil)
}

// CommentAddOptions are the parameters of POST /issues/:k/comments; Content
// is required.
type CommentAddOptions struct {
	Content         string
	NotifiedUserIDs []int64
	AttachmentIDs   []int64
}

// Add adds a comment (201).
//
// v2: POST /api/v2/issues/:issueIdOrKey/comments
func (s *CommentsService) Add(ctx context.Context, issueIDOrKey string, opts *CommentAddOptions) (*Comment, *Response, error) {
	f := form{}
	f.str("content", opts.Content)
	f.ints("notifiedUserId", opts.NotifiedUserIDs)
	f.ints("attachmentId", opts.AttachmentIDs)
	return sendOne[Comment](ctx, s.client, http.MethodPost, at("/api/v2/issues/:issueIdOrKey/comments", issueIDOrKey), f)
}

// ChangeLog is one field change recorded with a comment (§2.12). Status
// changes carry status names here (activities carry ids).
type ChangeLog struct {
	Field            string            `json:"field"`
	NewValue         *string           `json:"newValue"`
	OriginalValue    *string           `json:"originalValue"`
	AttachmentInfo   *AttachmentInfo   `json:"attachmentInfo"`
	AttributeInfo    *AttributeInfo    `json:"attributeInfo"`
	NotificationInfo *NotificationInfo `json:"notificationInfo"`
}

// AttachmentInfo names the attachment a change log entry is about.
type AttachmentInfo struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// AttributeInfo names the custom field a change log entry is about.
type AttributeInfo struct {
	ID     int64 `json:"id"`
	TypeID int64 `json:"typeId"`
}

// NotificationInfo tells what notification a change log entry sent ("issue.create").
type NotificationInfo struct {
	Type string `json:"type"`
}

// Notification is a notification attached to a comment.
type Notification struct {
	ID                  int64 `json:"id"`
	AlreadyRead         bool  `json:"alreadyRead"`
	Reason              int   `json:"reason"`
	User                User  `json:"user"`
	ResourceAlreadyRead bool  `json:"resourceAlreadyRead"`
}

// Comment is an issue comment (§2.12). Content is nil or empty when the
// entry only records field changes (ChangeLog).
type Comment struct {
	ID            int64          `json:"id"`
	ProjectID     int64          `json:"projectId,omitempty"`
	IssueID       int64          `json:"issueId,omitempty"`
	Content       *string        `json:"content"`
	ChangeLog     []ChangeLog    `json:"changeLog"`
	CreatedUser   User           `json:"createdUser"`
	Created       time.Time      `json:"created"`
	Updated       time.Time      `json:"updated"`
	Stars         []Star         `json:"stars"`
	Notifications []Notification `json:"notifications"`
}

// MarshalJSON writes the comment with empty stars and notifications as []
// (changeLog keeps null when unset, as in Backlog's own example).
func (c Comment) MarshalJSON() ([]byte, error) {
	type plain Comment
	p := plain(c)
	p.Stars, p.Notifications = nonNil(p.Stars), nonNil(p.Notifications)
	return json.Marshal(p)
}
