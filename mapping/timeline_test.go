package mapping

import (
	"strings"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

func TestActivityTypes(t *testing.T) {
	if got := render(ActivityTypes()); got != `[{id:i:1,name:"課題"},{id:i:2,name:"更新"},{id:i:3,name:"コメント"}]` {
		t.Error(got)
	}
}

func TestChangeLine(t *testing.T) {
	names := map[int64]string{2: "処理中", 77: "レビュー待ち"}
	tests := []struct {
		c    v2client.ActivityChange
		want string
	}{
		{v2client.ActivityChange{Field: "status", NewValue: "2"}, "[ 状態:処理中 ]"},
		{v2client.ActivityChange{Field: "status", NewValue: "77"}, "[ 状態:レビュー待ち ]"},
		{v2client.ActivityChange{Field: "status", NewValue: "9"}, "[ 状態:9 ]"},
		{v2client.ActivityChange{Field: "milestone", NewValue: "1.0.0"}, "[ マイルストーン:1.0.0 ]"},
		{v2client.ActivityChange{Field: "resolution", NewValue: "対応済み"}, "[ 完了理由:対応済み ]"},
		{v2client.ActivityChange{Field: "assigner", NewValue: "name"}, "[ 担当者:name ]"},
		{v2client.ActivityChange{Field: "category", NewValue: "module"}, "[ カテゴリー:module ]"},
		{v2client.ActivityChange{Field: "version", NewValue: "1.0.0"}, "[ 発生バージョン:1.0.0 ]"},
		{v2client.ActivityChange{Field: "issueType", NewValue: "バグ"}, "[ 種別:バグ ]"},
		{v2client.ActivityChange{Field: "顧客名", NewValue: "ヌーラボ"}, "[ 顧客名:ヌーラボ ]"},
	}
	for _, tt := range tests {
		if got := ChangeLine(tt.c, names); got != tt.want {
			t.Errorf("%+v: got %q want %q", tt.c, got, tt.want)
		}
	}
}

func TestTimelineEntries(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	parent := int64(60)
	issue := &v2client.Issue{ID: 73, IssueKey: "DORA-15", Summary: "発声器官に不具合？", Description: "今の詳細", Priority: v2client.Priority{ID: 2, Name: "高"}, ParentIssueID: &parent}
	desc := "作成時の詳細"
	at := time.Date(2010, 10, 20, 7, 14, 18, 0, time.UTC) // 16:14:18 JST
	base := v2client.Activity{CreatedUser: v2client.User{ID: 3, Name: "Agata"}, Created: at}
	issueWant := `issue:{id:i:73,key:"DORA-15",summary:"発声器官に不具合？",description:"今の詳細",priority:{id:i:2,name:"高"},parent_issue_id:i:60}`
	entry := func(typ, name, content string) string {
		return `{type:{id:i:` + typ + `,name:"` + name + `"},content:"` + content + `",updated_on:"20101020161418",user:{id:i:3,name:"Agata"},` + issueWant + `}`
	}

	created := base
	created.Type = v2client.ActivityIssueCreated
	created.Content = v2client.ActivityContent{ID: 73, KeyID: 15, Description: &desc}

	commented := base
	commented.Type = v2client.ActivityIssueCommented
	commented.Content = v2client.ActivityContent{ID: 73, Comment: &v2client.ActivityComment{ID: 1, Content: "コメント本文"}}

	updated := base
	updated.Type = v2client.ActivityIssueUpdated
	updated.Content = v2client.ActivityContent{ID: 73, Comment: &v2client.ActivityComment{Content: "直しました"}, Changes: []v2client.ActivityChange{
		{Field: "status", NewValue: "2"}, {Field: "resolution", NewValue: "対応済み"}}}

	bare := base
	bare.Type = v2client.ActivityIssueUpdated
	bare.Content = v2client.ActivityContent{ID: 73, Comment: &v2client.ActivityComment{Content: "only a comment"}}

	wiki := base
	wiki.Type = v2client.ActivityWikiCreated

	statuses := map[int64]string{2: "処理中"}
	tests := []struct {
		name  string
		a     v2client.Activity
		issue *v2client.Issue
		want  []string
	}{
		{"created", created, issue, []string{entry("1", "課題", "作成時の詳細")}},
		{"commented", commented, issue, []string{entry("3", "コメント", "コメント本文")}},
		{"one entry per change, comment on each", updated, issue, []string{
			entry("2", "更新", "[ 状態:処理中 ]\n\n直しました"),
			entry("2", "更新", "[ 完了理由:対応済み ]\n\n直しました"),
		}},
		{"update without changes", bare, issue, []string{entry("2", "更新", "only a comment")}},
		{"deleted issue", created, nil, nil},
		{"not an issue activity", wiki, issue, nil},
	}
	for _, tt := range tests {
		got := TimelineEntries(tt.a, tt.issue, statuses, tokyo)
		var gs []string
		for _, g := range got {
			gs = append(gs, render(g))
		}
		if strings.Join(gs, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, strings.Join(gs, "\n"), strings.Join(tt.want, "\n"))
		}
	}
	// no parent: the member is omitted
	issue.ParentIssueID = nil
	if got := render(TimelineIssue(*issue)); strings.Contains(got, "parent_issue_id") {
		t.Error(got)
	}
}
