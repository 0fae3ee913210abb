package methods

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// Search conditions of findIssue and countIssue (legacy-api.md §4.10),
// translated to GET /issues and /issues/count. OR within one condition (a
// list of ids), AND across conditions — the same semantics in v2.
//
// Two legacy values have no v2 filter and are applied after fetching
// (post-filter): resolutionId -1 ("no resolution") and assignerId -1
// ("unassigned"; decision, the legacy value is UNCONFIRMED). When one is
// present the remaining ids of that condition are kept as alternatives
// (resolutionId [-1, 0] = no resolution OR Fixed) and the v2 request drops
// that condition (mapping.SplitUnset, mapping.PostFilter). See
// findIssue/countIssue for how paging stays consistent.

// search is a translated condition set.
type search struct {
	opts v2client.IssueListOptions
	post mapping.PostFilter // resolutionId/assignerId -1
	// paging (findIssue only)
	offset, limit int
}

// readSearch translates the condition struct. paging adds sort, order,
// offset and limit (findIssue).
func (s *Service) readSearch(ctx context.Context, e env, a args, paging bool) (*search, error) {
	if err := checkSearchLists(a); err != nil {
		return nil, err
	}
	q := &search{}
	pv, _, ok := a.get("projectId", "project_id")
	if !ok {
		return nil, invalidRequired("projectId")
	}
	pvs := []xmlrpc.Value{pv}
	if pv.Kind() == xmlrpc.KindArray {
		pvs = pv.Items()
	}
	for _, v := range pvs {
		id, err := s.projectID(ctx, e, "projectId", v)
		if err != nil {
			return nil, err
		}
		q.opts.ProjectIDs = append(q.opts.ProjectIDs, id)
	}
	if len(q.opts.ProjectIDs) == 0 {
		return nil, invalidRequired("projectId")
	}
	projects := q.opts.ProjectIDs
	var err error
	across := func(kind catalog.Kind) func(string, []string) ([]int64, error) {
		return func(m string, names []string) ([]int64, error) {
			return s.resolveAcross(kind, projects, m, names, s.projectNames(ctx, e.cl, kind))
		}
	}
	type idCond struct {
		dst        *[]int64
		ids, names []string
		resolve    func(string, []string) ([]int64, error)
	}
	conds := []idCond{
		{&q.opts.IssueTypeIDs, []string{"issueTypeId", "issue_type_id"}, []string{"issueType", "issue_type"}, across(catalog.IssueTypes)},
		{&q.opts.CategoryIDs, []string{"componentId", "component_id", "categoryId"}, []string{"component", "category"}, across(catalog.Categories)},
		{&q.opts.VersionIDs, []string{"versionId", "version_id"}, []string{"version"}, across(catalog.Versions)},
		{&q.opts.MilestoneIDs, []string{"milestoneId", "milestone_id"}, []string{"milestone"}, across(catalog.Versions)},
		{&q.opts.PriorityIDs, []string{"priorityId", "priority_id"}, []string{"priority"}, func(m string, n []string) ([]int64, error) {
			return s.priorityIDs(ctx, e.cl, m, n)
		}},
	}
	for _, c := range conds {
		ids, _, err := idsOrNames(a, c.ids, c.names, c.resolve)
		if err != nil {
			return nil, err
		}
		*c.dst = ids
	}
	if q.opts.StatusIDs, _, err = a.ints("statusId", "status_id"); err != nil {
		return nil, err
	}
	if q.opts.CreatedUserIDs, _, err = a.ints("createdUserId", "created_user_id"); err != nil {
		return nil, err
	}
	assignees, _, err := a.ints("assignerId", "assigner_id", "assigneeId")
	if err != nil {
		return nil, err
	}
	q.opts.AssigneeIDs, q.post.Unassigned, q.post.AssigneeAlt = mapping.SplitUnset(assignees)
	resolutions, _, err := a.ints("resolutionId", "resolution_id")
	if err != nil {
		return nil, err
	}
	q.opts.ResolutionIDs, q.post.NoResolution, q.post.ResolutionAlt = mapping.SplitUnset(resolutions)
	if pc, ok, err := a.int("parent_child_issue", "parentChildIssue"); err != nil {
		return nil, err
	} else if ok {
		if q.opts.ParentChild, err = mapping.ParentChild(pc); err != nil {
			return nil, failure.Invalid("parent_child_issue", "%v", err)
		}
	}
	dates := []struct {
		dst   *v2client.Date
		names []string
	}{
		{&q.opts.CreatedSince, []string{"created_on_min"}}, {&q.opts.CreatedUntil, []string{"created_on_max"}},
		{&q.opts.UpdatedSince, []string{"updated_on_min"}}, {&q.opts.UpdatedUntil, []string{"updated_on_max"}},
		{&q.opts.StartDateSince, []string{"start_date_min"}}, {&q.opts.StartDateUntil, []string{"start_date_max"}},
		{&q.opts.DueDateSince, []string{"due_date_min"}}, {&q.opts.DueDateUntil, []string{"due_date_max"}},
	}
	for _, d := range dates {
		if *d.dst, _, err = a.date(d.names...); err != nil {
			return nil, err
		}
	}
	if q.opts.Keyword, _, err = a.str("query", "keyword"); err != nil {
		return nil, err
	}
	files, _, err := a.ints("file")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		switch f {
		case 1:
			q.opts.Attachment = true
		case 2:
			q.opts.SharedFile = true
		default:
			return nil, failure.Invalid("file", "must be 1 (attachments) or 2 (shared files), got %d", f)
		}
	}
	if q.opts.CustomFields, err = s.customFieldConditions(ctx, e, projects, a); err != nil {
		return nil, err
	}
	if !paging {
		return q, nil
	}
	q.opts.Sort, q.opts.Order = mapping.DefaultSort, mapping.Order(false)
	if sv, ok, err := a.str("sort"); err != nil {
		return nil, err
	} else if ok && strings.TrimSpace(sv) != "" {
		if q.opts.Sort, err = mapping.SortKey(sv); err != nil {
			return nil, failure.Invalid("sort", "%v", err)
		}
	}
	if asc, ok, err := a.bool("order"); err != nil {
		return nil, err
	} else if ok {
		q.opts.Order = mapping.Order(asc)
	}
	off, _, err := a.int("offset")
	if err != nil {
		return nil, err
	}
	if off < 0 {
		return nil, failure.Invalid("offset", "must be 0 or more")
	}
	lim, ok, err := a.int("limit")
	if err != nil {
		return nil, err
	}
	if q.limit, err = mapping.FindLimit(lim, ok); err != nil {
		return nil, failure.Invalid("limit", "%v", err)
	}
	q.offset = int(off)
	return q, nil
}

// checkSearchLists applies mapping.MaxConditionValues and
// mapping.MaxSearchValues to the condition struct before anything is
// resolved or sent: no array in a member (custom_fields' nested value
// lists included) may hold more than MaxConditionValues items, and the
// values inside arrays add up to at most MaxSearchValues. A refusal names
// the member and the cap.
func checkSearchLists(a args) error {
	total := 0
	for _, m := range a.v.Members() {
		n, err := listValues(m.Name, m.Value, false)
		if err != nil {
			return err
		}
		if total += n; total > mapping.MaxSearchValues {
			return failure.Invalid(m.Name, "at most %d values in all in the list conditions of one search (more make a v2 request URL that proxies refuse)", mapping.MaxSearchValues)
		}
	}
	return nil
}

// listValues counts the scalar values inside arrays of v (inArray: v is
// itself an array item), refusing an array of more than
// mapping.MaxConditionValues items.
func listValues(member string, v xmlrpc.Value, inArray bool) (int, error) {
	switch v.Kind() {
	case xmlrpc.KindArray:
		items := v.Items()
		if len(items) > mapping.MaxConditionValues {
			return 0, failure.Invalid(member, "at most %d values in one search condition, got %d", mapping.MaxConditionValues, len(items))
		}
		n := 0
		for _, it := range items {
			c, err := listValues(member, it, true)
			if err != nil {
				return 0, err
			}
			n += c
		}
		return n, nil
	case xmlrpc.KindStruct:
		n := 0
		for _, m := range v.Members() {
			c, err := listValues(member, m.Value, inArray)
			if err != nil {
				return 0, err
			}
			n += c
		}
		return n, nil
	default:
		if inArray {
			return 1, nil
		}
		return 0, nil
	}
}

// resolveAcross resolves names in several projects: a name matches in any
// of them (each match adds its id). A name found nowhere triggers one
// refresh of those lists, then InvalidParams.
func (s *Service) resolveAcross(kind catalog.Kind, projects []int64, member string, names []string, load func(int64) ([]named, error)) ([]int64, error) {
	var ids []int64
	for attempt := 0; attempt < 2; attempt++ {
		ids = ids[:0]
		var missing string
		for _, n := range names {
			found := false
			for _, p := range projects {
				l, err := load(p)
				if err != nil {
					return nil, s.fail(err)
				}
				if id, ok := matchName(l, n); ok && !slices.Contains(ids, id) {
					ids, found = append(ids, id), true
				} else if ok {
					found = true
				}
			}
			if !found {
				missing = n
				break
			}
		}
		if missing == "" {
			return ids, nil
		}
		if attempt == 1 {
			return nil, failure.Invalid(member, "no %s named %q", kindNoun(kind), clip(missing))
		}
		for _, p := range projects {
			s.cat.Invalidate(kind, p)
		}
	}
	return ids, nil
}

// customFieldConditions reads custom_fields search conditions: each
// {id, values|value} or {id, min, max}. The field's type (from the
// projects' definitions, catalog) decides the v2 form: text fields search
// by keyword, numbers and dates by range (a single value is min = max;
// dates YYYYMMDD -> yyyy-MM-dd), list/checkbox/radio fields by item ids.
func (s *Service) customFieldConditions(ctx context.Context, e env, projects []int64, a args) ([]v2client.CustomFieldCondition, error) {
	items, err := customFieldItems(a)
	if err != nil || len(items) == 0 {
		return nil, err
	}
	var defs []v2client.CustomField
	for _, p := range projects {
		l, err := s.cat.CustomFields(ctx, e.cl, p)
		if err != nil {
			return nil, s.fail(err)
		}
		defs = append(defs, l...)
	}
	var out []v2client.CustomFieldCondition
	for _, it := range items {
		f, def, err := customFieldEntry(it, defs)
		if err != nil {
			return nil, err
		}
		vals, _, err := f.strs("values", "value")
		if err != nil {
			return nil, failure.Invalid("custom_fields.values", "expected a value or an array of values")
		}
		var lo, hi string
		if mapping.IsRangeField(def) {
			if lo, _, err = f.str("min"); err != nil {
				return nil, err
			}
			if hi, _, err = f.str("max"); err != nil {
				return nil, err
			}
		}
		c, err := mapping.CustomFieldCondition(def, vals, lo, hi)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// scanFiltered pages through the v2 result (100 per call, in q's order)
// and returns the issues that pass the post-filter, stopping once it has
// max of them (max <= 0: all).
func (s *Service) scanFiltered(ctx context.Context, e env, q *search, max int) ([]v2client.Issue, error) {
	o := q.opts
	o.Count, o.Offset = mapping.MaxLimit, 0
	seen := map[int64]bool{}
	var out []v2client.Issue
	for {
		page, _, err := e.cl.Issues.List(ctx, &o)
		if err != nil {
			return nil, s.fail(err)
		}
		for i := range page {
			if seen[page[i].ID] || !q.post.Keep(&page[i]) {
				continue
			}
			seen[page[i].ID] = true
			out = append(out, page[i])
			if max > 0 && len(out) >= max {
				return out, nil
			}
		}
		if len(page) < o.Count {
			return out, nil
		}
		o.Offset += len(page)
	}
}

// checkProjectsExist answers fault 404 when one of the searched projects does
// not exist or is invisible to the caller: the rule every read method follows
// for an unknown project (only getProject/getIssue answer an empty struct,
// legacy-api.md §1.6), which v2's issue search does not apply by itself (it
// answers no issues). countIssue and findIssue call it only when the search
// found nothing, so a search that finds issues costs no extra request; the
// look-up is GET /api/v2/projects/:projectIdOrKey, already in their rows.
func (s *Service) checkProjectsExist(ctx context.Context, e env, q *search) error {
	for _, id := range q.opts.ProjectIDs {
		if _, _, err := e.cl.Projects.Get(ctx, strconv.FormatInt(id, 10)); err != nil {
			return s.fail(err)
		}
	}
	return nil
}
