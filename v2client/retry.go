package v2client

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"
)

// RetryPolicy says how reads (GET) are retried. Writes never are.
type RetryPolicy struct {
	// MaxAttempts is the total number of attempts of one read (1 = no retry).
	MaxAttempts int
	// BaseBackoff is the first backoff; it doubles per attempt, with full jitter.
	BaseBackoff time.Duration
	// MaxBackoff caps one backoff.
	MaxBackoff time.Duration
	// MaxRateLimitWait caps how long a read waits for X-RateLimit-Reset after
	// a 429 when the context has no deadline (with a deadline, the deadline
	// decides: the client never waits past it).
	MaxRateLimitWait time.Duration
}

// DefaultRetryPolicy is used when WithRetry is not given: 3 attempts,
// 200 ms doubling up to 2 s, and at most 10 s of waiting for a rate-limit
// reset when the context has no deadline.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 3, BaseBackoff: 200 * time.Millisecond, MaxBackoff: 2 * time.Second, MaxRateLimitWait: 10 * time.Second}

// do sends r (with retries for reads), checks the answer and returns the
// body of a 2xx response. Every error it returns is scrubbed of secrets.
func (c *Client) do(ctx context.Context, r *request) (*Response, []byte, error) {
	attempts := 1
	if !r.isWrite() {
		attempts = c.retry.MaxAttempts
	}
	refreshed := false
	var lastErr error
	for attempt := 1; ; attempt++ {
		resp, body, err := c.once(ctx, r, attempt)
		if err == nil {
			return resp, body, nil
		}
		lastErr = err
		// One refresh and repeat after a 401 with OAuth (the request was
		// refused, so repeating a write is safe).
		var apiErr *APIError
		if !refreshed && c.tokens != nil && errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized {
			if rf, ok := c.tokens.(Refresher); ok {
				refreshed = true
				resume := c.pause(ctx) // may wait for another call's refresh
				_, rerr := rf.Refresh(ctx, r.token)
				resume()
				if rerr != nil {
					return resp, nil, c.scrub(rerr)
				}
				attempt--
				continue
			}
		}
		if r.isWrite() || attempt >= attempts {
			return resp, nil, lastErr
		}
		wait, ok := c.retryWait(ctx, err, attempt)
		if !ok {
			return resp, nil, lastErr
		}
		resume := c.pause(ctx) // a back-off waits for Backlog, not the CPU
		err = c.sleep(ctx, wait)
		resume()
		if err != nil {
			return resp, nil, lastErr
		}
	}
}

// retryWait decides whether a failed read is retried and after how long:
// 429 waits for X-RateLimit-Reset, 5xx and transport errors back off
// exponentially; nothing waits past the context deadline.
func (c *Client) retryWait(ctx context.Context, err error, attempt int) (time.Duration, bool) {
	var wait time.Duration
	var rl *RateLimitError
	var apiErr *APIError
	var te *TransportError
	switch {
	case errors.As(err, &rl):
		wait = rl.Reset.Sub(c.now())
		if wait < 0 || rl.Reset.IsZero() {
			wait = c.backoff(attempt)
		}
		if _, has := ctx.Deadline(); !has && wait > c.retry.MaxRateLimitWait {
			return 0, false
		}
	case errors.As(err, &apiErr):
		if apiErr.StatusCode < 500 {
			return 0, false
		}
		wait = c.backoff(attempt)
	case errors.As(err, &te):
		if ctx.Err() != nil {
			return 0, false
		}
		wait = c.backoff(attempt)
	default:
		return 0, false
	}
	if dl, has := ctx.Deadline(); has && c.now().Add(wait).After(dl) {
		return 0, false
	}
	return wait, true
}

func (c *Client) backoff(attempt int) time.Duration {
	d := c.retry.BaseBackoff << (attempt - 1)
	if d <= 0 || d > c.retry.MaxBackoff {
		d = c.retry.MaxBackoff
	}
	if d <= 0 {
		return 0
	}
	// Full jitter in [d/2, d].
	return d/2 + rand.N(d/2+1)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
