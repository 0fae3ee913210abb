package v2client

import (
	"context"
	"net/url"
	"strconv"
)

// SpaceService reads the space: GET /space, GET /space/activities and
// GET /rateLimit.
type SpaceService service

// Get returns the space (its timezone drives every date conversion, §1.5).
//
// v2: GET /api/v2/space
func (s *SpaceService) Get(ctx context.Context) (*Space, *Response, error) {
	var v Space
	resp, err := s.client.get(ctx, at("/api/v2/space"), nil, &v)
	if err != nil {
		return nil, resp, err
	}
	return &v, resp, nil
}

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

// ListActivities returns the space's recent updates visible to the caller.
//
// v2: GET /api/v2/space/activities
func (s *SpaceService) ListActivities(ctx context.Context, opts *ActivityListOptions) ([]Activity, *Response, error) {
	var v []Activity
	resp, err := s.client.get(ctx, at("/api/v2/space/activities"), opts.values(), &v)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}

// ListAllActivities walks the space's activities oldest first from
// opts.MinID (exclusive) with the minId cursor, 100 per call, until a short
// page; entries are de-duplicated by id (§1.7). max > 0 stops after max
// entries.
//
// v2: GET /api/v2/space/activities?order=asc&count=100&minId=… (repeated)
func (s *SpaceService) ListAllActivities(ctx context.Context, opts *ActivityListOptions, max int) ([]Activity, *Response, error) {
	return walkActivities(ctx, opts, max, func(o *ActivityListOptions) ([]Activity, *Response, error) {
		return s.ListActivities(ctx, o)
	})
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

// RateLimits returns the caller's budgets of the four request classes.
//
// v2: GET /api/v2/rateLimit
func (c *Client) RateLimits(ctx context.Context) (*RateLimits, *Response, error) {
	var v RateLimits
	resp, err := c.get(ctx, at("/api/v2/rateLimit"), nil, &v)
	if err != nil {
		return nil, resp, err
	}
	return &v, resp, nil
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// getOne GETs one entity.
func getOne[T any](ctx context.Context, c *Client, e endpoint, q url.Values) (*T, *Response, error) {
	var v T
	resp, err := c.get(ctx, e, q, &v)
	if err != nil {
		return nil, resp, err
	}
	return &v, resp, nil
}

// getList GETs a list (never nil on success).
func getList[T any](ctx context.Context, c *Client, e endpoint, q url.Values) ([]T, *Response, error) {
	var v []T
	resp, err := c.get(ctx, e, q, &v)
	if err != nil {
		return nil, resp, err
	}
	if v == nil {
		v = []T{}
	}
	return v, resp, nil
}

// sendOne performs a write and decodes the entity it answers with.
func sendOne[T any](ctx context.Context, c *Client, method string, e endpoint, f form) (*T, *Response, error) {
	var v T
	resp, err := c.send(ctx, method, e, url.Values(f), &v)
	if err != nil {
		return nil, resp, err
	}
	return &v, resp, nil
}
