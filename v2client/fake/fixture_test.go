package fake

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// fixtureDir holds real Backlog v2 responses (backlog4j's test resources),
// the repository's copy of ../shared's (testdata/v2-json/README.md).
const fixtureDir = "../../testdata/v2-json"

// shape is the union of the JSON values seen at one place of a fixture:
// the kinds seen, and for objects each member with the number of objects
// that carried it (a member is required when every object had it).
type shape struct {
	kinds   map[string]bool
	objects int
	fields  map[string]*shape
	counts  map[string]int
	elem    *shape
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case float64, json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "?"
}

func (s *shape) add(v any) {
	if s.kinds == nil {
		s.kinds, s.fields, s.counts = map[string]bool{}, map[string]*shape{}, map[string]int{}
	}
	s.kinds[kindOf(v)] = true
	switch x := v.(type) {
	case map[string]any:
		s.objects++
		for k, fv := range x {
			if s.fields[k] == nil {
				s.fields[k] = &shape{}
			}
			s.fields[k].add(fv)
			s.counts[k]++
		}
	case []any:
		for _, e := range x {
			if s.elem == nil {
				s.elem = &shape{}
			}
			s.elem.add(e)
		}
	}
}

// extraMembers are members the fake sends that the 2014 fixtures lack;
// each is documented for current Backlog in spec/v2-api.md §2.
var extraMembers = map[string]string{
	"userId": "§2.1", "nulabAccount": "§2.1", "lastLoginTime": "§2.1",
	"projectId": "§2.5/§2.12", "issueId": "§2.12", "displayOrder": "§2.4-§2.9",
	"useIssueType": "§2.9", "allowInput": "§2.9", "shift": "§2.9",
	"grandchildIssueEnabled": "§2.3", "projectLeaderCanEditProjectLeader": "§2.3", "useWiki": "§2.3",
	"useFileSharing": "§2.3", "useWikiTreeView": "§2.3", "useOriginalImageSizeAtWiki": "§2.3",
	"useDevAttributes": "§2.3", "useResolvedForChart": "§2.3", "useDocument": "§2.3",
	"useSubversion": "§2.3", "useGit": "§2.3",
	"color": "§2.7 (status embedded in an issue)", "notifications": "§2.14",
}

// obsoleteMembers appear in the 2014 fixtures but not in current Backlog
// answers (spec/v2-api.md §1.5: limitDate is an old copy of dueDate;
// useGantt/useBurndown were replaced by chartEnabled); the fake leaves
// them out.
var obsoleteMembers = map[string]bool{"limitDate": true, "useGantt": true, "useBurndown": true}

// nullable members may be null in the fake's answer even where the fixture
// holds a value (spec/v2-api.md §2 marks them "?").
var nullable = map[string]bool{
	"startDate": true, "dueDate": true, "limitDate": true, "releaseDueDate": true, "description": true,
	"estimatedHours": true, "actualHours": true, "parentIssueId": true, "assignee": true, "resolution": true,
	"lastLoginTime": true, "lang": true, "value": true, "otherValue": true, "templateSummary": true,
	"templateDescription": true, "unit": true, "min": true, "max": true, "initialValue": true, "comment": true,
	"updatedUser": true, "content": true, "nulabAccount": true, "attributeInfo": true, "attachmentInfo": true,
	"notificationInfo": true, "newValue": true, "originalValue": true,
}

// merge adds an entity of another fixture: into the elements when this
// fixture is a list, into the value itself otherwise.
func (s *shape) merge(v, fix any) {
	if _, ok := fix.([]any); ok && s.elem != nil {
		s.elem.add(v)
		return
	}
	s.add(v)
}

// check compares the fake's value with the fixture's shape and returns the
// differences.
func (s *shape) check(path string, v any, name string) []string {
	k := kindOf(v)
	if s.kinds["null"] && len(s.kinds) == 1 {
		return nil // the fixture only shows null: any type
	}
	if !s.kinds[k] {
		if k == "null" && nullable[name] {
			return nil
		}
		return []string{path + ": JSON type " + k + ", fixture has " + strings.Join(sortedKeys(s.kinds), "/")}
	}
	var diffs []string
	switch x := v.(type) {
	case map[string]any:
		for _, f := range sortedKeys(s.fields) {
			if _, ok := x[f]; !ok && s.counts[f] == s.objects && !obsoleteMembers[f] {
				diffs = append(diffs, path+"."+f+": missing")
			}
		}
		for _, f := range sortedKeys(x) {
			fs := s.fields[f]
			if fs == nil {
				if _, ok := extraMembers[f]; !ok {
					diffs = append(diffs, path+"."+f+": not in the fixture")
				}
				continue
			}
			diffs = append(diffs, fs.check(path+"."+f, x[f], f)...)
		}
	case []any:
		if s.elem == nil {
			return nil
		}
		for i, e := range x {
			diffs = append(diffs, s.elem.check(path+"["+itoa(int64(i))+"]", e, name)...)
		}
	}
	return diffs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestFixtureMembers answers each fixture's endpoint and checks that the
// fake sends the fixture's members with the same JSON types (extras only
// from the documented list).
func TestFixtureMembers(t *testing.T) { fixtureMembers(t, fixtureDir) }

// fixtureMembers is TestFixtureMembers on the fixtures of dir (the
// repository's, or ../shared's in TestSharedFixtureMembers).
func fixtureMembers(t *testing.T, dir string) {
	e := newEnv(t)
	code, err := e.s.IssueAuthorizationCode("demo-client", "demo")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		file         string
		method, url  string
		key          string
		form         []string
		status       int
		wantNonEmpty bool
		also         []string // fixtures of the same entity merged into the shape
	}{
		{"access_token.json", "POST", "/api/v2/oauth2/token", "", []string{"grant_type", "authorization_code", "code", code, "redirect_uri", "http://127.0.0.1/callback", "client_id", "demo-client", "client_secret", "demo-client-secret"}, 200, false, nil},
		{"auth_error.json", "POST", "/api/v2/oauth2/token", "", []string{"grant_type", "authorization_code", "code", "bad", "redirect_uri", "http://127.0.0.1/callback", "client_id", "demo-client", "client_secret", "demo-client-secret"}, 400, false, nil},
		{"activities.json", "GET", "/api/v2/space/activities?activityTypeId[]=2", keyAdmin, nil, 200, true, nil},
		{"activity_issue_commented.json", "GET", "/api/v2/space/activities?activityTypeId[]=3&count=1", keyAdmin, nil, 200, true, nil},
		{"activity_issue_created.json", "GET", "/api/v2/space/activities?activityTypeId[]=1&count=1", keyAdmin, nil, 200, true, nil},
		{"activity_issue_updated.json", "GET", "/api/v2/space/activities?activityTypeId[]=2&count=1", keyAdmin, nil, 200, true, nil},
		{"activity_project_user_added.json", "GET", "/api/v2/space/activities?activityTypeId[]=15&count=1", keyAdmin, nil, 200, true, nil},
		{"categories.json", "GET", "/api/v2/projects/DEMO/categories", keyDemo, nil, 200, true, nil},
		{"category.json", "POST", "/api/v2/projects/DEMO/categories", keyAdmin, []string{"name", "新カテゴリ"}, 200, false, nil},
		{"custom_field.json", "POST", "/api/v2/projects/DEMO/customFields", keyAdmin, []string{"typeId", "1", "name", "新フィールド", "applicableIssueTypes[]", "101"}, 200, false, nil},
		{"custom_fields.json", "GET", "/api/v2/projects/DEMO/customFields", keyDemo, nil, 200, true, nil},
		{"custom_field_issue.json", "GET", "/api/v2/issues/DEMO-1", keyDemo, nil, 200, false, []string{"issue.json", "issues.json"}},
		{"custom_statuses.json", "GET", "/api/v2/projects/DEMO/statuses", keyDemo, nil, 200, true, nil},
		{"error.json", "GET", "/api/v2/projects/NOPE", keyDemo, nil, 404, false, nil},
		{"issue.json", "GET", "/api/v2/issues/DEMO-2?expand[]=childIssueSummary", keyDemo, nil, 200, false, nil},
		{"issue_comment.json", "POST", "/api/v2/issues/DEMO-1/comments", keyDemo, []string{"content", "こめ"}, 201, false, nil},
		{"issue_comments.json", "GET", "/api/v2/issues/DEMO-1/comments", keyDemo, nil, 200, true, nil},
		{"issue_type.json", "POST", "/api/v2/projects/DEMO/issueTypes", keyAdmin, []string{"name", "調査", "color", "#934981", "templateSummary", "s", "templateDescription", "d"}, 200, false, nil},
		{"issue_types.json", "GET", "/api/v2/projects/DEMO/issueTypes", keyDemo, nil, 200, true, nil},
		{"issues.json", "GET", "/api/v2/issues?count=100", keyDemo, nil, 200, true, []string{"custom_field_issue.json"}},
		{"priorities.json", "GET", "/api/v2/priorities", keyDemo, nil, 200, true, nil},
		{"project.json", "GET", "/api/v2/projects/DEMO", keyDemo, nil, 200, false, nil},
		{"projects.json", "GET", "/api/v2/projects", keyDemo, nil, 200, true, nil},
		{"resolutions.json", "GET", "/api/v2/resolutions", keyDemo, nil, 200, true, nil},
		{"space.json", "GET", "/api/v2/space", keyDemo, nil, 200, false, nil},
		{"statuses.json", "GET", "/api/v2/statuses", keyDemo, nil, 200, true, nil},
		{"user.json", "GET", "/api/v2/users/myself", keyDemo, nil, 200, false, nil},
		{"users.json", "GET", "/api/v2/users", keyAdmin, nil, 200, true, nil},
		{"version.json", "POST", "/api/v2/projects/DEMO/versions", keyAdmin, []string{"name", "v3.0", "description", "次", "startDate", "2027-04-01", "releaseDueDate", "2027-06-30"}, 200, false, nil},
		{"versions.json", "GET", "/api/v2/projects/DEMO/versions", keyDemo, nil, 200, true, nil},
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) == 0 {
		t.Fatalf("no fixtures under %s", dir)
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var fix any
			if err := json.Unmarshal(raw, &fix); err != nil {
				t.Fatal(err)
			}
			r := e.do(tc.method, tc.url, tc.key, form(tc.form...))
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			var got any
			r.json(t, &got)
			// A single-entity fixture compared with a list answer (the
			// activity fixtures): compare with the list's elements.
			if _, fixList := fix.([]any); !fixList {
				if l, ok := got.([]any); ok {
					if len(l) == 0 {
						t.Fatal("empty answer")
					}
					got = l[0]
				}
			}
			if l, ok := got.([]any); ok && tc.wantNonEmpty && len(l) == 0 {
				t.Fatal("empty list: nothing compared")
			}
			var sh shape
			sh.add(fix)
			for _, other := range tc.also {
				raw, err := os.ReadFile(filepath.Join(dir, other))
				if err != nil {
					t.Fatal(err)
				}
				var v any
				if err := json.Unmarshal(raw, &v); err != nil {
					t.Fatal(err)
				}
				if l, ok := v.([]any); ok {
					for _, x := range l {
						sh.merge(x, fix)
					}
				} else {
					sh.merge(v, fix)
				}
			}
			if diffs := sh.check("$", got, ""); len(diffs) > 0 {
				t.Errorf("%d differences from %s:\n%s", len(diffs), tc.file, strings.Join(diffs, "\n"))
			}
		})
	}
	for _, f := range files {
		name := filepath.Base(f)
		if !covered[name] {
			t.Errorf("fixture %s is not compared", name)
		}
	}
}
