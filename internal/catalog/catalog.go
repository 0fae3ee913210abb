// Package catalog is the gateway's name -> id cache: the per-project lists
// that legacy calls refer to by name (issue types, categories,
// versions/milestones, statuses, project members, custom-field
// definitions), the space-wide lists (priorities, resolutions), the space
// itself (its time zone), project key -> id, and an id -> owning-project
// index for the legacy methods that update or delete by a bare id.
//
// Why: a legacy createIssue may name its issue type, priority, categories
// and milestones; resolving each name with a v2 call would cost five calls
// per issue. With the catalog warm, createIssue costs exactly the one
// POST /issues (methods/BUDGET.md).
//
// Sharing: one Catalog serves every caller of the gateway (it is keyed by
// project, not by user). That is deliberate and safe: ids and names of
// issue types, categories, versions are not secrets, and the cache only
// turns names into ids — the v2 call that uses the ids is still made with
// the caller's own credentials, so Backlog enforces permissions. Methods
// that return a list to the caller (getIssueTypes, getComponents, ...)
// always fetch it with the caller's credentials and then refresh the
// cache with it, so a caller never reads another caller's cached list.
//
// Entries expire after the TTL; write methods call Invalidate for what they
// change. Concurrent misses of the same entry collapse into one upstream
// call (singleflight); if that shared call fails, each waiting caller
// retries once with its own client, so one caller's missing permission or
// cancelled request never fails another.
package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// DefaultTTL is how long a cached list is used when New gets ttl <= 0.
const DefaultTTL = 5 * time.Minute

// Kind names one cached per-project list (or a space-wide one).
type Kind int

// The cached lists.
const (
	IssueTypes   Kind = iota + 1 // GET /projects/:p/issueTypes
	Categories                   // GET /projects/:p/categories (legacy components)
	Versions                     // GET /projects/:p/versions (versions and milestones)
	Statuses                     // GET /projects/:p/statuses
	ProjectUsers                 // GET /projects/:p/users
	CustomFields                 // GET /projects/:p/customFields
	Priorities                   // GET /priorities (space-wide; project 0)
	Resolutions                  // GET /resolutions (space-wide; project 0)
	Space                        // GET /space (project 0)
)

var kindNames = map[Kind]string{IssueTypes: "issueTypes", Categories: "categories", Versions: "versions",
	Statuses: "statuses", ProjectUsers: "users", CustomFields: "customFields", Priorities: "priorities",
	Resolutions: "resolutions", Space: "space"}

// String returns the v2 resource name of the kind.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "kind" + strconv.Itoa(int(k))
}

type entryKey struct {
	kind    Kind
	project int64
}

type entry struct {
	val     any
	expires time.Time
}

type projectKey struct {
	id      int64
	expires time.Time
}

type ownerKey struct {
	kind Kind
	id   int64
}

// Catalog is the cache. The zero value is not usable; call New. It is safe
// for concurrent use.
type Catalog struct {
	ttl time.Duration
	now func() time.Time
	sf  singleflight.Group

	hits, misses atomic.Uint64 // lookups answered from the cache / that fetched (Stats)

	mu      sync.Mutex
	entries map[entryKey]entry
	keys    map[string]projectKey // project key -> id
	owners  map[ownerKey]int64    // entity id -> owning project id
}

// New returns an empty Catalog whose entries live ttl (DefaultTTL when
// ttl <= 0), measured with now (time.Now when nil).
func New(ttl time.Duration, now func() time.Time) *Catalog {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	if now == nil {
		now = time.Now
	}
	return &Catalog{ttl: ttl, now: now, entries: map[entryKey]entry{},
		keys: map[string]projectKey{}, owners: map[ownerKey]int64{}}
}

// Stats returns how many list lookups were answered from the cache (hits)
// and how many had to fetch (misses, collapsed fetches included), for the
// server's /metrics.
func (c *Catalog) Stats() (hits, misses uint64) { return c.hits.Load(), c.misses.Load() }

// TTL returns how long entries live.
func (c *Catalog) TTL() time.Duration { return c.ttl }

// lookup returns a live entry.
func (c *Catalog) lookup(k entryKey) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || !c.now().Before(e.expires) {
		return nil, false
	}
	return e.val, true
}

// store saves a list and indexes the owners of its elements.
func (c *Catalog) store(k entryKey, val any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[k] = entry{val: val, expires: c.now().Add(c.ttl)}
	if k.project == 0 {
		return
	}
	index := func(id int64) { c.owners[ownerKey{k.kind, id}] = k.project }
	switch l := val.(type) {
	case []v2client.IssueType:
		for _, x := range l {
			index(x.ID)
		}
	case []v2client.Category:
		for _, x := range l {
			index(x.ID)
		}
	case []v2client.Version:
		for _, x := range l {
			index(x.ID)
		}
	case []v2client.CustomField:
		for _, x := range l {
			index(x.ID)
		}
	}
}

// shared runs fn through the single-flight group under key, with the
// calling call's work-gate slot given back for the whole time: a caller
// that joins another's fetch waits for that call, which needs a slot to
// finish decoding its answer, so holding one while waiting could deadlock
// the gate (package workgate). The caller whose fn runs does so without a
// slot too; its v2 exchanges are waits anyway, and a catalog miss is rare
// (once per list and TTL).
func (c *Catalog) shared(ctx context.Context, key string, fn func() (any, error)) (any, error) {
	defer workgate.Pause(ctx).Resume()
	v, err, _ := c.sf.Do(key, fn)
	return v, err
}

// cached returns the entry k, fetching it with fetch on a miss. Concurrent
// misses share one fetch; a shared failure is retried once alone.
func cached[T any](ctx context.Context, c *Catalog, k entryKey, fetch func() (T, error)) (T, error) {
	if v, ok := c.lookup(k); ok {
		c.hits.Add(1)
		return v.(T), nil
	}
	c.misses.Add(1)
	sfKey := k.kind.String() + "/" + strconv.FormatInt(k.project, 10)
	ran := false // this caller's fetch was the one that ran
	v, err := c.shared(ctx, sfKey, func() (any, error) {
		ran = true
		v, err := fetch()
		if err != nil {
			return nil, err
		}
		c.store(k, v)
		return v, nil
	})
	if err != nil && !ran {
		// Another caller's fetch failed (its permissions, its cancelled
		// context): try with ours, without collapsing.
		var own T
		own, err = fetch()
		if err != nil {
			return own, err
		}
		c.store(k, own)
		return own, nil
	}
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

func pid(id int64) string { return v2client.ID(id) }

// projectList returns the project's cached list kind, fetching it on a
// miss with list, a ProjectsService List method (a method expression, so
// that a warm lookup never touches cl).
func projectList[T any](ctx context.Context, c *Catalog, cl *v2client.Client, kind Kind, projectID int64,
	list func(ps *v2client.ProjectsService, ctx context.Context, projectIDOrKey string) ([]T, *v2client.Response, error)) ([]T, error) {
	return cached(ctx, c, entryKey{kind, projectID}, func() ([]T, error) {
		l, _, err := list(cl.Projects, ctx, pid(projectID))
		return l, err
	})
}

// IssueTypes returns the project's issue types in display order.
//
// v2 on a miss: GET /api/v2/projects/:projectIdOrKey/issueTypes
func (c *Catalog) IssueTypes(ctx context.Context, cl *v2client.Client, projectID int64) ([]v2client.IssueType, error) {
	return projectList(ctx, c, cl, IssueTypes, projectID, (*v2client.ProjectsService).ListIssueTypes)
}

// Categories returns the project's categories (legacy components).
//
// v2 on a miss: GET /api/v2/projects/:projectIdOrKey/categories
func (c *Catalog) Categories(ctx context.Context, cl *v2client.Client, projectID int64) ([]v2client.Category, error) {
	return projectList(ctx, c, cl, Categories, projectID, (*v2client.ProjectsService).ListCategories)
}

// Versions returns the project's versions/milestones (one list serves both).
//
// v2 on a miss: GET /api/v2/projects/:projectIdOrKey/versions
func (c *Catalog) Versions(ctx context.Context, cl *v2client.Client, projectID int64) ([]v2client.Version, error) {
	return projectList(ctx, c, cl, Versions, projectID, (*v2client.ProjectsService).ListVersions)
}

// Statuses returns the project's statuses.
//
// v2 on a miss: GET /api/v2/projects/:projectIdOrKey/statuses
func (c *Catalog) Statuses(ctx context.Context, cl *v2client.Client, projectID int64) ([]v2client.Status, error) {
	return projectList(ctx, c, cl, Statuses, projectID, (*v2client.ProjectsService).ListStatuses)
}

// ProjectUsers returns the project's members.
//
// v2 on a miss: GET /api/v2/projects/:projectIdOrKey/users
func (c *Catalog) ProjectUsers(ctx context.Context, cl *v2client.Client, projectID int64) ([]v2client.User, error) {
	return cached(ctx, c, entryKey{ProjectUsers, projectID}, func() ([]v2client.User, error) {
		l, _, err := cl.Projects.ListUsers(ctx, pid(projectID), false)
		return l, err
	})
}

// CustomFields returns the project's custom-field definitions.
//
// v2 on a miss: GET /api/v2/projects/:projectIdOrKey/customFields
func (c *Catalog) CustomFields(ctx context.Context, cl *v2client.Client, projectID int64) ([]v2client.CustomField, error) {
	return projectList(ctx, c, cl, CustomFields, projectID, (*v2client.ProjectsService).ListCustomFields)
}

// Priorities returns the space's priorities.
//
// v2 on a miss: GET /api/v2/priorities
func (c *Catalog) Priorities(ctx context.Context, cl *v2client.Client) ([]v2client.Priority, error) {
	return cached(ctx, c, entryKey{Priorities, 0}, func() ([]v2client.Priority, error) {
		l, _, err := cl.Priorities.List(ctx)
		return l, err
	})
}

// Resolutions returns the space's resolutions.
//
// v2 on a miss: GET /api/v2/resolutions
func (c *Catalog) Resolutions(ctx context.Context, cl *v2client.Client) ([]v2client.Resolution, error) {
	return cached(ctx, c, entryKey{Resolutions, 0}, func() ([]v2client.Resolution, error) {
		l, _, err := cl.Resolutions.List(ctx)
		return l, err
	})
}

// Space returns the space (its time zone drives every timestamp).
//
// v2 on a miss: GET /api/v2/space
func (c *Catalog) Space(ctx context.Context, cl *v2client.Client) (*v2client.Space, error) {
	return cached(ctx, c, entryKey{Space, 0}, func() (*v2client.Space, error) {
		s, _, err := cl.Space.Get(ctx)
		return s, err
	})
}

// Put stores a list fetched elsewhere (a method that read it with the
// caller's credentials, or a write that returned the new state), so the
// next name lookup is warm. list must be the slice type of kind.
func (c *Catalog) Put(kind Kind, projectID int64, list any) {
	ok := false
	switch list.(type) {
	case []v2client.IssueType:
		ok = kind == IssueTypes
	case []v2client.Category:
		ok = kind == Categories
	case []v2client.Version:
		ok = kind == Versions
	case []v2client.Status:
		ok = kind == Statuses
	case []v2client.User:
		ok = kind == ProjectUsers
	case []v2client.CustomField:
		ok = kind == CustomFields
	case []v2client.Priority:
		ok = kind == Priorities
	case []v2client.Resolution:
		ok = kind == Resolutions
	case *v2client.Space:
		ok = kind == Space
	}
	if !ok {
		// A wiring bug: the getters would fail their type assertion later.
		panic(fmt.Sprintf("catalog: Put(%s) with %T", kind, list))
	}
	c.store(entryKey{kind, projectID}, list)
}

// Invalidate drops the cached list kind of the project (0 for the
// space-wide kinds), so the next lookup fetches it again. Owner-index
// entries are kept: an id never moves to another project.
func (c *Catalog) Invalidate(kind Kind, projectID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, entryKey{kind, projectID})
}

// InvalidateKind drops the cached list kind of every project (and the
// space-wide one), for a change that may show in any project's list: a user
// deleted or changed by admin.deleteUser/updateUser may be a member of any
// project, so every cached member list (ProjectUsers) goes, not only those
// of the projects the caller happens to know about.
func (c *Catalog) InvalidateKind(kind Kind) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if k.kind == kind {
			delete(c.entries, k)
		}
	}
}

// InvalidateProject drops every cached list of the project and its key.
func (c *Catalog) InvalidateProject(projectID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if k.project == projectID {
			delete(c.entries, k)
		}
	}
	for key, p := range c.keys {
		if p.id == projectID {
			delete(c.keys, key)
		}
	}
}

// RememberProjects records the key -> id of projects read elsewhere
// (getProjects, getProject), so a later issue key resolves without a call.
func (c *Catalog) RememberProjects(ps ...v2client.Project) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range ps {
		c.keys[p.ProjectKey] = projectKey{id: p.ID, expires: c.now().Add(c.ttl)}
	}
}

// ProjectID resolves a project id or key to the numeric id. A string of
// digits is an id and costs nothing; a key is looked up once.
//
// v2 on a miss: GET /api/v2/projects/:projectIdOrKey
func (c *Catalog) ProjectID(ctx context.Context, cl *v2client.Client, idOrKey string) (int64, error) {
	if id, err := strconv.ParseInt(idOrKey, 10, 64); err == nil {
		return id, nil
	}
	c.mu.Lock()
	pk, ok := c.keys[idOrKey]
	c.mu.Unlock()
	if ok && c.now().Before(pk.expires) {
		return pk.id, nil
	}
	ran := false
	v, err := c.shared(ctx, "projectKey/"+idOrKey, func() (any, error) {
		ran = true
		p, _, err := cl.Projects.Get(ctx, idOrKey)
		if err != nil {
			return nil, err
		}
		c.RememberProjects(*p)
		return p.ID, nil
	})
	if err != nil && !ran {
		p, _, err := cl.Projects.Get(ctx, idOrKey)
		if err != nil {
			return 0, err
		}
		c.RememberProjects(*p)
		return p.ID, nil
	}
	if err != nil {
		return 0, err
	}
	return v.(int64), nil
}

// IssueProjectKey returns the project key of an issue key ("DEMO-12" ->
// "DEMO"; keys may contain '-' only before the number, and '_' anywhere).
func IssueProjectKey(issueKey string) (string, bool) {
	i := strings.LastIndexByte(issueKey, '-')
	if i <= 0 || i == len(issueKey)-1 {
		return "", false
	}
	if _, err := strconv.ParseInt(issueKey[i+1:], 10, 64); err != nil {
		return "", false
	}
	return issueKey[:i], true
}

// Owner returns the project that owns entity id of kind (issue type,
// category, version, custom field), if the index knows it.
func (c *Catalog) Owner(kind Kind, id int64) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.owners[ownerKey{kind, id}]
	return p, ok
}

// FindOwner returns the project that owns entity id of kind. When the
// index does not know it, it lists the caller's projects and reads that
// kind's list of each (through the cache, which indexes every element)
// until the id turns up; a NotFound *failure.Error when it never does.
//
// v2 on a miss: GET /api/v2/projects?all=true, then one list call per project
// scanned (GET /projects/:p/issueTypes|categories|versions|customFields).
func (c *Catalog) FindOwner(ctx context.Context, cl *v2client.Client, kind Kind, id int64) (int64, error) {
	if p, ok := c.Owner(kind, id); ok {
		return p, nil
	}
	var list func(int64) error
	switch kind {
	case IssueTypes:
		list = func(p int64) error { _, err := c.IssueTypes(ctx, cl, p); return err }
	case Categories:
		list = func(p int64) error { _, err := c.Categories(ctx, cl, p); return err }
	case Versions:
		list = func(p int64) error { _, err := c.Versions(ctx, cl, p); return err }
	case CustomFields:
		list = func(p int64) error { _, err := c.CustomFields(ctx, cl, p); return err }
	default:
		return 0, failure.New(failure.Internal, "catalog: no owner index for %s", kind)
	}
	// all=true: an administrator may change projects it has not joined;
	// Backlog ignores it for everyone else.
	projects, _, err := cl.Projects.List(ctx, &v2client.ProjectListOptions{All: true})
	if err != nil {
		return 0, err
	}
	c.RememberProjects(projects...)
	for _, p := range projects {
		if err := list(p.ID); err != nil {
			// A project whose list we may not read cannot be the owner we
			// are allowed to change; keep scanning.
			continue
		}
		if owner, ok := c.Owner(kind, id); ok {
			return owner, nil
		}
	}
	return 0, failure.New(failure.NotFound, "no %s with id %d", strings.TrimSuffix(kind.String(), "s"), id)
}
