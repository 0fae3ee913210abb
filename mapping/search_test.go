package mapping

import (
	"slices"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

func TestSortKey(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ISSUE_TYPE", "issueType", true}, {"COMPONENT", "category", true}, {"VERSION", "version", true},
		{"MILESTONE", "milestone", true}, {"SUMMARY", "summary", true}, {"STATUS", "status", true},
		{"PRIORITY", "priority", true}, {"ATTACHMENT", "attachment", true}, {"SHARED_FILE", "sharedFile", true},
		{"CREATED", "created", true}, {"CREATED_USER", "createdUser", true}, {"UPDATED", "updated", true},
		{"UPDATED_USER", "updatedUser", true}, {"ASSIGNER", "assignee", true}, {"START_DATE", "startDate", true},
		{"DUE_DATE", "dueDate", true}, {"ESTIMATED_HOURS", "estimatedHours", true}, {"ACTUAL_HOURS", "actualHours", true},
		{"CHILD_ISSUE", "childIssue", true}, {"CUSTOM_FIELD_12", "customField_12", true},
		{"created", "created", true}, {" due_date ", "dueDate", true},
		{"CUSTOM_FIELD_", "", false}, {"CUSTOM_FIELD_x", "", false}, {"CUSTOM_FIELD_0", "", false},
		{"ASSIGNEE", "", false}, {"", "", false},
	}
	for _, tc := range tests {
		got, err := SortKey(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("SortKey(%q) = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	if Order(true) != "asc" || Order(false) != "desc" {
		t.Error("order flag: true must be ascending")
	}
	for v, ok := range map[int64]bool{0: false, 1: true, 4: true, 5: false, -1: false} {
		if _, err := ParentChild(v); (err == nil) != ok {
			t.Errorf("ParentChild(%d) err=%v", v, err)
		}
	}
}

func TestSplitUnsetAndPostFilter(t *testing.T) {
	res := func(id int64) *v2client.Resolution { return &v2client.Resolution{ID: id} }
	tests := []struct {
		name      string
		ids       []int64
		wantV2    []int64
		wantUnset bool
		issues    []v2client.Issue // kept ones have Summary "keep"
	}{
		{"plain ids go to v2", []int64{0, 1}, []int64{0, 1}, false, []v2client.Issue{{Summary: "keep", Resolution: res(3)}}},
		{"-1 alone: no resolution only", []int64{-1}, nil, true, []v2client.Issue{{Summary: "keep"}, {Resolution: res(0)}}},
		{"-1 with alternatives", []int64{-1, 0}, nil, true, []v2client.Issue{{Summary: "keep"}, {Summary: "keep", Resolution: res(0)}, {Resolution: res(1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v2ids, unset, alt := SplitUnset(tt.ids)
			if !slices.Equal(v2ids, tt.wantV2) || unset != tt.wantUnset {
				t.Fatalf("SplitUnset(%v) = %v, %v", tt.ids, v2ids, unset)
			}
			if unset && alt == nil {
				t.Error("alt is nil with -1 given")
			}
			f := PostFilter{NoResolution: unset, ResolutionAlt: alt}
			if f.Active() != unset {
				t.Errorf("Active = %v, want %v", f.Active(), unset)
			}
			for _, is := range tt.issues {
				if got := f.Keep(&is); got != (is.Summary == "keep") {
					t.Errorf("Keep(resolution %v) = %v", is.Resolution, got)
				}
			}
		})
	}
	f := PostFilter{Unassigned: true, AssigneeAlt: []int64{5}}
	for _, tt := range []struct {
		assignee *v2client.User
		want     bool
	}{{nil, true}, {&v2client.User{ID: 5}, true}, {&v2client.User{ID: 6}, false}} {
		if got := f.Keep(&v2client.Issue{Assignee: tt.assignee}); got != tt.want {
			t.Errorf("unassigned filter Keep(%v) = %v, want %v", tt.assignee, got, tt.want)
		}
	}
}

func TestFindLimit(t *testing.T) {
	tests := []struct {
		limit int64
		given bool
		want  int
		bad   bool
	}{
		{0, false, 100, false}, {1, true, 1, false}, {100, true, 100, false},
		{101, true, 100, false}, {0, true, 0, true}, {-5, true, 0, true},
	}
	for _, tt := range tests {
		got, err := FindLimit(tt.limit, tt.given)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("FindLimit(%d, %v) = %d, %v", tt.limit, tt.given, got, err)
		}
	}
}
