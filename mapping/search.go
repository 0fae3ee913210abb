package mapping

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// sortKeys maps the legacy findIssue sort names to v2's sort keys
// (v2-api.md §5.1). ISSUE_TYPE, SUMMARY, STATUS, PRIORITY, CREATED, UPDATED,
// DUE_DATE and CUSTOM_FIELD_{id} are confirmed by backlog4j; the others
// mirror v2's list (UNCONFIRMED legacy names, accepted as documented in
// methods/README.md).
var sortKeys = map[string]string{
	"ISSUE_TYPE": "issueType", "COMPONENT": "category", "VERSION": "version", "MILESTONE": "milestone",
	"SUMMARY": "summary", "STATUS": "status", "PRIORITY": "priority", "ATTACHMENT": "attachment",
	"SHARED_FILE": "sharedFile", "CREATED": "created", "CREATED_USER": "createdUser", "UPDATED": "updated",
	"UPDATED_USER": "updatedUser", "ASSIGNER": "assignee", "START_DATE": "startDate", "DUE_DATE": "dueDate",
	"ESTIMATED_HOURS": "estimatedHours", "ACTUAL_HOURS": "actualHours", "CHILD_ISSUE": "childIssue",
}

// DefaultSort is the v2 sort key used when findIssue sends no sort:
// creation time, newest first (legacy default "newest first", [LIVE b4j]
// the oldest issue came last).
const DefaultSort = "created"

// SortKey translates a legacy sort name (case-insensitive) to v2's key;
// CUSTOM_FIELD_{id} becomes customField_{id}.
func SortKey(legacy string) (string, error) {
	u := strings.ToUpper(strings.TrimSpace(legacy))
	if k, ok := sortKeys[u]; ok {
		return k, nil
	}
	if rest, ok := strings.CutPrefix(u, "CUSTOM_FIELD_"); ok {
		if id, err := strconv.ParseInt(rest, 10, 64); err == nil && id > 0 {
			return "customField_" + rest, nil
		}
	}
	return "", fmt.Errorf("unknown sort %q", clipText(legacy))
}

// Order translates the legacy order flag: true = ascending, false =
// descending ([LIVE pl] sort CREATED, order 1 -> oldest first).
func Order(ascending bool) string {
	if ascending {
		return "asc"
	}
	return "desc"
}

// ParentChild checks the legacy parent_child_issue condition (1 not a
// child, 2 child, 3 neither, 4 parent); v2's parentChild uses the same
// numbers.
func ParentChild(v int64) (int, error) {
	if v < 1 || v > 4 {
		return 0, fmt.Errorf("must be 1-4, got %d", v)
	}
	return int(v), nil
}

// Unset is the legacy id meaning "none" in the resolutionId ("no
// resolution") and assignerId ("unassigned"; decision, the legacy value is
// UNCONFIRMED) search conditions. v2 has no filter for either.
const Unset = -1

// PostFilter is the part of a legacy search that v2 cannot express and
// that is applied to the fetched issues instead: a resolutionId or
// assignerId condition holding Unset. The other ids of that condition stay
// alternatives (resolutionId [-1, 0] = no resolution OR Fixed), and the v2
// request drops the condition.
type PostFilter struct {
	NoResolution  bool    // resolutionId held -1
	ResolutionAlt []int64 // its other ids
	Unassigned    bool    // assignerId held -1
	AssigneeAlt   []int64 // its other ids
}

// SplitUnset splits a legacy id condition: without Unset, ids go to v2 as
// they are (v2ids); with it, unset is true and alt holds the other ids for
// the PostFilter (never nil then).
func SplitUnset(ids []int64) (v2ids []int64, unset bool, alt []int64) {
	if !slices.Contains(ids, Unset) {
		return ids, false, nil
	}
	alt = []int64{}
	for _, id := range ids {
		if id != Unset {
			alt = append(alt, id)
		}
	}
	return nil, true, alt
}

// Active reports whether results must be filtered after fetching.
func (f PostFilter) Active() bool { return f.NoResolution || f.Unassigned }

// Keep reports whether a fetched issue matches the post-filtered
// conditions.
func (f PostFilter) Keep(is *v2client.Issue) bool {
	if f.NoResolution && is.Resolution != nil && !slices.Contains(f.ResolutionAlt, is.Resolution.ID) {
		return false
	}
	if f.Unassigned && is.Assignee != nil && !slices.Contains(f.AssigneeAlt, is.Assignee.ID) {
		return false
	}
	return true
}

// DefaultLimit is the legacy findIssue page size when no limit is sent
// (observed: exactly 100).
const DefaultLimit = 100

// MaxLimit is the largest findIssue page: v2's count maximum (b4j refuses
// more too).
const MaxLimit = 100

// FindLimit applies the findIssue limit decision: absent (given false) is
// DefaultLimit, above MaxLimit is capped to MaxLimit, below 1 is an error.
func FindLimit(limit int64, given bool) (int, error) {
	switch {
	case !given:
		return DefaultLimit, nil
	case limit < 1:
		return 0, fmt.Errorf("must be 1-%d", MaxLimit)
	case limit > MaxLimit:
		return MaxLimit, nil
	}
	return int(limit), nil
}

// Caps on the list conditions of one findIssue/countIssue search. Each
// value becomes one query parameter of the v2 GET (`statusId[]=12345&` is
// about 20 bytes), and Backlog, like most front-end proxies, is reached
// through servers that refuse request lines much over 8 KB: 300 values in
// all keep a search's URL near 6 KB, and no single condition may take
// more than 100 of them. The legacy API documented no cap; a search with
// more values is refused with fault -32602 naming the condition
// (methods/README.md).
const (
	MaxConditionValues = 100
	MaxSearchValues    = 300
)
