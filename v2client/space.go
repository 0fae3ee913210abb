package v2client

import (
	"context"
	"sync"
	"time"
	_ "time/tzdata" // Space.Location must work in minimal containers
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

// Space is GET /space (§2.2); Timezone is what Date.In needs.
type Space struct {
	SpaceKey           string    `json:"spaceKey"`
	Name               string    `json:"name"`
	OwnerID            int64     `json:"ownerId"`
	Lang               string    `json:"lang"`
	Timezone           string    `json:"timezone"`
	ReportSendTime     string    `json:"reportSendTime"`
	TextFormattingRule string    `json:"textFormattingRule"`
	Created            time.Time `json:"created"`
	Updated            time.Time `json:"updated"`
}

// Location loads the space's time zone; UTC when it is empty or unknown.
func (s *Space) Location() *time.Location {
	if s == nil || s.Timezone == "" {
		return time.UTC
	}
	if loc, ok := locations.Load(s.Timezone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		return time.UTC
	}
	locations.Store(s.Timezone, loc)
	return loc
}

// locations caches the zones Location loaded, by name: time.LoadLocation
// reads and parses zone data on every call (about 5% of the gateway's CPU
// on getIssue when done per call; BENCHMARKS.md). Only names that
// loaded are stored, so the map is bounded by the zone database.
var locations sync.Map
