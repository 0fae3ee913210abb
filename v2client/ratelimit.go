package v2client

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

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

// RateLimitClass is one class of GET /rateLimit: per-minute budget,
// remaining calls, and the reset time in Unix seconds.
type RateLimitClass struct {
	Limit     int64 `json:"limit"`
	Remaining int64 `json:"remaining"`
	Reset     int64 `json:"reset"`
}

// RateLimits is the body of GET /rateLimit (§1.9): the four request classes.
type RateLimits struct {
	RateLimit struct {
		Read   RateLimitClass `json:"read"`
		Update RateLimitClass `json:"update"`
		Search RateLimitClass `json:"search"`
		Icon   RateLimitClass `json:"icon"`
	} `json:"rateLimit"`
}

// Rate is the rate-limit state reported by X-RateLimit-* headers on one
// response (for the class of that request). Zero when the headers are absent.
type Rate struct {
	Limit     int       // X-RateLimit-Limit: calls per minute for this class
	Remaining int       // X-RateLimit-Remaining
	Reset     time.Time // X-RateLimit-Reset (Unix seconds): when the window resets
}

// parseRate reads X-RateLimit-Limit/Remaining/Reset (zero when absent).
func parseRate(h http.Header) Rate {
	var r Rate
	if v := h.Get("X-RateLimit-Limit"); v != "" {
		r.Limit, _ = strconv.Atoi(v)
	}
	if v := h.Get("X-RateLimit-Remaining"); v != "" {
		r.Remaining, _ = strconv.Atoi(v)
	}
	if v := h.Get("X-RateLimit-Reset"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			r.Reset = time.Unix(n, 0).UTC()
		}
	}
	return r
}
