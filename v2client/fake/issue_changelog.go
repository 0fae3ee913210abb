package fake

import (
	"strconv"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// diffIssue lists what changed, as comment change-log entries (names) and
// activity changes (status as id, the rest as names). Field names follow
// Backlog's (UNCONFIRMED list, README.md): summary, description,
// issueType, status, resolution, priority, assigner, startDate,
// limitDate, estimatedHours, actualHours, component, version, milestone,
// parentIssue; a custom field uses its name and carries attributeInfo.
func (st *store) diffIssue(p *project, a, b *issue) ([]v2client.ChangeLog, []v2client.ActivityChange) {
	var logs []v2client.ChangeLog
	changes := []v2client.ActivityChange{}
	add := func(field, oldV, newV, oldAct, newAct string, attr *v2client.AttributeInfo) {
		if oldV == newV {
			return
		}
		o, n := oldV, newV
		logs = append(logs, v2client.ChangeLog{Field: field, NewValue: &n, OriginalValue: &o, AttributeInfo: attr})
		typ := "standard"
		if attr != nil {
			typ = "customAttribute"
		}
		changes = append(changes, v2client.ActivityChange{Field: field, NewValue: newAct, OldValue: oldAct, Type: typ})
	}
	same := func(field, o, n string) { add(field, o, n, o, n, nil) }
	same("summary", a.summary, b.summary)
	same("description", a.description, b.description)
	same("issueType", issueTypes.nameOf(p, a.issueTypeID), issueTypes.nameOf(p, b.issueTypeID))
	add("status", statuses.nameOf(p, a.statusID), statuses.nameOf(p, b.statusID), itoa(a.statusID), itoa(b.statusID), nil)
	resName := func(id *int64) string {
		if id == nil {
			return ""
		}
		if r := st.resolution(*id); r != nil {
			return r.Name
		}
		return ""
	}
	same("resolution", resName(a.resolutionID), resName(b.resolutionID))
	prioName := func(id int64) string {
		if x := st.priority(id); x != nil {
			return x.Name
		}
		return ""
	}
	same("priority", prioName(a.priorityID), prioName(b.priorityID))
	userName := func(id *int64) string {
		if id == nil || st.users[*id] == nil {
			return ""
		}
		return st.users[*id].Name
	}
	same("assigner", userName(a.assigneeID), userName(b.assigneeID))
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(v2client.DateLayout)
	}
	same("startDate", day(a.startDate), day(b.startDate))
	same("limitDate", day(a.dueDate), day(b.dueDate))
	num := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	same("estimatedHours", num(a.estimatedHours), num(b.estimatedHours))
	same("actualHours", num(a.actualHours), num(b.actualHours))
	same("component", categories.namesOf(p, a.categoryIDs), categories.namesOf(p, b.categoryIDs))
	same("version", versions.namesOf(p, a.versionIDs), versions.namesOf(p, b.versionIDs))
	same("milestone", versions.namesOf(p, a.milestoneIDs), versions.namesOf(p, b.milestoneIDs))
	parentKey := func(id *int64) string {
		if id == nil || st.issues[*id] == nil {
			return ""
		}
		return issueKey(p, st.issues[*id])
	}
	same("parentIssue", parentKey(a.parentID), parentKey(b.parentID))
	for _, cf := range p.customFields {
		o, n := customText(cf, a.custom[cf.ID]), customText(cf, b.custom[cf.ID])
		add(cf.Name, o, n, o, n, &v2client.AttributeInfo{ID: cf.ID, TypeID: int64(cf.TypeID)})
	}
	return logs, changes
}

// customText renders a custom value for change logs.
func customText(cf *v2client.CustomField, v *cfValue) string {
	if v == nil {
		return ""
	}
	var parts []string
	switch {
	case v.text != nil:
		parts = append(parts, *v.text)
	case v.number != nil:
		parts = append(parts, strconv.FormatFloat(*v.number, 'f', -1, 64))
	case v.date != nil:
		parts = append(parts, v.date.Format(v2client.DateLayout))
	}
	for _, id := range v.items {
		if it := cfItem(cf, id); it != nil {
			parts = append(parts, it.Name)
		}
	}
	if v.other != nil {
		parts = append(parts, *v.other)
	}
	return strings.Join(parts, ", ")
}
