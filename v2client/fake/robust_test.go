package fake

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestGarbageNeverBreaks sends every endpoint odd path values and odd
// parameters, as an administrator: each answer must be a well-formed
// Backlog answer (JSON, or the icon bytes), never a 5xx or a dropped
// connection.
func TestGarbageNeverBreaks(t *testing.T) {
	e := newEnv(t)
	values := []string{"", "x", "-1", "0", "99999999999999999999", "DEMO", "DEMO-1", "1001", "%00", "日本語"}
	params := []string{"count", "offset", "order", "sort", "minId", "maxId", "projectId", "projectId[]", "statusId", "statusId[]",
		"summary", "name", "key", "issueTypeId", "priorityId", "userId", "roleType", "typeId", "items[]", "color",
		"startDate", "dueDate", "createdSince", "customField_133", "customField_133_min", "customField_135[]", "customField_137[0]",
		"parentIssueId", "parentChild", "archived", "all", "substituteIssueTypeId", "substituteStatusId", "initialValueType",
		"activityTypeId[]", "keyword", "content", "assigneeId", "estimatedHours", "grant_type"}
	check := func(method, tmpl, path string, f map[string][]string) {
		t.Helper()
		r := e.do(method, path, keyAdmin, f)
		if r.status >= 500 {
			t.Fatalf("%s %s %v: %d %s", method, path, f, r.status, r.body)
		}
		if strings.HasSuffix(tmpl, "/icon") && r.status == 200 {
			return
		}
		if !json.Valid(r.body) {
			t.Fatalf("%s %s %v: invalid JSON %q", method, path, f, r.body)
		}
	}
	for i, route := range e.s.Routes() {
		method, tmpl, _ := strings.Cut(route, " ")
		fill := func(v string) string {
			path := tmpl
			for _, seg := range strings.Split(tmpl, "/") {
				if strings.HasPrefix(seg, ":") {
					path = strings.Replace(path, seg, v, 1)
				}
			}
			return path
		}
		// Every odd path value, with every parameter at once.
		for n, v := range values {
			if v == "" || v == "%00" {
				continue // an empty or NUL segment changes the route
			}
			all := map[string][]string{}
			for k, p := range params {
				all[p] = []string{values[(k+n+i)%len(values)]}
			}
			check(method, tmpl, fill(v), all)
		}
		// Each parameter alone, so that one refusal does not hide another.
		for k, p := range params {
			check(method, tmpl, fill("1"), form(p, values[(k+i)%len(values)]))
		}
	}
}
