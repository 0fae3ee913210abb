package fake

import (
	"maps"
	"sync"
)

// Counters counts the requests the fake received: per endpoint, keyed by
// "METHOD /api/v2/route/template" (e.g. "GET /api/v2/issues/:issueIdOrKey";
// unknown paths count under "METHOD (unknown)"), and per authenticated
// user (by login ID). Every request that reaches an endpoint counts, even
// one refused by a fault, the rate limit or authentication, because it
// still cost an upstream round trip. Safe for concurrent use.
type Counters struct {
	mu    sync.Mutex
	calls map[string]int
	users map[string]int
}

func newCounters() *Counters {
	return &Counters{calls: map[string]int{}, users: map[string]int{}}
}

func (c *Counters) add(key, login string) {
	c.mu.Lock()
	if key != "" {
		c.calls[key]++
	}
	if login != "" {
		c.users[login]++
	}
	c.mu.Unlock()
}

// Calls returns a copy of the per-endpoint counts.
func (c *Counters) Calls() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.calls)
}

// Count returns the count of one endpoint key.
func (c *Counters) Count(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[key]
}

// Total returns the number of requests counted over every endpoint.
func (c *Counters) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.calls {
		n += v
	}
	return n
}

// UserCalls returns a copy of the per-user counts (authenticated requests,
// keyed by login ID).
func (c *Counters) UserCalls() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.users)
}

// UserCount returns the number of authenticated requests of one login ID.
func (c *Counters) UserCount(login string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.users[login]
}

// Reset sets every counter back to zero.
func (c *Counters) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.calls)
	clear(c.users)
}
