package mapping

import (
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// ProjectURL builds the legacy project link https://{host}/projects/{key}
// from the configured legacy base URL (legacy-api.md §3.1).
func ProjectURL(baseURL, key string) string {
	return strings.TrimRight(baseURL, "/") + "/projects/" + key
}

// IssueURL builds the legacy issue link https://{host}/view/{key} (§3.12).
func IssueURL(baseURL, key string) string {
	return strings.TrimRight(baseURL, "/") + "/view/" + key
}

// Project renders a v2 project as the legacy Project (§3.1):
// {id, name, key, url, archived, text_formatting_rule, use_parent_child_issue}.
func Project(p v2client.Project, baseURL string) xmlrpc.Value {
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(p.ID)),
		xmlrpc.Field("name", xmlrpc.String(p.Name)),
		xmlrpc.Field("key", xmlrpc.String(p.ProjectKey)),
		xmlrpc.Field("url", xmlrpc.String(ProjectURL(baseURL, p.ProjectKey))),
		xmlrpc.Field("archived", xmlrpc.Bool(p.Archived)),
		xmlrpc.Field("text_formatting_rule", xmlrpc.String(p.TextFormattingRule)),
		xmlrpc.Field("use_parent_child_issue", xmlrpc.Bool(p.SubtaskingEnabled)),
	)
}

// Projects renders a list of projects in the order given (getProjects).
func Projects(ps []v2client.Project, baseURL string) xmlrpc.Value {
	return arrayOf(ps, func(p v2client.Project) xmlrpc.Value { return Project(p, baseURL) })
}

// arrayOf renders a list as an XML-RPC array of render(element), in the
// list's order.
func arrayOf[T any](list []T, render func(T) xmlrpc.Value) xmlrpc.Value {
	items := make([]xmlrpc.Value, len(list))
	for i, x := range list {
		items[i] = render(x)
	}
	return xmlrpc.Array(items...)
}

// User renders the short legacy User {id, name} (§3.3); id is an int (the
// doc samples' <string> ids are a quirk, §5).
func User(u v2client.User) xmlrpc.Value {
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(u.ID)),
		xmlrpc.Field("name", xmlrpc.String(u.Name)),
	)
}

// Users renders project members as an array of User (getUsers).
func Users(us []v2client.User) xmlrpc.Value {
	return arrayOf(us, User)
}

// Components renders categories as an array of Component {id, name} (§3.8).
func Components(cs []v2client.Category) xmlrpc.Value {
	return arrayOf(cs, ComponentStruct)
}

// IssueTypes renders issue types as an array of {id, name, color} (§3.7).
func IssueTypes(ts []v2client.IssueType) xmlrpc.Value {
	return arrayOf(ts, IssueTypeStruct)
}

// Version renders the list form of a version/milestone {id, name, date}
// (§3.9): date is the release due date as YYYYMMDD, "" when unset.
func Version(v v2client.Version, loc *time.Location) xmlrpc.Value {
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(v.ID)),
		xmlrpc.Field("name", xmlrpc.String(v.Name)),
		xmlrpc.Field("date", xmlrpc.String(Date(v.ReleaseDueDate, loc))),
	)
}

// Versions renders versions in the list form (getVersions, issue lists).
func Versions(vs []v2client.Version, loc *time.Location) xmlrpc.Value {
	return arrayOf(vs, func(v v2client.Version) xmlrpc.Value { return Version(v, loc) })
}

// Comment renders a v2 comment as the legacy Comment (§3.13):
// {id, content, created_user, created_on, updated_on}; a change-only entry
// has content "".
func Comment(c v2client.Comment, loc *time.Location) xmlrpc.Value {
	content := ""
	if c.Content != nil {
		content = *c.Content
	}
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(c.ID)),
		xmlrpc.Field("content", xmlrpc.String(content)),
		xmlrpc.Field("created_user", User(c.CreatedUser)),
		xmlrpc.Field("created_on", xmlrpc.String(Timestamp(c.Created, loc))),
		xmlrpc.Field("updated_on", xmlrpc.String(Timestamp(c.Updated, loc))),
	)
}

// Comments renders comments in the order given (getComments: oldest first).
func Comments(cs []v2client.Comment, loc *time.Location) xmlrpc.Value {
	return arrayOf(cs, func(c v2client.Comment) xmlrpc.Value { return Comment(c, loc) })
}
