package v2client

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// TestEndpoints calls every service method once and checks the request the
// server received: method, escaped path, query (apiKey aside) and form body.
func TestEndpoints(t *testing.T) {
	d := NewDate(2024, 3, 9)
	tests := []struct {
		name   string
		call   func(ctx context.Context, c *Client) error
		method string
		path   string
		query  url.Values
		form   url.Values
		body   string
	}{
		{"Space.Get", func(ctx context.Context, c *Client) error { _, _, err := c.Space.Get(ctx); return err },
			"GET", "/api/v2/space", vals(), nil, `{"spaceKey":"demo","timezone":"Asia/Tokyo","created":"2014-01-21T07:30:09Z","updated":"2014-01-21T07:30:09Z"}`},
		{"Space.ListActivities", func(ctx context.Context, c *Client) error {
			_, _, err := c.Space.ListActivities(ctx, &ActivityListOptions{ActivityTypeIDs: []ActivityType{1, 2, 3}, Count: 50})
			return err
		}, "GET", "/api/v2/space/activities", vals("activityTypeId[]", "1", "activityTypeId[]", "2", "activityTypeId[]", "3", "count", "50"), nil, `[]`},
		{"RateLimits", func(ctx context.Context, c *Client) error { _, _, err := c.RateLimits(ctx); return err },
			"GET", "/api/v2/rateLimit", vals(), nil, `{"rateLimit":{"read":{"limit":600,"remaining":599,"reset":1}}}`},
		{"Projects.List", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.List(ctx, &ProjectListOptions{All: true, Archived: ptr(false)})
			return err
		}, "GET", "/api/v2/projects", vals("all", "true", "archived", "false"), nil, `[]`},
		{"Projects.Get", func(ctx context.Context, c *Client) error { _, _, err := c.Projects.Get(ctx, "BLG"); return err },
			"GET", "/api/v2/projects/BLG", vals(), nil, `{"id":1}`},
		{"Projects.Create", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.Create(ctx, &ProjectCreateOptions{Name: "デモ", Key: "DEMO", ChartEnabled: true, UseWiki: ptr(false)})
			return err
		}, "POST", "/api/v2/projects", vals(), vals("name", "デモ", "key", "DEMO", "chartEnabled", "true", "subtaskingEnabled", "false", "textFormattingRule", "markdown", "useWiki", "false"), `{"id":1}`},
		{"Projects.Update", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.Update(ctx, "12", &ProjectUpdateOptions{Name: ptr("x"), Archived: ptr(true)})
			return err
		}, "PATCH", "/api/v2/projects/12", vals(), vals("name", "x", "archived", "true"), `{"id":12}`},
		{"Projects.Delete", func(ctx context.Context, c *Client) error { _, _, err := c.Projects.Delete(ctx, "12"); return err },
			"DELETE", "/api/v2/projects/12", vals(), vals(), `{"id":12}`},
		{"Projects.ListUsers", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.ListUsers(ctx, "BLG", true)
			return err
		},
			"GET", "/api/v2/projects/BLG/users", vals("excludeGroupMembers", "true"), nil, `[]`},
		{"Projects.ListAdministrators", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.ListAdministrators(ctx, "BLG")
			return err
		},
			"GET", "/api/v2/projects/BLG/administrators", vals(), nil, `[{"id":3}]`},
		{"Projects.AddUser", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.AddUser(ctx, "BLG", 77)
			return err
		},
			"POST", "/api/v2/projects/BLG/users", vals(), vals("userId", "77"), `{"id":77}`},
		{"Projects.DeleteUser", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.DeleteUser(ctx, "BLG", 77)
			return err
		},
			"DELETE", "/api/v2/projects/BLG/users", vals(), vals("userId", "77"), `{"id":77}`},
		{"Projects.ListIssueTypes", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.ListIssueTypes(ctx, "BLG")
			return err
		},
			"GET", "/api/v2/projects/BLG/issueTypes", vals(), nil, `[]`},
		{"Projects.AddIssueType", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.AddIssueType(ctx, "BLG", &IssueTypeOptions{Name: ptr("バグ"), Color: ptr("#990000")})
			return err
		}, "POST", "/api/v2/projects/BLG/issueTypes", vals(), vals("name", "バグ", "color", "#990000"), `{"id":5}`},
		{"Projects.UpdateIssueType", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.UpdateIssueType(ctx, "BLG", 5, &IssueTypeOptions{Color: ptr("#e30000"), TemplateSummary: Clear[string]()})
			return err
		}, "PATCH", "/api/v2/projects/BLG/issueTypes/5", vals(), vals("color", "#e30000", "templateSummary", ""), `{"id":5}`},
		{"Projects.DeleteIssueType", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.DeleteIssueType(ctx, "BLG", 5, 6)
			return err
		}, "DELETE", "/api/v2/projects/BLG/issueTypes/5", vals(), vals("substituteIssueTypeId", "6"), `{"id":5}`},
		{"Projects.ListCategories", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.ListCategories(ctx, "BLG")
			return err
		},
			"GET", "/api/v2/projects/BLG/categories", vals(), nil, `[]`},
		{"Projects.AddCategory", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.AddCategory(ctx, "BLG", "UI")
			return err
		},
			"POST", "/api/v2/projects/BLG/categories", vals(), vals("name", "UI"), `{"id":3}`},
		{"Projects.UpdateCategory", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.UpdateCategory(ctx, "BLG", 3, "UX")
			return err
		}, "PATCH", "/api/v2/projects/BLG/categories/3", vals(), vals("name", "UX"), `{"id":3}`},
		{"Projects.DeleteCategory", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.DeleteCategory(ctx, "BLG", 3)
			return err
		},
			"DELETE", "/api/v2/projects/BLG/categories/3", vals(), vals(), `{"id":3}`},
		{"Projects.ListVersions", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.ListVersions(ctx, "BLG")
			return err
		},
			"GET", "/api/v2/projects/BLG/versions", vals(), nil, `[]`},
		{"Projects.AddVersion", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.AddVersion(ctx, "BLG", &VersionOptions{Name: "1.0", StartDate: Set(d)})
			return err
		}, "POST", "/api/v2/projects/BLG/versions", vals(), vals("name", "1.0", "startDate", "2024-03-09"), `{"id":4}`},
		{"Projects.UpdateVersion", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.UpdateVersion(ctx, "BLG", 4, &VersionOptions{Name: "1.0", ReleaseDueDate: Clear[Date](), Archived: ptr(true)})
			return err
		}, "PATCH", "/api/v2/projects/BLG/versions/4", vals(), vals("name", "1.0", "releaseDueDate", "", "archived", "true"), `{"id":4}`},
		{"Projects.DeleteVersion", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.DeleteVersion(ctx, "BLG", 4)
			return err
		},
			"DELETE", "/api/v2/projects/BLG/versions/4", vals(), vals(), `{"id":4}`},
		{"Projects.ListStatuses", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.ListStatuses(ctx, "BLG")
			return err
		},
			"GET", "/api/v2/projects/BLG/statuses", vals(), nil, `[]`},
		{"Projects.ListCustomFields", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.ListCustomFields(ctx, "BLG")
			return err
		},
			"GET", "/api/v2/projects/BLG/customFields", vals(), nil, `[]`},
		{"Projects.AddCustomField list", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.AddCustomField(ctx, "BLG", &CustomFieldOptions{TypeID: CustomFieldMultipleList, Name: ptr("OS"),
				ApplicableIssueTypes: Set([]int64{1, 2}), Required: ptr(true), Items: []string{"Linux", "Mac"}, AllowAddItem: ptr(true)})
			return err
		}, "POST", "/api/v2/projects/BLG/customFields", vals(), vals("typeId", "6", "name", "OS", "applicableIssueTypes[]", "1", "applicableIssueTypes[]", "2",
			"required", "true", "items[]", "Linux", "items[]", "Mac", "allowAddItem", "true"), `{"id":9,"typeId":6}`},
		{"Projects.AddCustomField date", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.AddCustomField(ctx, "BLG", &CustomFieldOptions{TypeID: CustomFieldDate, Name: ptr("締切"),
				MinDate: Set(d), InitialValueType: ptr(2), InitialShift: ptr(3)})
			return err
		}, "POST", "/api/v2/projects/BLG/customFields", vals(), vals("typeId", "4", "name", "締切", "min", "2024-03-09", "initialValueType", "2", "initialShift", "3"), `{"id":9,"typeId":4}`},
		{"Projects.UpdateCustomField numeric", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.UpdateCustomField(ctx, "BLG", 9, &CustomFieldOptions{TypeID: CustomFieldNumeric, Min: Set(0.5), Max: Clear[float64](), Unit: Set("h"), ApplicableIssueTypes: Clear[[]int64]()})
			return err
		}, "PATCH", "/api/v2/projects/BLG/customFields/9", vals(), vals("applicableIssueTypes[]", "", "min", "0.5", "max", "", "unit", "h"), `{"id":9,"typeId":3}`},
		{"Projects.DeleteCustomField", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.DeleteCustomField(ctx, "BLG", 9)
			return err
		},
			"DELETE", "/api/v2/projects/BLG/customFields/9", vals(), vals(), `{"id":9,"typeId":1}`},
		{"Projects.AddCustomFieldItem", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.AddCustomFieldItem(ctx, "BLG", 9, "Win")
			return err
		}, "POST", "/api/v2/projects/BLG/customFields/9/items", vals(), vals("name", "Win"), `{"id":9,"typeId":6}`},
		{"Projects.UpdateCustomFieldItem", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.UpdateCustomFieldItem(ctx, "BLG", 9, 2, "Windows")
			return err
		}, "PATCH", "/api/v2/projects/BLG/customFields/9/items/2", vals(), vals("name", "Windows"), `{"id":9,"typeId":6}`},
		{"Projects.DeleteCustomFieldItem", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.DeleteCustomFieldItem(ctx, "BLG", 9, 2)
			return err
		}, "DELETE", "/api/v2/projects/BLG/customFields/9/items/2", vals(), vals(), `{"id":9,"typeId":6}`},
		{"Projects.ListActivities", func(ctx context.Context, c *Client) error {
			_, _, err := c.Projects.ListActivities(ctx, "BLG", &ActivityListOptions{MinID: 5, MaxID: 9, Order: "asc"})
			return err
		}, "GET", "/api/v2/projects/BLG/activities", vals("minId", "5", "maxId", "9", "order", "asc"), nil, `[]`},
		{"Issues.List", func(ctx context.Context, c *Client) error {
			_, _, err := c.Issues.List(ctx, &IssueListOptions{ProjectIDs: []int64{1, 2}, StatusIDs: []int64{1}, ParentChild: 4, Keyword: "バグ",
				Sort: "updated", Order: "asc", Offset: 40, Count: 20, CreatedSince: d, DueDateUntil: d, HasDueDate: ptr(false), Attachment: true,
				IDs: []int64{7}, ParentIssueIDs: []int64{8}, ExpandChildIssueSummary: true,
				CustomFields: []CustomFieldCondition{{ID: 3, Keyword: "k"}, {ID: 4, Min: "1", Max: "9"}, {ID: 5, ItemIDs: []int64{1, 2}}}})
			return err
		}, "GET", "/api/v2/issues", vals("projectId[]", "1", "projectId[]", "2", "statusId[]", "1", "parentChild", "4", "keyword", "バグ",
			"sort", "updated", "order", "asc", "offset", "40", "count", "20", "createdSince", "2024-03-09", "dueDateUntil", "2024-03-09",
			"hasDueDate", "false", "attachment", "true", "id[]", "7", "parentIssueId[]", "8", "expand[]", "childIssueSummary",
			"customField_3", "k", "customField_4_min", "1", "customField_4_max", "9", "customField_5[]", "1", "customField_5[]", "2"), nil, `[]`},
		{"Issues.Count", func(ctx context.Context, c *Client) error {
			n, _, err := c.Issues.Count(ctx, &IssueListOptions{ProjectIDs: []int64{1}, Count: 100, Offset: 3, Sort: "created"})
			if err == nil && n != 42 {
				t.Errorf("count = %d", n)
			}
			return err
		}, "GET", "/api/v2/issues/count", vals("projectId[]", "1"), nil, `{"count":42}`},
		{"Issues.Get", func(ctx context.Context, c *Client) error { _, _, err := c.Issues.Get(ctx, "BLG-1"); return err },
			"GET", "/api/v2/issues/BLG-1", vals(), nil, `{"id":1,"issueKey":"BLG-1","created":"2014-07-16T07:51:43Z","updated":"2014-07-16T07:51:43Z"}`},
		{"Issues.Create", func(ctx context.Context, c *Client) error {
			_, _, err := c.Issues.Create(ctx, &IssueCreateOptions{ProjectID: 1, Summary: "件名", IssueTypeID: 2, PriorityID: 3,
				Description: ptr("本文"), DueDate: &d, EstimatedHours: ptr(1.256), CategoryIDs: []int64{4, 5}, AssigneeID: ptr(int64(6)),
				ParentIssueID: ptr(int64(10)),
				CustomFields:  []CustomFieldInput{{ID: 11, Values: []string{"a"}}, {ID: 12, Values: []string{"1", "3"}}, {ID: 13, Values: []string{"2"}, OtherValue: ptr("他")}}})
			return err
		}, "POST", "/api/v2/issues", vals(), vals("projectId", "1", "summary", "件名", "issueTypeId", "2", "priorityId", "3", "description", "本文",
			"dueDate", "2024-03-09", "estimatedHours", "1.26", "categoryId[]", "4", "categoryId[]", "5", "assigneeId", "6", "parentIssueId", "10",
			"customField_11", "a", "customField_12[0]", "1", "customField_12[1]", "3", "customField_13", "2", "customField_13_otherValue", "他"), `{"id":1}`},
		{"Issues.Update clear and set", func(ctx context.Context, c *Client) error {
			_, _, err := c.Issues.Update(ctx, "BLG-1", &IssueUpdateOptions{Summary: ptr("s"), StatusID: ptr(int64(4)), ResolutionID: Set(int64(0)),
				AssigneeID: Clear[int64](), DueDate: Clear[Date](), StartDate: Set(d), EstimatedHours: Clear[float64](), ActualHours: Set(2.0),
				CategoryIDs: Clear[[]int64](), VersionIDs: Set([]int64{}), MilestoneIDs: Set([]int64{8, 9}), ParentIssueID: Clear[int64](),
				Description: Set(""), Comment: ptr("done"), CustomFields: []CustomFieldInput{{ID: 11}}})
			return err
		}, "PATCH", "/api/v2/issues/BLG-1", vals(), vals("summary", "s", "statusId", "4", "resolutionId", "0", "assigneeId", "", "dueDate", "",
			"startDate", "2024-03-09", "estimatedHours", "", "actualHours", "2", "categoryId[]", "", "versionId[]", "", "milestoneId[]", "8",
			"milestoneId[]", "9", "parentIssueId", "", "description", "", "comment", "done", "customField_11", ""), `{"id":1}`},
		{"Issues.Update nothing", func(ctx context.Context, c *Client) error {
			_, _, err := c.Issues.Update(ctx, "1", &IssueUpdateOptions{})
			return err
		}, "PATCH", "/api/v2/issues/1", vals(), vals(), `{"id":1}`},
		{"Issues.Delete", func(ctx context.Context, c *Client) error { _, _, err := c.Issues.Delete(ctx, "BLG-1"); return err },
			"DELETE", "/api/v2/issues/BLG-1", vals(), vals(), `{"id":1}`},
		{"Comments.List", func(ctx context.Context, c *Client) error {
			_, _, err := c.Comments.List(ctx, "BLG-1", &CommentListOptions{MinID: 3, Count: 100, Order: "asc"})
			return err
		}, "GET", "/api/v2/issues/BLG-1/comments", vals("minId", "3", "count", "100", "order", "asc"), nil, `[]`},
		{"Comments.Count", func(ctx context.Context, c *Client) error { _, _, err := c.Comments.Count(ctx, "BLG-1"); return err },
			"GET", "/api/v2/issues/BLG-1/comments/count", vals(), nil, `{"count":1}`},
		{"Comments.Get", func(ctx context.Context, c *Client) error { _, _, err := c.Comments.Get(ctx, "BLG-1", 9); return err },
			"GET", "/api/v2/issues/BLG-1/comments/9", vals(), nil, `{"id":9,"created":"2014-07-30T03:54:21Z","updated":"2014-07-30T03:54:21Z"}`},
		{"Comments.Add", func(ctx context.Context, c *Client) error {
			_, _, err := c.Comments.Add(ctx, "BLG-1", &CommentAddOptions{Content: "こめ & more", NotifiedUserIDs: []int64{2}})
			return err
		}, "POST", "/api/v2/issues/BLG-1/comments", vals(), vals("content", "こめ & more", "notifiedUserId[]", "2"), `{"id":9,"created":"2014-07-30T03:54:21Z","updated":"2014-07-30T03:54:21Z"}`},
		{"Users.List", func(ctx context.Context, c *Client) error { _, _, err := c.Users.List(ctx); return err },
			"GET", "/api/v2/users", vals(), nil, `[]`},
		{"Users.Get", func(ctx context.Context, c *Client) error { _, _, err := c.Users.Get(ctx, 5); return err },
			"GET", "/api/v2/users/5", vals(), nil, `{"id":5}`},
		{"Users.Myself", func(ctx context.Context, c *Client) error { _, _, err := c.Users.Myself(ctx); return err },
			"GET", "/api/v2/users/myself", vals(), nil, `{"id":5}`},
		{"Users.Create", func(ctx context.Context, c *Client) error {
			_, _, err := c.Users.Create(ctx, &UserCreateOptions{UserID: "taro", Password: "pw", Name: "太郎", MailAddress: "t@example.com", RoleType: RoleNormalUser})
			return err
		}, "POST", "/api/v2/users", vals(), vals("userId", "taro", "password", "pw", "name", "太郎", "mailAddress", "t@example.com", "roleType", "2"), `{"id":5}`},
		{"Users.Update", func(ctx context.Context, c *Client) error {
			_, _, err := c.Users.Update(ctx, 5, &UserUpdateOptions{Name: ptr("花子"), RoleType: ptr(RoleViewer)})
			return err
		}, "PATCH", "/api/v2/users/5", vals(), vals("name", "花子", "roleType", "4"), `{"id":5}`},
		{"Users.Delete", func(ctx context.Context, c *Client) error { _, _, err := c.Users.Delete(ctx, 5); return err },
			"DELETE", "/api/v2/users/5", vals(), vals(), `{"id":5}`},
		{"Users.ListActivities", func(ctx context.Context, c *Client) error {
			_, _, err := c.Users.ListActivities(ctx, 5, nil)
			return err
		}, "GET", "/api/v2/users/5/activities", vals(), nil, `[]`},
		{"Priorities.List", func(ctx context.Context, c *Client) error { _, _, err := c.Priorities.List(ctx); return err },
			"GET", "/api/v2/priorities", vals(), nil, `[{"id":2,"name":"高"}]`},
		{"Resolutions.List", func(ctx context.Context, c *Client) error { _, _, err := c.Resolutions.List(ctx); return err },
			"GET", "/api/v2/resolutions", vals(), nil, `[{"id":0,"name":"対応済み"}]`},
		{"Statuses.List", func(ctx context.Context, c *Client) error { _, _, err := c.Statuses.List(ctx); return err },
			"GET", "/api/v2/statuses", vals(), nil, `[{"id":1,"name":"未対応"}]`},
		{"key with slash is escaped", func(ctx context.Context, c *Client) error { _, _, err := c.Projects.Get(ctx, "A/B"); return err },
			"GET", "/api/v2/projects/A%2FB", vals(), nil, `{"id":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t)
			ts.mux.HandleFunc("/", jsonHandler(http.StatusOK, tt.body))
			if err := tt.call(context.Background(), ts.client); err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := ts.requests()
			if len(reqs) != 1 {
				t.Fatalf("server got %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tt.method || r.Path != tt.path {
				t.Errorf("request %s %s, want %s %s", r.Method, r.Path, tt.method, tt.path)
			}
			// The API key is in the query of every request, writes included.
			if got := r.Query.Get("apiKey"); got != testKey {
				t.Errorf("apiKey in query = %q", got)
			}
			q := r.Query
			q.Del("apiKey")
			if !reflect.DeepEqual(q, tt.query) {
				t.Errorf("query = %v, want %v", q, tt.query)
			}
			if tt.form == nil {
				if len(r.Form) != 0 {
					t.Errorf("GET with a body: %v", r.Form)
				}
				return
			}
			if !strings.HasPrefix(r.ContentType, "application/x-www-form-urlencoded") {
				t.Errorf("content type %q", r.ContentType)
			}
			if !reflect.DeepEqual(r.Form, tt.form) {
				t.Errorf("form = %v, want %v", r.Form, tt.form)
			}
			if r.Form.Has("apiKey") {
				t.Error("apiKey in the form body")
			}
		})
	}
}
