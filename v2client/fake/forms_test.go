package fake

import (
	"net/url"
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

// TestBracketCustomFieldRefusedOnUpdate: the bracket form on an update is
// what nulab/backlog-mcp-server issue 22 reports failing: 400, Backlog's
// error body with one error of code 7 (InvalidRequestError) and an empty
// moreInfo. The official forms (indexed, repeated) are accepted.
func TestBracketCustomFieldRefusedOnUpdate(t *testing.T) {
	e := newEnv(t)
	r := e.do("PATCH", "/api/v2/issues/DEMO-1", keyDemo, form("customField_136[]", "1", "customField_136[]", "2"))
	if r.status != 400 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("bracket form: %d %s", r.status, r.body)
	}
	var b map[string][]map[string]any
	r.json(t, &b)
	if len(b) != 1 || len(b["errors"]) != 1 || len(b["errors"][0]) != 3 ||
		b["errors"][0]["code"] != float64(7) || b["errors"][0]["moreInfo"] != "" || b["errors"][0]["message"] == "" {
		t.Fatalf("bracket form: body %s, want {\"errors\":[{\"message\",\"code\":7,\"moreInfo\":\"\"}]}", r.body)
	}
	for _, f := range []string{"customField_136[0]=1&customField_136[1]=2", "customField_136=1&customField_136=2"} {
		vals, _ := url.ParseQuery(f)
		if r := e.do("PATCH", "/api/v2/issues/DEMO-1", keyDemo, vals); r.status != 200 {
			t.Errorf("%s: %d %s", f, r.status, r.body)
		}
	}
}
