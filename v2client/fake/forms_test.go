package fake

import (
	"strings"
	"testing"
)

// TestAnswersInRealForms: the fake writes what real answers write
// (../shared/spec/v2-wire-evidence.md, testdata/v2-json): whole-number hours
// and numeric custom-field bounds with a fraction (13.0, 1000000.0), and a
// version added without a description has "" (not null).
func TestAnswersInRealForms(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/api/v2/issues", keyDemo, form("projectId", "1", "summary", "hours", "issueTypeId", "101", "priorityId", "3",
		"estimatedHours", "2", "actualHours", "13"))
	if r.status != 201 {
		t.Fatalf("add issue: %d %s", r.status, r.body)
	}
	var is struct {
		IssueKey string `json:"issueKey"`
	}
	r.json(t, &is)
	for _, body := range [][]byte{r.body, e.do("GET", "/api/v2/issues/"+is.IssueKey, keyDemo, nil).body} {
		for _, want := range []string{`"estimatedHours":2.0`, `"actualHours":13.0`} {
			if !strings.Contains(string(body), want) {
				t.Errorf("issue answer lacks %s: %s", want, body)
			}
		}
	}
	r = e.do("POST", "/api/v2/projects/DEMO/customFields", keyAdmin, form("typeId", "3", "name", "n", "min", "0", "max", "1000000", "initialValue", "999", "unit", "h"))
	for _, want := range []string{`"min":0.0`, `"max":1000000.0`, `"initialValue":999.0`} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("custom field answer lacks %s: %s", want, r.body)
		}
	}
	r = e.do("POST", "/api/v2/projects/DEMO/versions", keyAdmin, form("name", "v9"))
	if !strings.Contains(string(r.body), `"description":""`) {
		t.Errorf("version without a description: %s", r.body)
	}
	// A fraction stays as it is, and a text that looks like a member is not touched.
	r = e.do("POST", "/api/v2/issues", keyDemo, form("projectId", "1", "summary", `{"actualHours":5,`, "issueTypeId", "101", "priorityId", "3", "actualHours", "1.25"))
	if !strings.Contains(string(r.body), `"actualHours":1.25`) || !strings.Contains(string(r.body), `{\"actualHours\":5,`) {
		t.Errorf("fraction or text changed: %s", r.body)
	}
}
