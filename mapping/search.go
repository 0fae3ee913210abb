package mapping

import (
	"fmt"
	"strconv"
	"strings"
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
