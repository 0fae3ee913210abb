package mapping

import (
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// VersionCRUD renders a version/milestone as the CRUD form of
// addVersion/updateVersion/deleteVersion (legacy-api.md §3.10):
// {id, name, start_date, due_date, archived}, plus date. Dates are YYYYMMDD
// in the space's zone rule (v2client.Date.In), "" when unset; due_date is
// v2's releaseDueDate. date repeats due_date: backlog4j reads every version
// with its one Version class, whose getDate() reads `date` (the §3.9 list
// form's member, the due date), so without it getDate() is null after
// add/update/delete; clients reading the documented members ignore it
// (decision in docs/decisions.md).
func VersionCRUD(v v2client.Version, loc *time.Location) xmlrpc.Value {
	due := xmlrpc.String(Date(v.ReleaseDueDate, loc))
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(v.ID)),
		xmlrpc.Field("name", xmlrpc.String(v.Name)),
		xmlrpc.Field("start_date", xmlrpc.String(Date(v.StartDate, loc))),
		xmlrpc.Field("due_date", due),
		xmlrpc.Field("date", due),
		xmlrpc.Field("archived", xmlrpc.Bool(v.Archived)),
	)
}

// IssueTypeStruct renders an issue type as {id, name, color} (§3.7), the
// result of addIssueType/updateIssueType/deleteIssueType.
func IssueTypeStruct(t v2client.IssueType) xmlrpc.Value {
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(t.ID)),
		xmlrpc.Field("name", xmlrpc.String(t.Name)),
		xmlrpc.Field("color", xmlrpc.String(t.Color)),
	)
}

// ComponentStruct renders a category as the legacy Component {id, name}
// (§3.8), the result of addComponent/updateComponent/deleteComponent.
func ComponentStruct(c v2client.Category) xmlrpc.Value {
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(c.ID)),
		xmlrpc.Field("name", xmlrpc.String(c.Name)),
	)
}

// IssueTypeColors is the palette both APIs accept (legacy-api.md §2.3,
// v2-api.md §2.4), lower case.
var IssueTypeColors = []string{"#e30000", "#990000", "#934981", "#814fbc", "#2779ca", "#007e9a", "#7ea800", "#ff9200", "#ff3265", "#666665"}

// IssueTypeColor validates a legacy colour against the palette. The doc
// sample writes upper case (#FF9200), so the comparison ignores case and the
// result is the lower-case form v2 wants. ok is false for other colours.
func IssueTypeColor(s string) (color string, ok bool) {
	l := p2Lower(s)
	for _, c := range IssueTypeColors {
		if c == l {
			return c, true
		}
	}
	return "", false
}

func p2Lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
