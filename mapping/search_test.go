package mapping

import "testing"

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
