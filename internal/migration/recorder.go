// Package migration records who still calls which legacy method, so a team
// can retire its legacy clients: per login and method, the calls, the
// faults by code, the first and last call, the clients' User-Agents and the
// calls per day; and serves it as the migration report (/admin/migration,
// its JSON twin, a server-rendered SVG chart).
//
// Memory is bounded: methods are the metric labels (registered names plus
// "unknown" and "invalid"), logins are at most Options.MaxLogins (the rest
// are folded into the login "other"), each row keeps at most MaxUserAgents
// User-Agents of at most MaxUserAgentLen bytes, and days older than
// Options.Days are dropped.
//
// Persistence (--state-dir) is an atomic snapshot file, state.json, written
// to a temporary file and renamed over the old one, periodically and on
// shutdown; it is read back at start. Why a snapshot rather than an embedded
// store (bbolt, SQLite): the data is small and bounded (logins x methods x
// days of counters), it is only ever read and written whole, and losing the
// last interval on a crash is acceptable for a report whose figures are
// counts over weeks; a snapshot needs no dependency, no schema migrations
// and no file locking, and is readable with jq.
package migration

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Bounds of one row's User-Agents.
const (
	MaxUserAgents   = 5
	MaxUserAgentLen = 200
)

// OtherLogin is the login the calls of logins past Options.MaxLogins are
// counted under.
const OtherLogin = "other"

// SnapshotFile is the name of the snapshot in the state directory.
const SnapshotFile = "state.json"

// Info is what the report says about one legacy method: the v2 endpoint a
// rewritten client would call instead, the v2 calls the gateway makes for
// it, and the path of its reference page.
type Info struct {
	Method  string   `json:"method"`
	Instead string   `json:"instead"`
	Also    []string `json:"also,omitempty"`
	Doc     string   `json:"doc,omitempty"`
}

// Options configure a Recorder. Zero fields take the defaults.
type Options struct {
	// MaxLogins is the most distinct logins kept (default 1000).
	MaxLogins int
	// Days is how many days of per-day counts are kept (default 90).
	Days int
	// Methods describes each legacy method (the "instead" column).
	Methods []Info
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Row is one login and method.
type Row struct {
	Login      string           `json:"login"`
	Method     string           `json:"method"`
	Calls      int64            `json:"calls"`
	Faults     map[int]int64    `json:"faults,omitempty"`
	FirstSeen  time.Time        `json:"first_seen"`
	LastSeen   time.Time        `json:"last_seen"`
	UserAgents []string         `json:"user_agents,omitempty"`
	Days       map[string]int64 `json:"days,omitempty"` // "2006-01-02" (UTC) -> calls
}

type key struct{ login, method string }

// row is a Row being counted: days by day number (days since the epoch, UTC).
type row struct {
	calls      int64
	faults     map[int]int64
	first      time.Time
	last       time.Time
	userAgents []string
	days       map[int64]int64
}

// Recorder counts the legacy calls. It is safe for concurrent use.
type Recorder struct {
	opts    Options
	methods map[string]Info

	mu     sync.Mutex
	rows   map[key]*row
	logins map[string]bool
}

// New returns an empty Recorder.
func New(opts Options) *Recorder {
	if opts.MaxLogins <= 0 {
		opts.MaxLogins = 1000
	}
	if opts.Days <= 0 {
		opts.Days = 90
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	r := &Recorder{opts: opts, methods: map[string]Info{}, rows: map[key]*row{}, logins: map[string]bool{}}
	for _, in := range opts.Methods {
		r.methods[in.Method] = in
	}
	return r
}

// Info returns what the report says about method (zero Info when unknown).
func (r *Recorder) Info(method string) Info { return r.methods[method] }

const day = 24 * 60 * 60

// dayNumber is t's day since the epoch, in UTC.
func dayNumber(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - day + 1) / day
	}
	return s / day
}

// Observe records one answered call of method (a bounded label) by login,
// with its fault code (0 = success) and the client's User-Agent.
func (r *Recorder) Observe(login, method string, faultCode int, userAgent string) {
	now := r.opts.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	login = r.loginLocked(login)
	k := key{login, method}
	rw := r.rows[k]
	if rw == nil {
		rw = &row{first: now, days: map[int64]int64{}}
		r.rows[k] = rw
	}
	rw.calls++
	rw.last = now
	if faultCode != 0 {
		if rw.faults == nil {
			rw.faults = map[int]int64{}
		}
		rw.faults[faultCode]++
	}
	d := dayNumber(now)
	if _, ok := rw.days[d]; !ok {
		r.pruneLocked(rw, d)
	}
	rw.days[d]++
	rw.addUserAgent(userAgent)
}

// loginLocked bounds login: a known one, a new one while there is room, or
// OtherLogin.
func (r *Recorder) loginLocked(login string) string {
	if r.logins[login] {
		return login
	}
	if len(r.logins) >= r.opts.MaxLogins {
		return OtherLogin
	}
	r.logins[login] = true
	return login
}

// pruneLocked drops the days of rw older than the kept window ending today.
func (r *Recorder) pruneLocked(rw *row, today int64) {
	for d := range rw.days {
		if d <= today-int64(r.opts.Days) {
			delete(rw.days, d)
		}
	}
}

// addUserAgent keeps ua (cut to MaxUserAgentLen bytes) among the row's
// User-Agents unless it is there or the row has MaxUserAgents already.
func (rw *row) addUserAgent(ua string) {
	if ua == "" {
		return
	}
	if len(ua) > MaxUserAgentLen {
		ua = strings.ToValidUTF8(ua[:MaxUserAgentLen], "")
	}
	if slices.Contains(rw.userAgents, ua) || len(rw.userAgents) >= MaxUserAgents {
		return
	}
	rw.userAgents = append(rw.userAgents, strings.Clone(ua))
}

// Rows returns every row, sorted by login then method.
func (r *Recorder) Rows() []Row {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Row, 0, len(r.rows))
	for k, rw := range r.rows {
		row := Row{Login: k.login, Method: k.method, Calls: rw.calls, FirstSeen: rw.first, LastSeen: rw.last,
			UserAgents: slices.Clone(rw.userAgents), Days: map[string]int64{}}
		if len(rw.faults) > 0 {
			row.Faults = map[int]int64{}
			for c, n := range rw.faults {
				row.Faults[c] = n
			}
		}
		for d, n := range rw.days {
			row.Days[time.Unix(d*day, 0).UTC().Format(time.DateOnly)] = n
		}
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b Row) int {
		if c := strings.Compare(a.Login, b.Login); c != 0 {
			return c
		}
		return strings.Compare(a.Method, b.Method)
	})
	return out
}

// snapshot is the file format of Save and Load.
type snapshot struct {
	Version int   `json:"version"`
	Rows    []Row `json:"rows"`
}

// Save writes the rows to dir/state.json atomically: a temporary file in dir,
// synced, then renamed over the old snapshot, so a crash leaves either the
// old snapshot or the new one, never half of one.
func (r *Recorder) Save(dir string) error {
	b, err := json.Marshal(snapshot{Version: 1, Rows: r.Rows()})
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, SnapshotFile+".tmp-*")
	if err != nil {
		return fmt.Errorf("migration state: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing left to remove
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("migration state: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("migration state: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("migration state: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, SnapshotFile)); err != nil {
		return fmt.Errorf("migration state: %w", err)
	}
	return nil
}

// Load reads dir/state.json into the recorder, adding to what it holds; a
// missing file is no error (first start). Rows past the bounds are folded
// in as Observe would; days outside the kept window are dropped.
func (r *Recorder) Load(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, SnapshotFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("migration state: %w", err)
	}
	var s snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("migration state %s: %w", filepath.Join(dir, SnapshotFile), err)
	}
	if s.Version != 1 {
		return fmt.Errorf("migration state %s: version %d, want 1", filepath.Join(dir, SnapshotFile), s.Version)
	}
	today := dayNumber(r.opts.Now())
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, in := range s.Rows {
		if in.Calls <= 0 {
			continue
		}
		k := key{r.loginLocked(in.Login), in.Method}
		rw := r.rows[k]
		if rw == nil {
			rw = &row{first: in.FirstSeen, days: map[int64]int64{}}
			r.rows[k] = rw
		}
		rw.calls += in.Calls
		if in.FirstSeen.Before(rw.first) {
			rw.first = in.FirstSeen
		}
		if in.LastSeen.After(rw.last) {
			rw.last = in.LastSeen
		}
		for c, n := range in.Faults {
			if rw.faults == nil {
				rw.faults = map[int]int64{}
			}
			rw.faults[c] += n
		}
		for ds, n := range in.Days {
			t, err := time.Parse(time.DateOnly, ds)
			if err != nil {
				continue
			}
			if d := dayNumber(t); d > today-int64(r.opts.Days) && d <= today {
				rw.days[d] += n
			}
		}
		for _, ua := range in.UserAgents {
			rw.addUserAgent(ua)
		}
	}
	return nil
}
