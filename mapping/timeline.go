package mapping

import (
	"strconv"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TimelineLimit is the most entries getTimeline answers (legacy-api.md §4.24).
const TimelineLimit = 50

// p2ActivityTypeNames are the legacy activity types (§2.3, §4.29): the same
// ids as v2's types 1-3.
var p2ActivityTypeNames = []struct {
	id   int64
	name string
}{{1, "課題"}, {2, "更新"}, {3, "コメント"}}

// ActivityTypes is the getActivityTypes result: exactly the three legacy
// types {id, name}, in id order.
func ActivityTypes() xmlrpc.Value {
	out := make([]xmlrpc.Value, len(p2ActivityTypeNames))
	for i, t := range p2ActivityTypeNames {
		out[i] = xmlrpc.Struct(xmlrpc.Field("id", xmlrpc.Int(t.id)), xmlrpc.Field("name", xmlrpc.String(t.name)))
	}
	return xmlrpc.Array(out...)
}

// TimelineActivityTypes are the v2 activity types getTimeline asks for.
var TimelineActivityTypes = []v2client.ActivityType{v2client.ActivityIssueCreated, v2client.ActivityIssueUpdated, v2client.ActivityIssueCommented}

// p2ChangeAttributeNames are the attribute names the legacy timeline wrote in
// "[ 属性名:値 ]" lines (§3.14), keyed by the v2 activity change `field`.
// Fields not listed (custom fields carry their own name) are written as v2
// names them.
var p2ChangeAttributeNames = map[string]string{
	"summary":        "件名",
	"description":    "詳細",
	"status":         "状態",
	"resolution":     "完了理由",
	"milestone":      "マイルストーン",
	"version":        "発生バージョン",
	"issueType":      "種別",
	"issue_type":     "種別",
	"component":      "カテゴリー",
	"category":       "カテゴリー",
	"assigner":       "担当者",
	"assignee":       "担当者",
	"priority":       "優先度",
	"limitDate":      "期限日",
	"dueDate":        "期限日",
	"startDate":      "開始日",
	"estimatedHours": "予定時間",
	"actualHours":    "実績時間",
	"attachment":     "添付ファイル",
	"parentIssue":    "親課題",
	"parent_issue":   "親課題",
}

// ChangeLine renders one changed attribute the way the legacy timeline did:
// "[ 状態:処理中 ]". statusNames maps status ids to names for the `status`
// field, whose v2 values are ids (v2-api.md §2.14); an id not in the map
// (a status deleted since) is written as is.
func ChangeLine(c v2client.ActivityChange, statusNames map[int64]string) string {
	attr, ok := p2ChangeAttributeNames[c.Field]
	if !ok {
		attr = c.Field
	}
	value := c.NewValue
	if c.Field == "status" {
		if id, err := strconv.ParseInt(value, 10, 64); err == nil {
			if n, ok := statusNames[id]; ok {
				value = n
			}
		}
	}
	return "[ " + attr + ":" + value + " ]"
}

// TimelineEntries renders one v2 issue activity (types 1-3) as legacy
// timeline entries (§3.14) {type, content, updated_on, user, issue}:
//   - type 1 (issue added): one entry, content = the issue description;
//   - type 3 (comment): one entry, content = the comment text;
//   - type 2 (update): one entry PER CHANGED ATTRIBUTE, as the 2012 server
//     answered, each with content "[ 属性名:新しい値 ]"; the update comment, if
//     any, follows EVERY entry's line after a blank line, as the legacy
//     server wrote it (a captured legacy response repeats the comment on all
//     11 per-attribute entries), so each entry says what changed and why; an
//     update with no recorded change yields one entry holding the comment.
//
// issue is the issue's current state (for priority, parent and summary);
// when nil (the issue was deleted or is not visible) the activity yields no
// entry, because the legacy reduced issue always carries a priority.
// Other activity types yield nothing.
func TimelineEntries(a v2client.Activity, issue *v2client.Issue, statusNames map[int64]string, loc *time.Location) []xmlrpc.Value {
	if issue == nil {
		return nil
	}
	var name string
	for _, t := range p2ActivityTypeNames {
		if t.id == int64(a.Type) {
			name = t.name
		}
	}
	if name == "" {
		return nil
	}
	comment := ""
	if a.Content.Comment != nil {
		comment = a.Content.Comment.Content
	}
	var contents []string
	switch a.Type {
	case v2client.ActivityIssueCreated:
		d := issue.Description
		if a.Content.Description != nil {
			d = *a.Content.Description
		}
		contents = []string{d}
	case v2client.ActivityIssueCommented:
		contents = []string{comment}
	case v2client.ActivityIssueUpdated:
		for _, c := range a.Content.Changes {
			line := ChangeLine(c, statusNames)
			if comment != "" {
				line += "\n\n" + comment
			}
			contents = append(contents, line)
		}
		if len(contents) == 0 {
			contents = []string{comment}
		}
	}
	typ := xmlrpc.Struct(xmlrpc.Field("id", xmlrpc.Int(int64(a.Type))), xmlrpc.Field("name", xmlrpc.String(name)))
	user := xmlrpc.Struct(xmlrpc.Field("id", xmlrpc.Int(a.CreatedUser.ID)), xmlrpc.Field("name", xmlrpc.String(a.CreatedUser.Name)))
	ts := xmlrpc.String(Timestamp(a.Created, loc))
	iss := TimelineIssue(*issue)
	out := make([]xmlrpc.Value, len(contents))
	for i, c := range contents {
		out[i] = xmlrpc.Struct(
			xmlrpc.Field("type", typ),
			xmlrpc.Field("content", xmlrpc.String(c)),
			xmlrpc.Field("updated_on", ts),
			xmlrpc.Field("user", user),
			xmlrpc.Field("issue", iss),
		)
	}
	return out
}

// TimelineIssue renders the reduced issue of a timeline entry (§3.14):
// {id, key, summary, description, priority{id, name}, parent_issue_id (only
// on child issues)}.
func TimelineIssue(i v2client.Issue) xmlrpc.Value {
	ms := []xmlrpc.Member{
		xmlrpc.Field("id", xmlrpc.Int(i.ID)),
		xmlrpc.Field("key", xmlrpc.String(i.IssueKey)),
		xmlrpc.Field("summary", xmlrpc.String(i.Summary)),
		xmlrpc.Field("description", xmlrpc.String(i.Description)),
		xmlrpc.Field("priority", xmlrpc.Struct(
			xmlrpc.Field("id", xmlrpc.Int(i.Priority.ID)),
			xmlrpc.Field("name", xmlrpc.String(i.Priority.Name)),
		)),
	}
	if i.ParentIssueID != nil {
		ms = append(ms, xmlrpc.Field("parent_issue_id", xmlrpc.Int(*i.ParentIssueID)))
	}
	return xmlrpc.Struct(ms...)
}
