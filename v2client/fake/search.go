package fake

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// issueQuery is a parsed GET /issues (or /issues/count) request. Every
// multi-valued filter is an OR of its values; filters combine with AND.
type issueQuery struct {
	projectIDs, issueTypeIDs, categoryIDs, versionIDs, milestoneIDs []int64
	statusIDs, priorityIDs, assigneeIDs, createdUserIDs             []int64
	resolutionIDs, parentIssueIDs, ids                              []int64
	parentChild                                                     int
	attachment, sharedFile                                          bool
	noDueDate                                                       bool
	keyword                                                         string
	created, updated, startDate, dueDate                            dateRange
	custom                                                          []*customCond
	sort                                                            string
	asc                                                             bool
	offset, count                                                   int
	childSummary                                                    bool
}

type dateRange struct{ since, until *time.Time }

func (r dateRange) set() bool { return r.since != nil || r.until != nil }

// contains reports whether the calendar date of t is within the range.
func (r dateRange) contains(t *time.Time, loc *time.Location) bool {
	if t == nil {
		return false
	}
	y, m, d := t.In(loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return (r.since == nil || !day.Before(*r.since)) && (r.until == nil || !day.After(*r.until))
}

// customCond is one customField_{id} search condition: text keyword,
// numeric/date range (_min/_max) or list item ids ([]).
type customCond struct {
	id       int64
	text     *string
	min, max *float64
	dmin     *time.Time
	dmax     *time.Time
	items    []int64
}

// sortKeys are the sort values GET /issues accepts (§3.9).
var sortKeys = []string{"issueType", "category", "version", "milestone", "summary", "status", "priority",
	"attachment", "sharedFile", "created", "createdUser", "updated", "updatedUser", "assignee", "startDate",
	"dueDate", "estimatedHours", "actualHours", "childIssue"}

var customParamRE = regexp.MustCompile(`^customField_(\d+)(_min|_max|\[\])?$`)

// parseIssueQuery reads the filters; paging when paged (the list, not count).
func parseIssueQuery(c *call, paged bool) (*issueQuery, error) {
	q := &issueQuery{count: 20, sort: "created"}
	lists := []struct {
		name string
		dst  *[]int64
	}{
		{"projectId[]", &q.projectIDs}, {"issueTypeId[]", &q.issueTypeIDs}, {"categoryId[]", &q.categoryIDs},
		{"versionId[]", &q.versionIDs}, {"milestoneId[]", &q.milestoneIDs}, {"statusId[]", &q.statusIDs},
		{"priorityId[]", &q.priorityIDs}, {"assigneeId[]", &q.assigneeIDs}, {"createdUserId[]", &q.createdUserIDs},
		{"resolutionId[]", &q.resolutionIDs}, {"parentIssueId[]", &q.parentIssueIDs}, {"id[]", &q.ids},
	}
	for _, l := range lists {
		v, _, err := c.ints(l.name)
		if err != nil {
			return nil, err
		}
		*l.dst = v
	}
	if v := c.str("parentChild"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 10 {
			return nil, errInvalid("Invalid parentChild: " + v)
		}
		q.parentChild = n
	}
	for _, b := range []struct {
		name string
		dst  *bool
	}{{"attachment", &q.attachment}, {"sharedFile", &q.sharedFile}} {
		v, err := c.boolParam(b.name)
		if err != nil {
			return nil, err
		}
		*b.dst = v != nil && *v
	}
	if v, err := c.boolParam("hasDueDate"); err != nil {
		return nil, err
	} else if v != nil {
		if *v {
			return nil, errInvalid("hasDueDate=true is not supported.")
		}
		q.noDueDate = true
	}
	q.keyword = strings.TrimSpace(c.str("keyword"))
	for _, r := range []struct {
		prefix string
		dst    *dateRange
	}{{"created", &q.created}, {"updated", &q.updated}, {"startDate", &q.startDate}, {"dueDate", &q.dueDate}} {
		var err error
		if r.dst.since, _, err = c.dateParam(r.prefix + "Since"); err != nil {
			return nil, err
		}
		if r.dst.until, _, err = c.dateParam(r.prefix + "Until"); err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(c.form))
	for name := range c.form {
		if strings.HasPrefix(name, "customField_") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	byID := map[int64]*customCond{}
	for _, name := range names {
		m := customParamRE.FindStringSubmatch(name)
		if m == nil {
			return nil, errInvalid("Invalid parameter: " + name)
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		cc := byID[id]
		if cc == nil {
			cc = &customCond{id: id}
			byID[id] = cc
			q.custom = append(q.custom, cc)
		}
		v := c.str(name)
		switch m[2] {
		case "":
			cc.text = &v
		case "[]":
			ids, _, err := c.ints(name)
			if err != nil {
				return nil, err
			}
			cc.items = ids
		default:
			if v == "" {
				continue
			}
			if t, err := time.Parse(v2client.DateLayout, v); err == nil {
				if m[2] == "_min" {
					cc.dmin = &t
				} else {
					cc.dmax = &t
				}
				continue
			}
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return nil, errInvalid("Invalid " + name + ": " + v)
			}
			if m[2] == "_min" {
				cc.min = &f
			} else {
				cc.max = &f
			}
		}
	}
	expand := c.form["expand[]"]
	q.childSummary = slices.Contains(expand, "childIssueSummary")
	if !paged {
		return q, nil
	}
	if v := c.str("sort"); v != "" {
		if !slices.Contains(sortKeys, v) && !customSortRE.MatchString(v) {
			return nil, errInvalid("Invalid sort: " + v)
		}
		q.sort = v
	}
	switch c.str("order") {
	case "", "desc":
	case "asc":
		q.asc = true
	default:
		return nil, errInvalid("Invalid order: " + c.str("order"))
	}
	if v := c.str("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, errInvalid("Invalid offset: " + v)
		}
		q.offset = n
	}
	if v := c.str("count"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return nil, errInvalid("Invalid count: " + v + " (1-100)")
		}
		q.count = n
	}
	return q, nil
}

var customSortRE = regexp.MustCompile(`^customField_\d+$`)

// any1 reports whether one of have is in want (want empty: no filter).
func any1(want []int64, have ...int64) bool {
	for _, h := range have {
		if slices.Contains(want, h) {
			return true
		}
	}
	return false
}

// searchState holds what a search computes once: the space time zone, the
// parent/child structure and the projects the caller may search.
type searchState struct {
	loc      *time.Location
	children map[int64]int
	projects map[int64]*project
	custom   map[int64]*v2client.CustomField
}

// search returns the issues matching q, sorted, before paging (lock held).
func (s *Server) search(c *call, q *issueQuery) ([]*issue, *searchState, error) {
	st := s.st
	ss := &searchState{loc: st.loc, children: map[int64]int{}, projects: map[int64]*project{}, custom: map[int64]*v2client.CustomField{}}
	for _, id := range st.projectOrder {
		p := st.projects[id]
		if len(q.projectIDs) > 0 {
			if slices.Contains(q.projectIDs, id) && st.canSee(c.user, p) {
				ss.projects[id] = p
			}
		} else if p.isMember(c.user.ID) {
			ss.projects[id] = p
		}
	}
	for _, cc := range q.custom {
		var found *v2client.CustomField
		for _, p := range st.projects {
			if cf := p.customField(cc.id); cf != nil {
				found = cf
			}
		}
		if found == nil {
			return nil, nil, errInvalid("No custom field: " + itoa(cc.id))
		}
		ss.custom[cc.id] = found
	}
	for _, is := range st.issues {
		if is.parentID != nil {
			ss.children[*is.parentID]++
		}
	}
	var out []*issue
	for _, id := range st.issueOrder {
		is := st.issues[id]
		if ss.projects[is.projectID] != nil && s.matches(is, q, ss) {
			out = append(out, is)
		}
	}
	sortIssues(st, out, q, ss)
	return out, ss, nil
}

func (s *Server) matches(is *issue, q *issueQuery, ss *searchState) bool {
	st := s.st
	switch {
	case len(q.issueTypeIDs) > 0 && !any1(q.issueTypeIDs, is.issueTypeID),
		len(q.categoryIDs) > 0 && !any1(q.categoryIDs, is.categoryIDs...),
		len(q.versionIDs) > 0 && !any1(q.versionIDs, is.versionIDs...),
		len(q.milestoneIDs) > 0 && !any1(q.milestoneIDs, is.milestoneIDs...),
		len(q.statusIDs) > 0 && !any1(q.statusIDs, is.statusID),
		len(q.priorityIDs) > 0 && !any1(q.priorityIDs, is.priorityID),
		len(q.assigneeIDs) > 0 && (is.assigneeID == nil || !any1(q.assigneeIDs, *is.assigneeID)),
		len(q.createdUserIDs) > 0 && !any1(q.createdUserIDs, is.createdUserID),
		len(q.resolutionIDs) > 0 && (is.resolutionID == nil || !any1(q.resolutionIDs, *is.resolutionID)),
		len(q.parentIssueIDs) > 0 && (is.parentID == nil || !any1(q.parentIssueIDs, *is.parentID)),
		len(q.ids) > 0 && !any1(q.ids, is.id),
		q.attachment && len(is.attachments) == 0,
		q.sharedFile && len(is.sharedFiles) == 0,
		q.noDueDate && is.dueDate != nil:
		return false
	}
	if q.parentChild != 0 && !parentChildMatches(st, is, q.parentChild, ss) {
		return false
	}
	if q.created.set() && !q.created.contains(&is.created, ss.loc) ||
		q.updated.set() && !q.updated.contains(&is.updated, ss.loc) ||
		q.startDate.set() && !q.startDate.contains(is.startDate, time.UTC) ||
		q.dueDate.set() && !q.dueDate.contains(is.dueDate, time.UTC) {
		return false
	}
	if q.keyword != "" && !keywordMatches(st, is, q.keyword) {
		return false
	}
	for _, cc := range q.custom {
		if !customMatches(ss.custom[cc.id], is.custom[cc.id], cc) {
			return false
		}
	}
	return true
}

// parentChildMatches implements parentChild 1-10 (§3.9).
func parentChildMatches(st *store, is *issue, mode int, ss *searchState) bool {
	isChild := is.parentID != nil
	hasChildren := ss.children[is.id] > 0
	level := 1
	if isChild {
		level = 2
		if p := st.issues[*is.parentID]; p != nil && p.parentID != nil {
			level = 3
		}
	}
	switch mode {
	case 1:
		return !isChild
	case 2, 9:
		return isChild
	case 3:
		return !isChild && !hasChildren
	case 4:
		return hasChildren
	case 5:
		return level == 3
	case 6:
		return level == 2
	case 7:
		return level == 1
	case 8:
		return level != 3
	case 10:
		return !hasChildren
	}
	return true
}

// keywordMatches: a case-insensitive substring of the key, summary,
// description or a comment (decision; the scope is UNCONFIRMED).
func keywordMatches(st *store, is *issue, kw string) bool {
	kw = strings.ToLower(kw)
	p := st.projects[is.projectID]
	if strings.Contains(strings.ToLower(issueKey(p, is)), kw) ||
		strings.Contains(strings.ToLower(is.summary), kw) ||
		strings.Contains(strings.ToLower(is.description), kw) {
		return true
	}
	for _, cm := range st.issueComments[is.id] {
		if cm.content != nil && strings.Contains(strings.ToLower(*cm.content), kw) {
			return true
		}
	}
	return false
}

func customMatches(cf *v2client.CustomField, v *cfValue, cc *customCond) bool {
	if v == nil {
		v = &cfValue{}
	}
	if cc.text != nil && *cc.text != "" {
		switch {
		case v.text != nil:
			if !strings.Contains(strings.ToLower(*v.text), strings.ToLower(*cc.text)) {
				return false
			}
		case v.number != nil:
			f, err := strconv.ParseFloat(*cc.text, 64)
			if err != nil || f != *v.number {
				return false
			}
		default:
			return false
		}
	}
	if cc.min != nil && (v.number == nil || *v.number < *cc.min) || cc.max != nil && (v.number == nil || *v.number > *cc.max) {
		return false
	}
	if cc.dmin != nil && (v.date == nil || v.date.Before(*cc.dmin)) || cc.dmax != nil && (v.date == nil || v.date.After(*cc.dmax)) {
		return false
	}
	if len(cc.items) > 0 && !any1(cc.items, v.items...) {
		return false
	}
	return true
}

// sortIssues orders issues by q.sort and q.order; ties by id in the same
// direction, so pages are stable. Absent values sort lowest.
func sortIssues(st *store, list []*issue, q *issueQuery, ss *searchState) {
	key := sortKeyFunc(st, q.sort, ss)
	slices.SortStableFunc(list, func(a, b *issue) int {
		c := key(a, b)
		if c == 0 {
			c = cmp.Compare(a.id, b.id)
		}
		if !q.asc {
			c = -c
		}
		return c
	})
}

// cmpNilFirst orders nil before any value, and values by compare.
func cmpNilFirst[T any](a, b *T, compare func(T, T) int) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return compare(*a, *b)
}

// cmpPtr orders optional numbers, nil first.
func cmpPtr[T cmp.Ordered](a, b *T) int { return cmpNilFirst(a, b, cmp.Compare[T]) }

// cmpTime orders optional times, nil first.
func cmpTime(a, b *time.Time) int { return cmpNilFirst(a, b, time.Time.Compare) }

func sortKeyFunc(st *store, sortBy string, ss *searchState) func(a, b *issue) int {
	firstName := func(is *issue, ids []int64, cat bool) string {
		if len(ids) == 0 {
			return ""
		}
		if cat {
			return categories.nameOf(st.projects[is.projectID], ids[0])
		}
		return versions.nameOf(st.projects[is.projectID], ids[0])
	}
	order := func(is *issue) int64 {
		if it := st.projects[is.projectID].issueType(is.issueTypeID); it != nil {
			return it.DisplayOrder
		}
		return 0
	}
	statusOrder := func(is *issue) int64 {
		if x := st.projects[is.projectID].status(is.statusID); x != nil {
			return x.DisplayOrder
		}
		return 0
	}
	switch sortBy {
	case "issueType":
		return func(a, b *issue) int { return cmp.Compare(order(a), order(b)) }
	case "category":
		return func(a, b *issue) int {
			return strings.Compare(firstName(a, a.categoryIDs, true), firstName(b, b.categoryIDs, true))
		}
	case "version":
		return func(a, b *issue) int {
			return strings.Compare(firstName(a, a.versionIDs, false), firstName(b, b.versionIDs, false))
		}
	case "milestone":
		return func(a, b *issue) int {
			return strings.Compare(firstName(a, a.milestoneIDs, false), firstName(b, b.milestoneIDs, false))
		}
	case "summary":
		return func(a, b *issue) int { return strings.Compare(a.summary, b.summary) }
	case "status":
		return func(a, b *issue) int { return cmp.Compare(statusOrder(a), statusOrder(b)) }
	case "priority":
		// Lower ids are higher priorities (2 高, 3 中, 4 低): ascending
		// means from low to high priority.
		return func(a, b *issue) int { return cmp.Compare(b.priorityID, a.priorityID) }
	case "attachment":
		return func(a, b *issue) int { return cmp.Compare(len(a.attachments), len(b.attachments)) }
	case "sharedFile":
		return func(a, b *issue) int { return cmp.Compare(len(a.sharedFiles), len(b.sharedFiles)) }
	case "updated":
		return func(a, b *issue) int { return a.updated.Compare(b.updated) }
	case "createdUser":
		return func(a, b *issue) int { return cmp.Compare(a.createdUserID, b.createdUserID) }
	case "updatedUser":
		return func(a, b *issue) int { return cmp.Compare(a.updatedUserID, b.updatedUserID) }
	case "assignee":
		return func(a, b *issue) int { return cmpPtr(a.assigneeID, b.assigneeID) }
	case "startDate":
		return func(a, b *issue) int { return cmpTime(a.startDate, b.startDate) }
	case "dueDate":
		return func(a, b *issue) int { return cmpTime(a.dueDate, b.dueDate) }
	case "estimatedHours":
		return func(a, b *issue) int { return cmpPtr(a.estimatedHours, b.estimatedHours) }
	case "actualHours":
		return func(a, b *issue) int { return cmpPtr(a.actualHours, b.actualHours) }
	case "childIssue":
		return func(a, b *issue) int { return cmp.Compare(ss.children[a.id], ss.children[b.id]) }
	case "created":
		return func(a, b *issue) int { return a.created.Compare(b.created) }
	}
	// customField_{id}
	id, _ := strconv.ParseInt(strings.TrimPrefix(sortBy, "customField_"), 10, 64)
	val := func(is *issue) (string, *float64, *time.Time) {
		v := is.custom[id]
		if v == nil {
			return "", nil, nil
		}
		if len(v.items) > 0 {
			f := float64(v.items[0])
			return "", &f, nil
		}
		s := ""
		if v.text != nil {
			s = *v.text
		}
		return s, v.number, v.date
	}
	return func(a, b *issue) int {
		sa, na, da := val(a)
		sb, nb, db := val(b)
		if c := cmpPtr(na, nb); c != 0 {
			return c
		}
		if c := cmpTime(da, db); c != 0 {
			return c
		}
		return strings.Compare(sa, sb)
	}
}
