package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	stdhash "hash"
	"io"
	"sync"
	"time"
)

var nul = [1]byte{0}

// defaultCacheEntries bounds the verified-credentials caches.
const defaultCacheEntries = 10000

// hmacCache remembers "these secret inputs were verified" until a deadline,
// keyed by HMAC-SHA256 under a random per-process key, so the cache itself
// holds no password or API key and a memory dump does not give a cheap
// offline guess target. It is bounded: when full, expired entries are swept,
// then an arbitrary entry is dropped (a miss only costs a re-check).
type hmacCache struct {
	macs    sync.Pool // stdhash.Hash: HMAC-SHA256 under secret, reused (hot path: every call)
	mu      sync.Mutex
	secret  []byte
	ttl     time.Duration
	max     int
	now     func() time.Time
	entries map[[sha256.Size]byte]cacheEntry
}

type cacheEntry struct {
	expires time.Time
	value   string
}

func newHMACCache(ttl time.Duration, max int, now func() time.Time) *hmacCache {
	if now == nil {
		now = time.Now
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		panic("auth: no randomness for the cache key: " + err.Error())
	}
	c := &hmacCache{secret: secret, ttl: ttl, max: max, now: now, entries: make(map[[sha256.Size]byte]cacheEntry)}
	c.macs.New = func() any { return hmac.New(sha256.New, secret) }
	return c
}

// key derives the cache key of parts (NUL-separated, NUL-free in practice).
func (c *hmacCache) key(parts ...string) [sha256.Size]byte {
	m := c.macs.Get().(stdhash.Hash)
	m.Reset()
	for _, p := range parts {
		io.WriteString(m, p)
		m.Write(nul[:])
	}
	var k [sha256.Size]byte
	m.Sum(k[:0])
	c.macs.Put(m)
	return k
}

func (c *hmacCache) hit(k [sha256.Size]byte) bool {
	_, ok := c.get(k)
	return ok
}

func (c *hmacCache) get(k [sha256.Size]byte) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return "", false
	}
	if !c.now().Before(e.expires) {
		delete(c.entries, k)
		return "", false
	}
	return e.value, true
}

func (c *hmacCache) put(k [sha256.Size]byte) { c.set(k, "") }

func (c *hmacCache) set(k [sha256.Size]byte, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if len(c.entries) >= c.max {
		for ek, e := range c.entries {
			if !now.Before(e.expires) {
				delete(c.entries, ek)
			}
		}
		for ek := range c.entries {
			if len(c.entries) < c.max {
				break
			}
			delete(c.entries, ek)
		}
	}
	c.entries[k] = cacheEntry{expires: now.Add(c.ttl), value: v}
}
