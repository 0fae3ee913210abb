package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	stdhash "hash"
	"io"
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
//
// An attempt whose password must be checked takes its tokens up front
// (Admit), before the check, under one lock: at most LoginBurst passwords of
// one login (and AddrBurst from one address) are ever being checked at once,
// however many requests arrive together. A success gives them back, a failure
// keeps them.
//
// Buckets are keyed by a 16-byte HMAC-SHA256 of the login or address under a
// per-process random key, never by the login itself: an entry costs the same
// whatever the login's length, and nobody outside the process can craft
// logins whose keys collide.
type Limiter struct {
	cfg    LimiterConfig
	macs   sync.Pool // stdhash.Hash: HMAC-SHA256 under a random key
	mu     sync.Mutex
	logins *buckets
	addrs  *buckets
}

// NewLimiter returns a Limiter; zero fields of cfg take their defaults.
func NewLimiter(cfg LimiterConfig) *Limiter {
	cfg.defaults()
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		panic("auth: no randomness for the limiter key: " + err.Error())
	}
	l := &Limiter{
		cfg:    cfg,
		logins: newBuckets(float64(cfg.LoginBurst), cfg.LoginEvery, cfg.MaxEntries, cfg.Now),
		addrs:  newBuckets(float64(cfg.AddrBurst), cfg.AddrEvery, cfg.MaxEntries, cfg.Now),
	}
	l.macs.New = func() any { return hmac.New(sha256.New, secret) }
	return l
}

// bucketKey is the map key of a login or an address: a truncated keyed digest.
type bucketKey [16]byte

func (l *Limiter) key(kind byte, s string) bucketKey {
	m := l.macs.Get().(stdhash.Hash)
	m.Reset()
	m.Write([]byte{kind})
	io.WriteString(m, s)
	var sum [sha256.Size]byte
	m.Sum(sum[:0])
	l.macs.Put(m)
	return bucketKey(sum[:16])
}

func (l *Limiter) loginKey(login string) bucketKey { return l.key('l', login) }
func (l *Limiter) addrKey(addr string) bucketKey   { return l.key('a', addrBucket(addr)) }

// Allow reports whether an attempt for login from addr may be checked, and
// if not, how long until it may. It reserves nothing: Admit does.
func (l *Limiter) Allow(login, addr string) (retryAfter time.Duration, ok bool) {
	lk, ak := l.loginKey(login), l.addrKey(addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	w := max(l.logins.wait(lk), l.addrs.wait(ak))
	return w, w == 0
}

// Failure records a failed attempt for login from addr (an attempt that
// Admit did not reserve).
func (l *Limiter) Failure(login, addr string) {
	lk, ak := l.loginKey(login), l.addrKey(addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.logins.spend(lk)
	l.addrs.spend(ak)
}

// Success forgets the failures of login (not of the address: a client that
// sprays many logins stays limited even if one of them is right).
func (l *Limiter) Success(login string) {
	lk := l.loginKey(login)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.logins.forget(lk)
}

// Attempt is one attempt admitted by Admit. Exactly one of Succeeded, Failed
// or Abandoned must be called once the password check is over, unless Cached.
type Attempt struct {
	l      *Limiter
	lk, ak bucketKey
	// Cached is true when the attempt was admitted because its password is a
	// recently verified one (the cached func of Admit said so): it holds no
	// tokens and needs no further call.
	Cached bool
}

// Admit decides, atomically, whether an attempt for login from addr may go on:
//
//   - the login is limited (its bucket is empty, counting the attempts being
//     checked): refused, even with the right or a cached password (no oracle);
//   - cached (may be nil) reports the pair as recently verified: admitted
//     with Cached set, whatever the address's bucket (users behind one NAT
//     address are not refused for a neighbour's failures) and without tokens;
//   - otherwise one token is taken from the login's and the address's buckets
//     before the password is checked. When the address's bucket is empty the
//     attempt is refused and, if cached was asked, its login still pays one
//     token: a miss in the cache is a guess tested, so the cache is no free
//     oracle behind a limited address.
//
// cached runs under the limiter's lock: it must be quick (a cache lookup) and
// must not call the Limiter.
func (l *Limiter) Admit(login, addr string, cached func() bool) (a Attempt, retryAfter time.Duration, ok bool) {
	a = Attempt{l: l, lk: l.loginKey(login), ak: l.addrKey(addr)}
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := l.logins.wait(a.lk); w > 0 {
		return Attempt{}, w, false
	}
	if cached != nil && cached() {
		a.Cached = true
		return a, 0, true
	}
	if w := l.addrs.wait(a.ak); w > 0 {
		if cached != nil {
			l.logins.spend(a.lk)
		}
		return Attempt{}, max(w, l.logins.wait(a.lk)), false
	}
	l.logins.spend(a.lk)
	l.addrs.spend(a.ak)
	return a, 0, true
}

// Succeeded ends an attempt whose password was right: the login's failures
// are forgotten and the address gets its token back.
func (a Attempt) Succeeded() {
	if a.l == nil || a.Cached {
		return
	}
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	a.l.logins.forget(a.lk)
	a.l.addrs.refund(a.ak)
}

// Failed ends an attempt whose password was wrong: its tokens stay spent. It
// reports whether the login or the address is now limited.
func (a Attempt) Failed() (limited bool) {
	if a.l == nil {
		return false
	}
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	return a.l.logins.wait(a.lk) > 0 || a.l.addrs.wait(a.ak) > 0
}

// Abandoned ends an attempt that could not be decided (Backlog unreachable):
// it does not count as a failure, both tokens are given back.
func (a Attempt) Abandoned() {
	if a.l == nil || a.Cached {
		return
	}
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	a.l.logins.refund(a.lk)
	a.l.addrs.refund(a.ak)
}

// addrBucket is the bucket of a client address: the address itself for IPv4,
// its /64 for IPv6 (one host usually owns a whole /64, so per-address
// buckets would let it rotate through 2^64 addresses).
func addrBucket(addr string) string {
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

// buckets is one kind of token buckets; the Limiter's lock guards it.
type buckets struct {
	burst float64
	every time.Duration
	max   int
	now   func() time.Time
	m     map[bucketKey]bucket
}

func newBuckets(burst float64, every time.Duration, max int, now func() time.Time) *buckets {
	return &buckets{burst: burst, every: every, max: max, now: now, m: make(map[bucketKey]bucket)}
}

// level returns the bucket's tokens now (refilled), locked by the caller.
func (b *buckets) level(k bucketKey, now time.Time) float64 {
	e, ok := b.m[k]
	if !ok {
		return b.burst
	}
	t := e.tokens + float64(now.Sub(e.at))/float64(b.every)
	return math.Min(t, b.burst)
}

func (b *buckets) wait(k bucketKey) time.Duration {
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

func (b *buckets) spend(k bucketKey) {
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
	var best bucketKey
	bestLevel := -1.0
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

// refund gives back one token spent by an attempt that did not fail.
func (b *buckets) refund(k bucketKey) {
	if _, ok := b.m[k]; !ok {
		return
	}
	now := b.now()
	t := b.level(k, now) + 1
	if t >= b.burst {
		delete(b.m, k) // full again: holds no state
		return
	}
	b.m[k] = bucket{tokens: t, at: now}
}

func (b *buckets) forget(k bucketKey) { delete(b.m, k) }

func (b *buckets) len() int { return len(b.m) }
