package v2client

import (
	"context"
	"net/http"
	"net/url"
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
