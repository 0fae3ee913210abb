package v2client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// fixtureDir holds real v2 responses (nulab/backlog4j test resources), the
// repository's copy of ../shared's (testdata/v2-json/README.md).
const fixtureDir = "../testdata/v2-json"

// fixtureTypes maps every fixture file to the type its endpoint decodes into.
var fixtureTypes = map[string]func() any{
	"access_token.json":                func() any { return new(AccessToken) },
	"activities.json":                  func() any { return new([]Activity) },
	"activity_issue_commented.json":    func() any { return new(Activity) },
	"activity_issue_created.json":      func() any { return new(Activity) },
	"activity_issue_updated.json":      func() any { return new(Activity) },
	"activity_project_user_added.json": func() any { return new(Activity) },
	"auth_error.json":                  func() any { return new(AuthErrorBody) },
	"categories.json":                  func() any { return new([]Category) },
	"category.json":                    func() any { return new(Category) },
	"custom_field.json":                func() any { return new(CustomField) },
	"custom_field_issue.json":          func() any { return new(Issue) },
	"custom_fields.json":               func() any { return new([]CustomField) },
	"custom_statuses.json":             func() any { return new([]Status) },
	"error.json":                       func() any { return new(ErrorBody) },
	"issue.json":                       func() any { return new(Issue) },
	"issue_comment.json":               func() any { return new(Comment) },
	"issue_comments.json":              func() any { return new([]Comment) },
	"issue_type.json":                  func() any { return new(IssueType) },
	"issue_types.json":                 func() any { return new([]IssueType) },
	"issues.json":                      func() any { return new([]Issue) },
	"priorities.json":                  func() any { return new([]Priority) },
	"project.json":                     func() any { return new(Project) },
	"projects.json":                    func() any { return new([]Project) },
	"resolutions.json":                 func() any { return new([]Resolution) },
	"space.json":                       func() any { return new(Space) },
	"statuses.json":                    func() any { return new([]Status) },
	"user.json":                        func() any { return new(User) },
	"users.json":                       func() any { return new([]User) },
	"version.json":                     func() any { return new(Version) },
	"versions.json":                    func() any { return new([]Version) },
}

// TestFixturesDecodeLosslessly decodes every fixture strictly (an unknown
// member at any depth, custom-field values and definitions included, is an
// error: strictDecode, strict_test.go; production decoding ignores them)
// and checks that re-encoding the typed value keeps
// every non-null member of the original with an equal value.
func TestFixturesDecodeLosslessly(t *testing.T) { fixturesDecodeLosslessly(t, fixtureDir) }

// fixturesDecodeLosslessly is TestFixturesDecodeLosslessly on the fixtures
// of dir (the repository's, or ../shared's in TestSharedFixtures).
func fixturesDecodeLosslessly(t *testing.T, dir string) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", dir, err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			newT, ok := fixtureTypes[name]
			if !ok {
				t.Fatalf("fixture %s has no type in fixtureTypes", name)
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			v := newT()
			if err := strictDecode(raw, v); err != nil {
				t.Fatalf("strict decode: %v", err)
			}
			again, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("re-encode: %v", err)
			}
			var want, got any
			mustUseNumber(t, raw, &want)
			mustUseNumber(t, again, &got)
			if diffs := subsetDiff("$", want, got); len(diffs) > 0 {
				sort.Strings(diffs)
				t.Errorf("re-encoding lost data:\n%s", strings.Join(diffs, "\n"))
			}
		})
	}
}

func mustUseNumber(t *testing.T, b []byte, v *any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("generic decode: %v", err)
	}
}

// subsetDiff lists where got does not hold want: objects may gain members,
// a null in want may be absent in got, numbers compare by value.
func subsetDiff(path string, want, got any) []string {
	switch w := want.(type) {
	case nil:
		if got != nil {
			return []string{fmt.Sprintf("%s: want null, got %v", path, got)}
		}
		return nil
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want object, got %T", path, got)}
		}
		var out []string
		for k, wv := range w {
			gv, present := g[k]
			if !present {
				if wv != nil {
					out = append(out, fmt.Sprintf("%s.%s: missing", path, k))
				}
				continue
			}
			out = append(out, subsetDiff(path+"."+k, wv, gv)...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: want array of %d, got %v", path, len(w), got)}
		}
		var out []string
		for i := range w {
			out = append(out, subsetDiff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return out
	case json.Number:
		g, ok := got.(json.Number)
		if !ok {
			return []string{fmt.Sprintf("%s: want number %s, got %v", path, w, got)}
		}
		wf, _ := w.Float64()
		gf, _ := g.Float64()
		if wf != gf {
			return []string{fmt.Sprintf("%s: want %s, got %s", path, w, g)}
		}
		return nil
	default:
		if !reflect.DeepEqual(want, got) {
			return []string{fmt.Sprintf("%s: want %v, got %v", path, want, got)}
		}
		return nil
	}
}

func readFixture[T any](t *testing.T, name string) T {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// TestCustomFieldValuesTyped checks that every custom-field value type lands
// in its typed member.
func TestCustomFieldValuesTyped(t *testing.T) {
	issue := readFixture[Issue](t, "custom_field_issue.json")
	tests := []struct {
		id    int64
		check func(v *CustomFieldValue) bool
	}{
		{1073742486, func(v *CustomFieldValue) bool { return v.Text != nil && *v.Text == "テキストの値です" }},
		{1073742487, func(v *CustomFieldValue) bool { return v.Text != nil && *v.Text == "文章の値です" }},
		{1073742488, func(v *CustomFieldValue) bool { return v.Number != nil && *v.Number == 99.9 }},
		{1073742489, func(v *CustomFieldValue) bool { return v.Date != nil && v.Date.Format(nil) == "2014-08-11" }},
		{1073742490, func(v *CustomFieldValue) bool { return len(v.Items) == 1 && v.Items[0].Name == "たまご" }},
		{1073742491, func(v *CustomFieldValue) bool { return len(v.Items) == 2 && v.Items[1].ID == 2 }},
		{1073742492, func(v *CustomFieldValue) bool {
			return len(v.Items) == 1 && v.OtherValue != nil && *v.OtherValue == "りびんぐでっど"
		}},
		{1073742493, func(v *CustomFieldValue) bool { return len(v.Items) == 1 && v.Items[0].ID == 2 && v.OtherValue == nil }},
	}
	for _, tt := range tests {
		v := issue.CustomField(tt.id)
		if v == nil {
			t.Errorf("custom field %d missing", tt.id)
			continue
		}
		if !tt.check(v) {
			t.Errorf("custom field %d (type %d) decoded as %+v", tt.id, v.FieldTypeID, *v)
		}
	}
}

func TestCustomFieldDefinitionsTyped(t *testing.T) {
	defs := readFixture[[]CustomField](t, "custom_fields.json")
	if len(defs) != 4 {
		t.Fatalf("got %d definitions", len(defs))
	}
	num, date, list := defs[1], defs[2], defs[3]
	if num.Min == nil || *num.Min != 100 || *num.Max != 1000000 || *num.InitialValue != 999 || num.Unit != nil {
		t.Errorf("numeric: %+v", num)
	}
	tokyo := mustLoad(t, "Asia/Tokyo")
	if date.MinDate == nil || date.MinDate.Format(tokyo) != "2014-06-10" || date.MaxDate.Format(tokyo) != "2014-07-10" ||
		date.InitialDate == nil || date.InitialDate.ID != 3 || date.InitialDate.Date.Format(tokyo) != "2014-06-12" {
		t.Errorf("date: %+v", date)
	}
	if len(list.Items) != 3 || list.Items[2].Name != "納豆" || list.AllowAddItem == nil || !*list.AllowAddItem {
		t.Errorf("list: %+v", list)
	}
	if len(defs[2].ApplicableIssueTypes) != 0 || defs[0].ApplicableIssueTypes[0] != 1074178332 {
		t.Errorf("applicableIssueTypes: %v %v", defs[2].ApplicableIssueTypes, defs[0].ApplicableIssueTypes)
	}
}

func TestActivityContentShapes(t *testing.T) {
	acts := readFixture[[]Activity](t, "activities.json")
	seen := map[ActivityType]bool{}
	for _, a := range acts {
		seen[a.Type] = true
		switch a.Type {
		case ActivityIssueUpdated:
			if a.Content.Changes == nil || a.Content.Summary == nil || !strings.HasPrefix(a.IssueKey(), a.Project.ProjectKey+"-") {
				t.Errorf("issue updated %d: key %q, changes %v", a.ID, a.IssueKey(), a.Content.Changes)
			}
		case ActivityProjectUserAdded:
			if a.Content.CommentText == nil || len(a.Content.Users) != 1 || a.IssueKey() != "" {
				t.Errorf("project user added %d: %+v", a.ID, a.Content)
			}
		case ActivityWikiCreated:
			if a.Content.Name == nil || a.Content.Content == nil || a.Content.Version != nil {
				t.Errorf("wiki %d: %+v", a.ID, a.Content)
			}
		}
	}
	for _, want := range []ActivityType{1, 2, 3, 5, 15} {
		if !seen[want] {
			t.Errorf("fixture lacks activity type %d", want)
		}
	}
	changed := readFixture[Activity](t, "activity_issue_updated.json")
	if c := changed.Content.Changes[0]; c.Field != "attachment" || c.NewValue != "twoshot.JPG" || c.Type != "standard" {
		t.Errorf("change: %+v", c)
	}
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDate(t *testing.T) {
	tokyo := mustLoad(t, "Asia/Tokyo")
	ny := mustLoad(t, "America/New_York")
	tests := []struct {
		in   string
		loc  *time.Location
		want string
	}{
		{"2020-08-10T00:00:00Z", tokyo, "2020-08-10"},      // plain date, any zone
		{"2020-08-10T00:00:00Z", ny, "2020-08-10"},         // not shifted to the previous day
		{"2014-06-30T15:00:00Z", tokyo, "2014-07-01"},      // midnight JST in UTC
		{"2014-06-30T15:00:00Z", nil, "2014-06-30"},        // no zone known: UTC
		{"2014-07-01T04:00:00Z", ny, "2014-07-01"},         // midnight EDT in UTC
		{"2017-11-14", tokyo, "2017-11-14"},                // request form accepted
		{"2014-07-15T15:00:00+00:00", tokyo, "2014-07-16"}, // explicit offset
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if err != nil {
			t.Fatalf("ParseDate(%q): %v", tt.in, err)
		}
		if got := d.Format(tt.loc); got != tt.want {
			t.Errorf("ParseDate(%q).Format(%v) = %s, want %s", tt.in, tt.loc, got, tt.want)
		}
	}
	if _, err := ParseDate("2014/07/01"); err == nil {
		t.Error("ParseDate accepted 2014/07/01")
	}
	b, _ := json.Marshal(NewDate(2024, 2, 29))
	if string(b) != `"2024-02-29T00:00:00Z"` {
		t.Errorf("marshal NewDate = %s", b)
	}
	var v Version
	if err := json.Unmarshal([]byte(`{"startDate":null,"releaseDueDate":"2014-07-30T15:00:00Z"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.StartDate != nil || v.ReleaseDueDate == nil || v.ReleaseDueDate.Format(tokyo) != "2014-07-31" {
		t.Errorf("version dates: %+v", v)
	}
}

func TestSpaceLocation(t *testing.T) {
	s := readFixture[Space](t, "space.json")
	if got := s.Location().String(); got != "Asia/Tokyo" {
		t.Errorf("Location = %s", got)
	}
	if got := (&Space{Timezone: "Nowhere/Else"}).Location(); got != time.UTC {
		t.Errorf("unknown zone: %v", got)
	}
}

func TestEmptyListsEncodeAsArrays(t *testing.T) {
	b, err := json.Marshal(Issue{ID: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{`"category":[]`, `"versions":[]`, `"milestone":[]`, `"customFields":[]`, `"attachments":[]`, `"sharedFiles":[]`, `"stars":[]`, `"assignee":null`, `"dueDate":null`} {
		if !strings.Contains(string(b), m) {
			t.Errorf("issue JSON lacks %s: %s", m, b)
		}
	}
	b, err = json.Marshal(&Comment{ID: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{`"stars":[]`, `"notifications":[]`, `"changeLog":null`, `"content":null`} {
		if !strings.Contains(string(b), m) {
			t.Errorf("comment JSON lacks %s: %s", m, b)
		}
	}
}
