package mapping

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// shape renders a value's member names and kinds ("id:int key:string
// issueType{id:int ...}") for shape assertions.
func shape(v xmlrpc.Value) string {
	var parts []string
	for _, m := range v.Members() {
		switch m.Value.Kind() {
		case xmlrpc.KindStruct:
			parts = append(parts, m.Name+"{"+shape(m.Value)+"}")
		case xmlrpc.KindArray:
			parts = append(parts, m.Name+"[]")
		default:
			parts = append(parts, m.Name+":"+m.Value.Kind().String())
		}
	}
	return strings.Join(parts, " ")
}

func TestIssueMinimalShape(t *testing.T) {
	u := v2client.User{ID: 2, Name: "demo"}
	is := v2client.Issue{ID: 73, IssueKey: "DORA-15", Summary: "s", IssueType: v2client.IssueTypeRef{ID: 5, Name: "バグ", Color: "#990000"},
		Priority: v2client.Priority{ID: 3, Name: "中"}, Status: v2client.Status{ID: 1, Name: "未対応"}, CreatedUser: &u,
		Created: time.Date(2009, 7, 31, 6, 18, 59, 0, time.UTC), Updated: time.Date(2009, 8, 12, 4, 24, 18, 0, time.UTC)}
	v := Issue(is, nil, "https://demo.backlog.jp/", tokyo)
	want := "id:int key:string summary:string description:string url:string due_date:string " +
		"issueType{id:int name:string color:string} priority{id:int name:string} status{id:int name:string} " +
		"components[] versions[] milestones[] created_user{id:int name:string} created_on:string updated_on:string"
	if got := shape(v); got != want {
		t.Errorf("shape\n got %s\nwant %s", got, want)
	}
	checks := map[string]string{"url": "https://demo.backlog.jp/view/DORA-15", "due_date": "", "created_on": "20090731151859", "updated_on": "20090812132418"}
	for k, w := range checks {
		if m, _ := v.Get(k); m.Text() != w {
			t.Errorf("%s = %q, want %q", k, m.Text(), w)
		}
	}
}

// TestIssueFixture maps the real v2 issue of the backlog4j fixtures: every
// optional member present, singular members = first of the lists.
func TestIssueFixture(t *testing.T) { issueFixture(t, filepath.Join(fixtureDir, "issue.json")) }

// issueFixture is TestIssueFixture on the issue in the file path (the
// repository's copy, or ../shared's in TestSharedFixtures).
func issueFixture(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var is v2client.Issue
	if err := json.Unmarshal(b, &is); err != nil {
		t.Fatal(err)
	}
	v := Issue(is, nil, "https://x.backlog.jp", tokyo)
	for _, m := range []string{"id", "key", "summary", "description", "url", "due_date", "issueType", "priority", "status", "components", "versions", "milestones", "created_user", "created_on", "updated_on"} {
		if _, ok := v.Get(m); !ok {
			t.Errorf("missing %s", m)
		}
	}
	pairs := [][2]string{{"components", "component"}, {"versions", "version"}, {"milestones", "milestone"}}
	for _, p := range pairs {
		list, _ := v.Get(p[0])
		one, ok := v.Get(p[1])
		if len(list.Items()) == 0 {
			if ok {
				t.Errorf("%s present with empty %s", p[1], p[0])
			}
			continue
		}
		if !ok || shape(one) != shape(list.Items()[0]) {
			t.Errorf("%s is not the first of %s", p[1], p[0])
		}
		id1, _ := one.Get("id")
		id2, _ := list.Items()[0].Get("id")
		if id1.Text() != id2.Text() {
			t.Errorf("%s id %s != %s", p[1], id1.Text(), id2.Text())
		}
	}
	if is.EstimatedHours != nil {
		if h, _ := v.Get("estimated_hours"); h.Kind() != xmlrpc.KindDouble {
			t.Errorf("estimated_hours kind %v", h.Kind())
		}
	}
	if is.Assignee == nil {
		if _, ok := v.Get("assigner"); ok {
			t.Error("assigner present while unassigned")
		}
	}
}

func TestCustomFieldValuesShape(t *testing.T) {
	s := func(x string) *string { return &x }
	f := func(x float64) *float64 { return &x }
	d := v2client.NewDate(2026, 12, 1)
	yes := true
	vals := []v2client.CustomFieldValue{
		{ID: 1, FieldTypeID: v2client.CustomFieldText, Name: "t", Text: s("x")},
		{ID: 2, FieldTypeID: v2client.CustomFieldNumeric, Name: "n", Number: f(2.5)},
		{ID: 3, FieldTypeID: v2client.CustomFieldDate, Name: "d", Date: &d},
		{ID: 4, FieldTypeID: v2client.CustomFieldMultipleList, Name: "m", Items: []v2client.CustomFieldItem{{ID: 1}, {ID: 3}}},
		{ID: 5, FieldTypeID: v2client.CustomFieldCheckbox, Name: "c", OtherValue: s("other")},
		{ID: 6, FieldTypeID: v2client.CustomFieldNumeric, Name: "unset"},
	}
	defs := []v2client.CustomField{{ID: 1, Description: "desc", Required: true}, {ID: 5, AllowInput: &yes}}
	got := CustomFieldValues(vals, defs, tokyo).Items()
	want := []string{
		"id:int name:string type_id:int description:string required:boolean value:string",
		"id:int name:string type_id:int value:double",
		"id:int name:string type_id:int value:string",
		"id:int name:string type_id:int values[]",
		"id:int name:string type_id:int description:string required:boolean allow_input:boolean other_text:string values[]",
		"id:int name:string type_id:int",
	}
	for i := range want {
		if shape(got[i]) != want[i] {
			t.Errorf("field %d: %s, want %s", i, shape(got[i]), want[i])
		}
	}
	if v, _ := got[2].Get("value"); v.Text() != "20261201" {
		t.Errorf("date value %q", v.Text())
	}
}

// TestCustomFieldValuesMembersIndependent checks that the values' member
// slices, which share one backing array, do not overlap: growing one
// value's members (a field with fewer members than it could have) leaves
// the next value untouched. The table covers values shorter than their
// maximum (no value set, no definition) and more values than the stack
// array of definition indexes.
func TestCustomFieldValuesMembersIndependent(t *testing.T) {
	unsetNumeric := v2client.CustomFieldValue{ID: 2, FieldTypeID: v2client.CustomFieldNumeric, Name: "unset"}
	text := func(id int64) v2client.CustomFieldValue {
		x := "x"
		return v2client.CustomFieldValue{ID: id, FieldTypeID: v2client.CustomFieldText, Name: "t", Text: &x}
	}
	many := make([]v2client.CustomFieldValue, 20)
	for i := range many {
		if i%2 == 0 {
			many[i] = unsetNumeric
		} else {
			many[i] = text(int64(i))
		}
	}
	tests := []struct {
		name string
		vals []v2client.CustomFieldValue
		defs []v2client.CustomField
	}{
		{"short then full", []v2client.CustomFieldValue{unsetNumeric, text(1)}, []v2client.CustomField{{ID: 1, Description: "d"}}},
		{"radio without other", []v2client.CustomFieldValue{{ID: 5, FieldTypeID: v2client.CustomFieldRadio, Name: "r"}, text(1)}, nil},
		{"more than 16 values", many, []v2client.CustomField{{ID: 3, Description: "d"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := CustomFieldValues(tt.vals, tt.defs, tokyo).Items()
			if len(items) != len(tt.vals) {
				t.Fatalf("%d items, want %d", len(items), len(tt.vals))
			}
			before := make([]string, len(items))
			for i := range items {
				before[i] = shape(items[i])
				id, _ := items[i].Get("id")
				if n, err := id.AsInt(); err != nil || n != tt.vals[i].ID {
					t.Errorf("item %d: id %d (%v), want %d", i, n, err, tt.vals[i].ID)
				}
			}
			for i := range items {
				_ = append(items[i].Members(), xmlrpc.Field("intruder", xmlrpc.Int(1)))
			}
			for i := range items {
				if got := shape(items[i]); got != before[i] {
					t.Errorf("item %d changed by an append to another: %s, was %s", i, got, before[i])
				}
			}
		})
	}
}
