package auth

import (
	"math"
	"net/netip"
	"sync"
	"time"
)

// LimiterConfig sets the failed-login limits. Each failed login spends one
// token from the bucket of its login ID and one from the bucket of its client
// address; a bucket holds at most Burst tokens and regains one every Every.
// While either bucket is empty, attempts for that login or from that address
// are refused without checking the password (so bcrypt and upstream checks are
// not a free oracle or a CPU sink).
type LimiterConfig struct {
	LoginBurst int           // failures allowed in a row per login ID; default 5
	LoginEvery time.Duration // one more attempt per login every; default 1m
	AddrBurst  int           // failures allowed in a row per client address; default 20
	AddrEvery  time.Duration // one more attempt per address every; default 6s
	MaxEntries int           // buckets kept in memory per kind; default 10000
	Now        func() time.Time
}

func (c *LimiterConfig) defaults() {
	if c.LoginBurst <= 0 {
		c.LoginBurst = 5
	}
	if c.LoginEvery <= 0 {
		c.LoginEvery = time.Minute
	}
	if c.AddrBurst <= 0 {
		c.AddrBurst = 20
	}
	if c.AddrEvery <= 0 {
		c.AddrEvery = 6 * time.Second
	}
	if c.MaxEntries <= 0 {
		c.MaxEntries = 10000
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Limiter limits failed logins per login ID and per client address with two
// bounded maps of token buckets. Only failures are tracked: a login that never
// fails costs nothing, and a success clears its login's bucket.
type Limiter struct {
	cfg    LimiterConfig
	logins *buckets
	addrs  *buckets
}

// NewLimiter returns a Limiter; zero fields of cfg take their defaults.
func NewLimiter(cfg LimiterConfig) *Limiter {
	cfg.defaults()
	return &Limiter{
		cfg:    cfg,
		logins: newBuckets(float64(cfg.LoginBurst), cfg.LoginEvery, cfg.MaxEntries, cfg.Now),
		addrs:  newBuckets(float64(cfg.AddrBurst), cfg.AddrEvery, cfg.MaxEntries, cfg.Now),
	}
}

// Allow reports whether an attempt for login from addr may be checked, and
// if not, how long until it may.
func (l *Limiter) Allow(login, addr string) (retryAfter time.Duration, ok bool) {
	w1 := l.logins.wait(login)
	w2 := l.addrs.wait(addrKey(addr))
	w := max(w1, w2)
	return w, w == 0
}

// Failure records a failed attempt for login from addr.
func (l *Limiter) Failure(login, addr string) {
	l.logins.spend(login)
	l.addrs.spend(addrKey(addr))
}

// Success forgets the failures of login (not of the address: a client that
// sprays many logins stays limited even if one of them is right).
func (l *Limiter) Success(login string) { l.logins.forget(login) }

// addrKey is the bucket of a client address: the address itself for IPv4,
// its /64 for IPv6 (one host usually owns a whole /64, so per-address
// buckets would let it rotate through 2^64 addresses).
func addrKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil || a.Unmap().Is4() {
		return addr
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}

type bucket struct {
	tokens float64
	at     time.Time
}

type buckets struct {
	mu    sync.Mutex
	burst float64
	every time.Duration
	max   int
	now   func() time.Time
	m     map[string]bucket
}

func newBuckets(burst float64, every time.Duration, max int, now func() time.Time) *buckets {
	return &buckets{burst: burst, every: every, max: max, now: now, m: make(map[string]bucket)}
}

// level returns the bucket's tokens now (refilled), locked by the caller.
func (b *buckets) level(k string, now time.Time) float64 {
	e, ok := b.m[k]
	if !ok {
		return b.burst
	}
	t := e.tokens + float64(now.Sub(e.at))/float64(b.every)
	return math.Min(t, b.burst)
}

func (b *buckets) wait(k string) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.level(k, b.now())
	if t >= 1 {
		return 0
	}
	d := time.Duration((1 - t) * float64(b.every))
	if d <= 0 {
		d = time.Nanosecond
	}
	return d
}

func (b *buckets) spend(k string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	t := b.level(k, now) - 1
	if t < 0 {
		t = 0
	}
	if _, ok := b.m[k]; !ok && len(b.m) >= b.max {
		b.evict(now)
	}
	b.m[k] = bucket{tokens: t, at: now}
}

// evict makes room: first the buckets that have refilled (they hold no state),
// then the one refilled the most (closest to harmless). Runs only when full.
func (b *buckets) evict(now time.Time) {
	best, bestLevel := "", -1.0
	for k := range b.m {
		l := b.level(k, now)
		if l >= b.burst {
			delete(b.m, k)
			continue
		}
		if l > bestLevel {
			best, bestLevel = k, l
		}
	}
	if len(b.m) >= b.max && bestLevel >= 0 {
		delete(b.m, best)
	}
}

func (b *buckets) forget(k string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.m, k)
}

func (b *buckets) len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.m)
}
