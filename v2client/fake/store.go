package fake

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// The store is the fake space's state. One RWMutex guards all of it: reads
// (the bulk of the traffic) share it, writes are short. Handlers copy what
// they answer into fresh v2client values while holding the lock and encode
// after releasing it.

type user struct {
	v2client.User
	apiKey   string
	password string
	icon     string // "gif" or "png"
	deleted  bool   // deleted users stay resolvable for the entities they created
}

type project struct {
	v2client.Project
	members      []int64
	admins       map[int64]bool
	issueTypes   []*v2client.IssueType
	categories   []*v2client.Category
	versions     []*v2client.Version
	statuses     []*v2client.Status // built-ins 1-4 (copied per project) and custom ones
	customFields []*v2client.CustomField
	nextKeyID    int64
}

// cfValue is an issue's value of one custom field.
type cfValue struct {
	text   *string
	number *float64
	date   *time.Time
	items  []int64
	other  *string
}

type issue struct {
	id, projectID, keyID         int64
	issueTypeID                  int64
	summary, description         string
	statusID, priorityID         int64
	resolutionID, assigneeID     *int64
	parentID                     *int64
	categoryIDs, versionIDs      []int64
	milestoneIDs                 []int64
	startDate, dueDate           *time.Time
	estimatedHours, actualHours  *float64
	createdUserID, updatedUserID int64
	created, updated             time.Time
	custom                       map[int64]*cfValue
	attachments                  []SeedAttachment
	sharedFiles                  []SeedSharedFile
}

type comment struct {
	id, issueID, projectID int64
	content                *string
	changeLog              []v2client.ChangeLog
	createdUserID          int64
	created, updated       time.Time
}

type activity struct {
	id, projectID int64
	typ           v2client.ActivityType
	content       v2client.ActivityContent
	createdUserID int64
	created       time.Time
}

type token struct {
	access, refresh string
	userID          int64
	clientID        string
	expires         time.Time
}

type authCode struct {
	clientID string
	userID   int64
}

type store struct {
	mu sync.RWMutex

	space           v2client.Space
	users           map[int64]*user
	userOrder       []int64
	usersByKey      map[string]*user
	priorities      []v2client.Priority
	resolutions     []v2client.Resolution
	builtinStatuses []v2client.Status

	projects      map[int64]*project
	projectOrder  []int64
	issues        map[int64]*issue
	issueOrder    []int64 // ascending ids
	issuesByPK    map[int64]map[int64]*issue
	comments      map[int64]*comment
	issueComments map[int64][]*comment // ascending ids
	activities    []*activity          // ascending ids

	oauthClients map[string]SeedOAuthClient
	codes        map[string]authCode
	tokens       map[string]*token // by access token
	refresh      map[string]*token // by refresh token

	nextID int64

	loc *time.Location // the space time zone (fixed for the life of the fake)

	// gen counts writes; cached issue JSON rendered under an older
	// generation is stale. Bumped after every write request, before its
	// answer is written: a read that overlaps an unanswered write may
	// still see the state before it, never a read that follows the answer.
	gen      atomic.Uint64
	cacheMu  sync.Mutex
	cacheGen uint64
	cache    map[issueCacheKey][]byte
}

type issueCacheKey struct {
	id           int64
	childSummary bool
}

// issueJSON returns the JSON of an issue, from the cache when no write
// happened since it was rendered (lock held, read or write).
func (s *store) issueJSON(is *issue, childSummary bool) ([]byte, error) {
	gen := s.gen.Load()
	k := issueCacheKey{is.id, childSummary}
	s.cacheMu.Lock()
	if s.cacheGen != gen {
		clear(s.cache)
		s.cacheGen = gen
	}
	b, ok := s.cache[k]
	s.cacheMu.Unlock()
	if ok {
		return b, nil
	}
	b, err := json.Marshal(s.renderIssue(is, childSummary))
	if err != nil {
		return nil, err
	}
	b = realFloats(b)
	s.cacheMu.Lock()
	if s.cacheGen == gen {
		s.cache[k] = b
	}
	s.cacheMu.Unlock()
	return b, nil
}

func (s *store) newID() int64 {
	s.nextID++
	return s.nextID
}

// record appends an activity of the caller at the call's time, with the
// next id (lock held).
func (s *store) record(c *call, projectID int64, typ v2client.ActivityType, content v2client.ActivityContent) {
	s.activities = append(s.activities, &activity{id: s.newID(), projectID: projectID, typ: typ,
		content: content, createdUserID: c.user.ID, created: c.now})
}

// addComment stores a new comment of an issue (lock held).
func (s *store) addComment(cm *comment) {
	s.comments[cm.id] = cm
	s.issueComments[cm.issueID] = append(s.issueComments[cm.issueID], cm)
}

func (s *store) seeID(id int64) {
	if id > s.nextID {
		s.nextID = id
	}
}

func dateOnly(d *v2client.Date) *time.Time {
	if d == nil {
		return nil
	}
	y, m, dd := d.In(time.UTC)
	t := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	return &t
}

// newStore builds the state from a seed, checking its references.
func newStore(seed *Seed) (*store, error) {
	s := &store{
		space:         seed.Space,
		users:         map[int64]*user{},
		usersByKey:    map[string]*user{},
		priorities:    slices.Clone(seed.Priorities),
		resolutions:   slices.Clone(seed.Resolutions),
		projects:      map[int64]*project{},
		issues:        map[int64]*issue{},
		issuesByPK:    map[int64]map[int64]*issue{},
		comments:      map[int64]*comment{},
		issueComments: map[int64][]*comment{},
		oauthClients:  map[string]SeedOAuthClient{},
		codes:         map[string]authCode{},
		tokens:        map[string]*token{},
		refresh:       map[string]*token{},
		cache:         map[issueCacheKey][]byte{},
		loc:           time.UTC,
	}
	if loc, err := time.LoadLocation(seed.Space.Timezone); err == nil {
		s.loc = loc
	}
	for _, st := range seed.Statuses {
		if st.ID < 1 || st.ID > 4 {
			return nil, fmt.Errorf("built-in status id %d is not 1-4", st.ID)
		}
		s.builtinStatuses = append(s.builtinStatuses, st)
	}
	for _, su := range seed.Users {
		if _, dup := s.users[su.ID]; dup {
			return nil, fmt.Errorf("duplicate user id %d", su.ID)
		}
		u := &user{User: su.User, apiKey: su.APIKey, password: su.Password, icon: su.Icon}
		if u.icon == "" {
			u.icon = "gif"
		}
		s.users[u.ID] = u
		s.userOrder = append(s.userOrder, u.ID)
		if u.apiKey != "" {
			s.usersByKey[u.apiKey] = u
		}
		s.seeID(u.ID)
	}
	for _, sp := range seed.Projects {
		p := &project{Project: sp.Project, admins: map[int64]bool{}, nextKeyID: 1}
		for _, m := range sp.Members {
			if s.users[m] == nil {
				return nil, fmt.Errorf("project %s: unknown member %d", p.ProjectKey, m)
			}
			p.members = append(p.members, m)
		}
		for _, a := range sp.Administrators {
			p.admins[a] = true
		}
		for _, it := range sp.IssueTypes {
			it.ProjectID = p.ID
			p.issueTypes = append(p.issueTypes, &it)
			s.seeID(it.ID)
		}
		for _, c := range sp.Categories {
			c.ProjectID = p.ID
			p.categories = append(p.categories, &c)
			s.seeID(c.ID)
		}
		for _, v := range sp.Versions {
			v.ProjectID = p.ID
			p.versions = append(p.versions, &v)
			s.seeID(v.ID)
		}
		s.addBuiltinStatuses(p)
		for _, st := range sp.Statuses {
			st.ProjectID = p.ID
			p.statuses = append(p.statuses, &st)
			s.seeID(st.ID)
		}
		sortStatuses(p.statuses)
		for _, cf := range sp.CustomFields {
			cf.ProjectID = p.ID
			p.customFields = append(p.customFields, &cf)
			s.seeID(cf.ID)
		}
		s.projects[p.ID] = p
		s.projectOrder = append(s.projectOrder, p.ID)
		s.issuesByPK[p.ID] = map[int64]*issue{}
		s.seeID(p.ID)
	}
	for _, si := range seed.Issues {
		p := s.projects[si.ProjectID]
		if p == nil {
			return nil, fmt.Errorf("issue %d: unknown project %d", si.ID, si.ProjectID)
		}
		is := &issue{
			id: si.ID, projectID: si.ProjectID, keyID: si.KeyID, issueTypeID: si.IssueTypeID,
			summary: si.Summary, description: si.Description, statusID: si.StatusID, priorityID: si.PriorityID,
			resolutionID: si.ResolutionID, assigneeID: si.AssigneeID, parentID: si.ParentIssueID,
			categoryIDs: slices.Clone(si.CategoryID), versionIDs: slices.Clone(si.VersionID), milestoneIDs: slices.Clone(si.MilestoneID),
			startDate: dateOnly(si.StartDate), dueDate: dateOnly(si.DueDate),
			estimatedHours: si.EstimatedHours, actualHours: si.ActualHours,
			createdUserID: si.CreatedUserID, updatedUserID: si.UpdatedUserID,
			created: si.Created.UTC(), updated: si.Updated.UTC(), custom: map[int64]*cfValue{},
			attachments: slices.Clone(si.Attachments), sharedFiles: slices.Clone(si.SharedFiles),
		}
		if p.issueType(is.issueTypeID) == nil || p.status(is.statusID) == nil || s.priority(is.priorityID) == nil {
			return nil, fmt.Errorf("issue %d: unknown issue type, status or priority", si.ID)
		}
		for _, v := range si.CustomFields {
			cf := p.customField(v.ID)
			if cf == nil {
				return nil, fmt.Errorf("issue %d: unknown custom field %d", si.ID, v.ID)
			}
			val, err := seedCustomValue(cf, v)
			if err != nil {
				return nil, fmt.Errorf("issue %d: %w", si.ID, err)
			}
			is.custom[cf.ID] = val
		}
		if _, dup := s.issues[is.id]; dup {
			return nil, fmt.Errorf("duplicate issue id %d", is.id)
		}
		s.issues[is.id] = is
		s.issueOrder = append(s.issueOrder, is.id)
		s.issuesByPK[p.ID][is.keyID] = is
		if is.keyID >= p.nextKeyID {
			p.nextKeyID = is.keyID + 1
		}
		s.seeID(is.id)
		for _, a := range is.attachments {
			s.seeID(a.ID)
		}
		for _, f := range is.sharedFiles {
			s.seeID(f.ID)
		}
	}
	slices.Sort(s.issueOrder)
	for _, sc := range seed.Comments {
		is := s.issues[sc.IssueID]
		if is == nil {
			return nil, fmt.Errorf("comment %d: unknown issue %d", sc.ID, sc.IssueID)
		}
		c := &comment{id: sc.ID, issueID: is.id, projectID: is.projectID, content: sc.Content,
			changeLog: slices.Clone(sc.ChangeLog), createdUserID: sc.CreatedUserID,
			created: sc.Created.UTC(), updated: sc.Updated.UTC()}
		s.comments[c.id] = c
		s.issueComments[is.id] = append(s.issueComments[is.id], c)
		s.seeID(c.id)
	}
	for id := range s.issueComments {
		slices.SortFunc(s.issueComments[id], func(a, b *comment) int { return cmp.Compare(a.id, b.id) })
	}
	for _, sa := range seed.Activities {
		if s.projects[sa.ProjectID] == nil {
			return nil, fmt.Errorf("activity %d: unknown project %d", sa.ID, sa.ProjectID)
		}
		content := sa.Content
		if sa.Type == v2client.ActivityIssueUpdated && content.Attachments == nil {
			content.Attachments = []v2client.Attachment{} // as in the fixtures: updates always list attachments
		}
		s.activities = append(s.activities, &activity{id: sa.ID, projectID: sa.ProjectID, typ: sa.Type,
			content: content, createdUserID: sa.CreatedUserID, created: sa.Created.UTC()})
		s.seeID(sa.ID)
	}
	slices.SortFunc(s.activities, func(a, b *activity) int { return cmp.Compare(a.id, b.id) })
	for _, c := range seed.OAuthClients {
		s.oauthClients[c.ClientID] = c
	}
	return s, nil
}

// seedCustomValue converts a seed value to the stored form.
func seedCustomValue(cf *v2client.CustomField, v SeedCustomValue) (*cfValue, error) {
	val := &cfValue{other: v.OtherValue}
	if len(v.Value) == 0 || string(v.Value) == "null" {
		return val, nil
	}
	var err error
	switch cf.TypeID {
	case v2client.CustomFieldText, v2client.CustomFieldSentence:
		var s string
		err = json.Unmarshal(v.Value, &s)
		val.text = &s
	case v2client.CustomFieldNumeric:
		var f float64
		err = json.Unmarshal(v.Value, &f)
		val.number = &f
	case v2client.CustomFieldDate:
		var d v2client.Date
		err = d.UnmarshalJSON(v.Value)
		val.date = dateOnly(&d)
	case v2client.CustomFieldSingleList, v2client.CustomFieldRadio:
		var id int64
		err = json.Unmarshal(v.Value, &id)
		val.items = []int64{id}
	default:
		err = json.Unmarshal(v.Value, &val.items)
	}
	if err != nil {
		return nil, fmt.Errorf("custom field %d: %w", cf.ID, err)
	}
	for _, it := range val.items {
		if cfItem(cf, it) == nil {
			return nil, fmt.Errorf("custom field %d: unknown item %d", cf.ID, it)
		}
	}
	return val, nil
}

// addBuiltinStatuses gives p its own copies of the built-in statuses 1-4.
func (s *store) addBuiltinStatuses(p *project) {
	for _, bs := range s.builtinStatuses {
		bs.ProjectID = p.ID
		p.statuses = append(p.statuses, &bs)
	}
}

// sortStatuses orders statuses by display order, then id.
func sortStatuses(sts []*v2client.Status) {
	slices.SortStableFunc(sts, func(a, b *v2client.Status) int {
		if c := cmp.Compare(a.DisplayOrder, b.DisplayOrder); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// --- look-ups (callers hold the lock) ---

func (p *project) issueType(id int64) *v2client.IssueType { return issueTypes.find(p, id) }

func (p *project) category(id int64) *v2client.Category { return categories.find(p, id) }

func (p *project) version(id int64) *v2client.Version { return versions.find(p, id) }

func (p *project) status(id int64) *v2client.Status { return statuses.find(p, id) }

func (p *project) customField(id int64) *v2client.CustomField { return customFields.find(p, id) }

func (p *project) isMember(uid int64) bool { return slices.Contains(p.members, uid) }

func cfItem(cf *v2client.CustomField, id int64) *v2client.CustomFieldItem {
	for k := range cf.Items {
		if cf.Items[k].ID == id {
			return &cf.Items[k]
		}
	}
	return nil
}

func (s *store) priority(id int64) *v2client.Priority {
	for k := range s.priorities {
		if s.priorities[k].ID == id {
			return &s.priorities[k]
		}
	}
	return nil
}

func (s *store) resolution(id int64) *v2client.Resolution {
	for k := range s.resolutions {
		if s.resolutions[k].ID == id {
			return &s.resolutions[k]
		}
	}
	return nil
}

// projectByIDOrKey resolves a :projectIdOrKey path segment.
func (s *store) projectByIDOrKey(v string) *project {
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		return s.projects[id]
	}
	for _, id := range s.projectOrder {
		if p := s.projects[id]; p.ProjectKey == v {
			return p
		}
	}
	return nil
}

// issueByIDOrKey resolves an :issueIdOrKey path segment ("1001" or "DEMO-1").
func (s *store) issueByIDOrKey(v string) *issue {
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		return s.issues[id]
	}
	i := strings.LastIndexByte(v, '-')
	if i <= 0 {
		return nil
	}
	keyID, err := strconv.ParseInt(v[i+1:], 10, 64)
	if err != nil {
		return nil
	}
	p := s.projectByIDOrKey(v[:i])
	if p == nil || p.ProjectKey != v[:i] {
		return nil
	}
	return s.issuesByPK[p.ID][keyID]
}

// canSee reports whether u may see project p: administrators see every
// project, everybody else only the projects they belong to.
func (s *store) canSee(u *user, p *project) bool {
	return u.RoleType == v2client.RoleAdministrator || p.isMember(u.ID)
}

// isProjectAdmin reports whether u administers p (space administrators
// administer every project).
func (s *store) isProjectAdmin(u *user, p *project) bool {
	return u.RoleType == v2client.RoleAdministrator || (p.admins[u.ID] && p.isMember(u.ID))
}

func (s *store) isAnyProjectAdmin(u *user) bool {
	if u.RoleType == v2client.RoleAdministrator {
		return true
	}
	for _, id := range s.projectOrder {
		if p := s.projects[id]; p.admins[u.ID] && p.isMember(u.ID) {
			return true
		}
	}
	return false
}

func (s *store) removeIssue(is *issue) {
	delete(s.issues, is.id)
	delete(s.issuesByPK[is.projectID], is.keyID)
	if k, ok := slices.BinarySearch(s.issueOrder, is.id); ok {
		s.issueOrder = slices.Delete(s.issueOrder, k, k+1)
	}
	for _, c := range s.issueComments[is.id] {
		delete(s.comments, c.id)
	}
	delete(s.issueComments, is.id)
	for _, other := range s.issues {
		if other.parentID != nil && *other.parentID == is.id {
			other.parentID = nil
		}
	}
}
