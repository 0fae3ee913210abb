package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Credential is one entry of the credentials file: a legacy login ID, the
// bcrypt hash of its legacy password, and exactly one v2 credential of that
// user (an API key, or an OAuth refresh token for spaces that use OAuth).
type Credential struct {
	Login        string `json:"login"`
	PasswordHash string `json:"passwordHash"`
	APIKey       string `json:"apiKey,omitempty"`
	RefreshToken string `json:"refreshToken,omitempty"`
}

// Identity is who a request runs as once authenticated: the legacy login and
// the v2 credential its upstream calls use. It holds secrets: never log it.
type Identity struct {
	Login        string
	APIKey       string
	RefreshToken string
}

// fileFormat is the on-disk shape of the credentials file:
//
//	{"users": [{"login": "...", "passwordHash": "$2a$10$...", "apiKey": "..."}]}
//
// JSON was chosen over a colon-separated text format because refresh tokens
// and future members need no escaping rules, and the `passwd` subcommand
// writes it so operators rarely edit it by hand.
type fileFormat struct {
	Users []Credential `json:"users"`
}

// ErrInsecureFile is returned (wrapped) when the credentials file can be read
// or written by its group or by others.
var ErrInsecureFile = errors.New("credentials file is accessible by group or others (chmod 600 it)")

// maxFileSize bounds what LoadFile reads: a credentials file is small.
const maxFileSize = 16 << 20

// CredentialSet is an immutable, validated set of credentials by login ID.
type CredentialSet struct {
	byLogin map[string]Credential
	maxCost int // highest bcrypt cost in the set (for the unknown-login dummy check)
}

// Len returns the number of entries.
func (s *CredentialSet) Len() int { return len(s.byLogin) }

// Lookup returns the entry of a login ID.
func (s *CredentialSet) Lookup(login string) (Credential, bool) {
	c, ok := s.byLogin[login]
	return c, ok
}

// Credentials returns the entries sorted by login, for writing the file back.
func (s *CredentialSet) Credentials() []Credential {
	out := make([]Credential, 0, len(s.byLogin))
	for _, c := range s.byLogin {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Login < out[j].Login })
	return out
}

// RefreshTokenLogins returns, sorted, the logins whose v2 credential is an
// OAuth refresh token (they need the OAuth client to call Backlog).
func (s *CredentialSet) RefreshTokenLogins() []string {
	var out []string
	for login, c := range s.byLogin {
		if c.RefreshToken != "" {
			out = append(out, login)
		}
	}
	sort.Strings(out)
	return out
}

// NewCredentialSet validates entries (non-empty login, a parsable bcrypt hash,
// exactly one of apiKey/refreshToken, no duplicate login) and indexes them.
func NewCredentialSet(entries []Credential) (*CredentialSet, error) {
	s := &CredentialSet{byLogin: make(map[string]Credential, len(entries))}
	for i, c := range entries {
		if c.Login == "" {
			return nil, fmt.Errorf("entry %d: empty login", i+1)
		}
		cost, err := bcrypt.Cost([]byte(c.PasswordHash))
		if err != nil {
			return nil, fmt.Errorf("entry %d (%s): passwordHash is not a bcrypt hash", i+1, c.Login)
		}
		s.maxCost = max(s.maxCost, cost)
		if (c.APIKey == "") == (c.RefreshToken == "") {
			return nil, fmt.Errorf("entry %d (%s): exactly one of apiKey and refreshToken must be set", i+1, c.Login)
		}
		if _, dup := s.byLogin[c.Login]; dup {
			return nil, fmt.Errorf("entry %d: duplicate login %q", i+1, c.Login)
		}
		s.byLogin[c.Login] = c
	}
	return s, nil
}

// LoadFile reads and validates a credentials file. It refuses a file that
// group or others may access (ErrInsecureFile), because it holds every user's
// v2 API key. Error messages never quote the file's content.
func LoadFile(path string) (*CredentialSet, error) { return loadFile(path, false) }

// LoadFileGroupReadable is LoadFile that also accepts a file its group may
// read (never write, never others). It exists for Kubernetes: a Secret volume
// with fsGroup is mounted group-readable (mode|0440), which is the only way a
// non-root container can read it.
func LoadFileGroupReadable(path string) (*CredentialSet, error) { return loadFile(path, true) }

func loadFile(path string, allowGroupRead bool) (*CredentialSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err, os.Getuid())
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("credentials file %s: not a regular file", path)
	}
	forbidden := os.FileMode(0o077)
	if allowGroupRead {
		forbidden = 0o037
	}
	if perm := st.Mode().Perm(); perm&forbidden != 0 {
		hint := ""
		if !allowGroupRead && perm&0o037 == 0 {
			hint = "; or, when its group is the server's own (a Kubernetes Secret mounted with fsGroup), start the server with --credentials-group-readable"
		}
		return nil, fmt.Errorf("%s (mode %04o): %w%s", path, perm, ErrInsecureFile, hint)
	}
	if st.Size() > maxFileSize {
		return nil, fmt.Errorf("credentials file %s: larger than %d bytes", path, maxFileSize)
	}
	data := make([]byte, st.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, fmt.Errorf("credentials file %s: %w", path, err)
	}
	var ff fileFormat
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ff); err != nil {
		// json errors may quote input; keep only the position-free kind.
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("credentials file %s: invalid JSON at offset %d", path, se.Offset)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("credentials file %s: invalid JSON (truncated)", path)
		}
		return nil, fmt.Errorf("credentials file %s: not in the expected format (want {\"users\":[{\"login\",\"passwordHash\",\"apiKey\"|\"refreshToken\"}]})", path)
	}
	set, err := NewCredentialSet(ff.Users)
	if err != nil {
		return nil, fmt.Errorf("credentials file %s: %w", path, err)
	}
	return set, nil
}

// openError explains a credentials file the process may not open: the
// container image runs as UID 65532, so a file mounted from the host as
// root's 0600 is unreadable there. Other errors are returned as they are.
func openError(path string, err error, uid int) error {
	if !errors.Is(err, fs.ErrPermission) {
		return err
	}
	return fmt.Errorf("credentials file %s: permission denied for UID %d (the container image runs as 65532): "+
		"chown %d it (mode 0600), or give it the server's group with mode 0640 and start the server with --credentials-group-readable: %w",
		path, uid, uid, err)
}

// WriteFile writes entries to path atomically (temporary file in the same
// directory, fsync, rename) with mode 0600, so a server re-reading it on
// SIGHUP never sees half a file.
func WriteFile(path string, entries []Credential) error {
	set, err := NewCredentialSet(entries)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(fileFormat{Users: set.Credentials()}, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		// The temporary file's name means nothing to the operator: name
		// the directory, which is what must exist and be writable.
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("writing %s: directory %s does not exist: create it first (mkdir -p -m 0700 %s): %w", path, dir, dir, fs.ErrNotExist)
		case errors.Is(err, fs.ErrPermission):
			return fmt.Errorf("writing %s: directory %s is not writable by UID %d (the file is replaced through a temporary file beside it): %w", path, dir, os.Getuid(), fs.ErrPermission)
		}
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// MaxPasswordBytes is bcrypt's input limit; longer passwords are refused by
// HashPassword rather than silently truncated.
const MaxPasswordBytes = 72

// HashPassword returns the bcrypt hash of a legacy password at cost
// (bcrypt.DefaultCost when 0).
func HashPassword(password string, cost int) (string, error) {
	if password == "" {
		return "", errors.New("empty password")
	}
	if len(password) > MaxPasswordBytes {
		return "", fmt.Errorf("password longer than %d bytes", MaxPasswordBytes)
	}
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	return string(h), err
}

// Upsert adds entry to entries or replaces the one with the same login.
// Empty APIKey and RefreshToken in entry keep the existing v2 credential.
func Upsert(entries []Credential, entry Credential) []Credential {
	for i, c := range entries {
		if c.Login == entry.Login {
			if entry.APIKey == "" && entry.RefreshToken == "" {
				entry.APIKey, entry.RefreshToken = c.APIKey, c.RefreshToken
			}
			entries[i] = entry
			return entries
		}
	}
	return append(entries, entry)
}

// ReadFileOrEmpty is LoadFile for the passwd subcommand: a missing file is an
// empty set.
func ReadFileOrEmpty(path string) ([]Credential, error) {
	set, err := LoadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return set.Credentials(), nil
}

// FileAuthenticator checks Basic credentials against a credentials set that
// can be swapped atomically (Reload) while calls are being served: a call in
// flight keeps the set it started with, the next one sees the new set.
//
// bcrypt is deliberately slow (~50-100 ms at the default cost), far too slow
// to run on every legacy call, so a successful check is remembered for
// VerifiedTTL under an HMAC of (login, password, stored hash) keyed by a
// per-process random key: a changed password or hash misses the cache.
type FileAuthenticator struct {
	path      string
	groupRead bool
	check     func(*CredentialSet) error // FileOptions.Check
	set       atomic.Pointer[CredentialSet]
	verified  *hmacCache
	dummyMu   sync.Mutex
	dummy     map[int][]byte // bcrypt hashes by cost, compared against for unknown logins (timing)
	saveMu    sync.Mutex     // serialises SaveRefreshToken's rewrites of the file
	// compare is bcrypt.CompareHashAndPassword; tests replace it to count the
	// checks made and the bcrypt cost paid.
	compare func(hash, password []byte) error
}

// DefaultVerifiedTTL is how long a successful password check is remembered.
const DefaultVerifiedTTL = 5 * time.Minute

// FileOptions tune a FileAuthenticator.
type FileOptions struct {
	VerifiedTTL    time.Duration    // how long a verified password is remembered; default DefaultVerifiedTTL
	Now            func() time.Time // clock; default time.Now
	AllowGroupRead bool             // accept a group-readable file (LoadFileGroupReadable); default false
	// Check, when set, refuses a set the rest of the configuration cannot
	// serve (refresh-token entries without an OAuth client), at load and at
	// every Reload.
	Check func(*CredentialSet) error
}

// NewFileAuthenticator loads path and returns an authenticator over it.
func NewFileAuthenticator(path string, opts FileOptions) (*FileAuthenticator, error) {
	set, err := loadFile(path, opts.AllowGroupRead)
	if err == nil && opts.Check != nil {
		err = opts.Check(set)
	}
	if err != nil {
		return nil, err
	}
	a := newFileAuthenticator(opts.VerifiedTTL, opts.Now)
	a.path, a.groupRead, a.check = path, opts.AllowGroupRead, opts.Check
	a.set.Store(set)
	return a, nil
}

// NewStaticAuthenticator returns an authenticator over a fixed set (demo mode
// and tests); Reload is a no-op for it.
func NewStaticAuthenticator(set *CredentialSet, ttl time.Duration, now func() time.Time) *FileAuthenticator {
	a := newFileAuthenticator(ttl, now)
	a.set.Store(set)
	return a
}

func newFileAuthenticator(ttl time.Duration, now func() time.Time) *FileAuthenticator {
	if ttl <= 0 {
		ttl = DefaultVerifiedTTL
	}
	return &FileAuthenticator{verified: newHMACCache(ttl, defaultCacheEntries, now), compare: bcrypt.CompareHashAndPassword}
}

func (a *FileAuthenticator) dummyHash(cost int) []byte {
	if cost < bcrypt.MinCost {
		cost = bcrypt.DefaultCost
	}
	a.dummyMu.Lock()
	defer a.dummyMu.Unlock()
	if a.dummy == nil {
		a.dummy = map[int][]byte{}
	}
	h, ok := a.dummy[cost]
	if !ok {
		h, _ = bcrypt.GenerateFromPassword([]byte("no such user"), cost)
		a.dummy[cost] = h
	}
	return h
}

// padFailure makes a refused password for an entry of bcrypt cost c cost as
// much as an unknown login, which is compared against a dummy hash of the
// set's highest cost m: it compares against dummy hashes of costs c, c+1, ...
// m-1, whose work (2^c + ... + 2^(m-1) = 2^m - 2^c) with the entry's own 2^c
// makes 2^m. Only refusals pay it: a right password for a cheap entry stays
// cheap, while a wrong one costs what any refusal costs.
func (a *FileAuthenticator) padFailure(hash string, maxCost int, password string) {
	cost, err := bcrypt.Cost([]byte(hash))
	if err != nil {
		return
	}
	for c := cost; c < maxCost; c++ {
		_ = a.compare(a.dummyHash(c), []byte(password))
	}
}

// Reload re-reads the file. On any error the current set stays in force and
// the error is returned (a bad edit never locks everyone out).
func (a *FileAuthenticator) Reload() error {
	if a.path == "" {
		return nil
	}
	set, err := loadFile(a.path, a.groupRead)
	if err == nil && a.check != nil {
		err = a.check(set)
	}
	if err != nil {
		return err
	}
	a.set.Store(set)
	return nil
}

// Len reports how many credentials are loaded (for /readyz).
func (a *FileAuthenticator) Len() int { return a.set.Load().Len() }

// Known reports whether login has an entry (for the log: an unknown login is
// not logged as is).
func (a *FileAuthenticator) Known(login string) bool {
	_, ok := a.set.Load().Lookup(login)
	return ok
}

// Cached returns the identity of login when password was verified for it
// within VerifiedTTL (against the entry's current hash), without bcrypt.
func (a *FileAuthenticator) Cached(login, password string) (Identity, bool) {
	c, ok := a.set.Load().Lookup(login)
	if !ok || !a.verified.hit(a.verified.key(login, password, c.PasswordHash)) {
		return Identity{}, false
	}
	return Identity{Login: c.Login, APIKey: c.APIKey, RefreshToken: c.RefreshToken}, true
}

// Authenticate checks login/password. It returns ErrBadCredentials for an
// unknown login or a wrong password, spending on every refusal the bcrypt
// work of the set's highest cost (see padFailure).
func (a *FileAuthenticator) Authenticate(_ context.Context, login, password string) (Identity, error) {
	set := a.set.Load()
	c, ok := set.Lookup(login)
	if !ok {
		// Spend the time a real check takes (at the set's cost), so timing
		// does not tell which logins exist.
		_ = a.compare(a.dummyHash(set.maxCost), []byte(password))
		return Identity{}, ErrBadCredentials
	}
	key := a.verified.key(login, password, c.PasswordHash)
	if !a.verified.hit(key) {
		if a.compare([]byte(c.PasswordHash), []byte(password)) != nil {
			a.padFailure(c.PasswordHash, set.maxCost, password)
			return Identity{}, ErrBadCredentials
		}
		a.verified.put(key)
	}
	return Identity{Login: c.Login, APIKey: c.APIKey, RefreshToken: c.RefreshToken}, nil
}
