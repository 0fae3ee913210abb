package mapping

import (
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// Issue renders a v2 issue as the legacy Issue (legacy-api.md §3.12, with
// the §5 decisions). Members, in this fixed order:
//
//	id, key, summary, description, url, parent_issue_id (opt), due_date
//	(always; "" when unset), start_date (opt), estimated_hours (opt, double),
//	actual_hours (opt, double), issueType, priority, resolution (opt), status,
//	components, versions, milestones, component (opt), version (opt),
//	milestone (opt), created_user, assigner (opt), created_on, updated_on,
//	custom_fields (opt).
//
// The singular component/version/milestone are the first element of their
// list and are omitted when the list is empty. Timestamps are in loc; url
// is built from baseURL. defs are the project's custom-field definitions
// (may be nil); see CustomFieldValues for what they add.
func Issue(is v2client.Issue, defs []v2client.CustomField, baseURL string, loc *time.Location) xmlrpc.Value {
	m := make([]xmlrpc.Member, 0, 26)
	add := func(name string, v xmlrpc.Value) { m = append(m, xmlrpc.Field(name, v)) }
	add("id", xmlrpc.Int(is.ID))
	add("key", xmlrpc.String(is.IssueKey))
	add("summary", xmlrpc.String(is.Summary))
	add("description", xmlrpc.String(is.Description))
	add("url", xmlrpc.String(IssueURL(baseURL, is.IssueKey)))
	if is.ParentIssueID != nil {
		add("parent_issue_id", xmlrpc.Int(*is.ParentIssueID))
	}
	add("due_date", xmlrpc.String(Date(is.DueDate, loc)))
	if s := Date(is.StartDate, loc); s != "" {
		add("start_date", xmlrpc.String(s))
	}
	if is.EstimatedHours != nil {
		add("estimated_hours", xmlrpc.Double(*is.EstimatedHours))
	}
	if is.ActualHours != nil {
		add("actual_hours", xmlrpc.Double(*is.ActualHours))
	}
	add("issueType", xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(is.IssueType.ID)),
		xmlrpc.Field("name", xmlrpc.String(is.IssueType.Name)),
		xmlrpc.Field("color", xmlrpc.String(is.IssueType.Color)),
	))
	add("priority", idName(is.Priority.ID, is.Priority.Name))
	if is.Resolution != nil {
		add("resolution", idName(is.Resolution.ID, is.Resolution.Name))
	}
	add("status", idName(is.Status.ID, is.Status.Name))
	add("components", Components(is.Category))
	add("versions", Versions(is.Versions, loc))
	add("milestones", Versions(is.Milestone, loc))
	if len(is.Category) > 0 {
		add("component", ComponentStruct(is.Category[0]))
	}
	if len(is.Versions) > 0 {
		add("version", Version(is.Versions[0], loc))
	}
	if len(is.Milestone) > 0 {
		add("milestone", Version(is.Milestone[0], loc))
	}
	if is.CreatedUser != nil {
		add("created_user", User(*is.CreatedUser))
	}
	if is.Assignee != nil {
		add("assigner", User(*is.Assignee))
	}
	add("created_on", xmlrpc.String(Timestamp(is.Created, loc)))
	add("updated_on", xmlrpc.String(Timestamp(is.Updated, loc)))
	if len(is.CustomFields) > 0 {
		add("custom_fields", CustomFieldValues(is.CustomFields, defs, loc))
	}
	return xmlrpc.Struct(m...)
}

// Issues renders a list of issues in the order given (findIssue).
func Issues(list []v2client.Issue, defs []v2client.CustomField, baseURL string, loc *time.Location) xmlrpc.Value {
	items := make([]xmlrpc.Value, len(list))
	for i, is := range list {
		items[i] = Issue(is, defs, baseURL, loc)
	}
	return xmlrpc.Array(items...)
}

// idName renders one {id, name} struct (priority, status, resolution, ...).
func idName(id int64, name string) xmlrpc.Value {
	return xmlrpc.Struct(xmlrpc.Field("id", xmlrpc.Int(id)), xmlrpc.Field("name", xmlrpc.String(name)))
}

// CustomFieldValues renders an issue's custom-field values as the legacy
// custom_fields array. The shape is UNCONFIRMED in legacy-api.md §3.12/§6.4;
// the decision (documented in methods/README.md) follows the createIssue
// page's findIssue response table and escalade-backlog:
//
//	every type: id (int), name (string), type_id (int), and, when the
//	project's definition is known, description (string) and required (bool);
//	types 1, 2: value (string); 3: value (double); 4: value (YYYYMMDD
//	string) — value omitted when the field has no value;
//	types 5-8: values (array of int item ids, [] when none);
//	types 7, 8 also: allow_input (bool, from the definition) and other_text
//	(string, omitted when unset).
func CustomFieldValues(vals []v2client.CustomFieldValue, defs []v2client.CustomField, loc *time.Location) xmlrpc.Value {
	items := make([]xmlrpc.Value, len(vals))
	// The members of all values share one exactly sized backing array (each
	// value gets a full slice expression of its own, so an append can never
	// reach its neighbour): one allocation per issue instead of one per
	// value (they were a third of findIssue's garbage; BENCHMARKS.md).
	var defIdx [16]int
	di := defIdx[:0]
	if len(vals) > len(defIdx) {
		di = make([]int, 0, len(vals))
	}
	total := 0
	for _, v := range vals {
		k := defIndex(defs, v.ID)
		di = append(di, k)
		total += customFieldMembers(v, k >= 0)
	}
	backing := make([]xmlrpc.Member, 0, total)
	for i, v := range vals {
		var def *v2client.CustomField
		if k := di[i]; k >= 0 {
			def = &defs[k]
		}
		n := customFieldMembers(v, def != nil)
		m := backing[len(backing) : len(backing) : len(backing)+n]
		m = append(m,
			xmlrpc.Field("id", xmlrpc.Int(v.ID)),
			xmlrpc.Field("name", xmlrpc.String(v.Name)),
			xmlrpc.Field("type_id", xmlrpc.Int(int64(v.FieldTypeID))),
		)
		if def != nil {
			m = append(m, xmlrpc.Field("description", xmlrpc.String(def.Description)),
				xmlrpc.Field("required", xmlrpc.Bool(def.Required)))
		}
		switch {
		case v.FieldTypeID == v2client.CustomFieldNumeric:
			if v.Number != nil {
				m = append(m, xmlrpc.Field("value", xmlrpc.Double(*v.Number)))
			}
		case v.FieldTypeID == v2client.CustomFieldDate:
			if s := Date(v.Date, loc); s != "" {
				m = append(m, xmlrpc.Field("value", xmlrpc.String(s)))
			}
		case v.FieldTypeID.IsList():
			if v.FieldTypeID == v2client.CustomFieldCheckbox || v.FieldTypeID == v2client.CustomFieldRadio {
				if def != nil && def.AllowInput != nil {
					m = append(m, xmlrpc.Field("allow_input", xmlrpc.Bool(*def.AllowInput)))
				}
				if v.OtherValue != nil {
					m = append(m, xmlrpc.Field("other_text", xmlrpc.String(*v.OtherValue)))
				}
			}
			ids := make([]xmlrpc.Value, len(v.Items))
			for k, it := range v.Items {
				ids[k] = xmlrpc.Int(it.ID)
			}
			m = append(m, xmlrpc.Field("values", xmlrpc.Array(ids...)))
		default:
			if v.Text != nil {
				m = append(m, xmlrpc.Field("value", xmlrpc.String(*v.Text)))
			}
		}
		items[i] = xmlrpc.Struct(m[:len(m):len(m)]...)
		backing = backing[:len(backing)+len(m)]
	}
	return xmlrpc.Array(items...)
}

// defIndex returns the index in defs of the definition with id, or -1.
func defIndex(defs []v2client.CustomField, id int64) int {
	for k := range defs {
		if defs[k].ID == id {
			return k
		}
	}
	return -1
}

// customFieldMembers is the most members CustomFieldValues gives value v.
func customFieldMembers(v v2client.CustomFieldValue, hasDef bool) int {
	n := 4 // id, name, type_id, and value or values
	if hasDef {
		n += 2 // description, required
	}
	if v.FieldTypeID == v2client.CustomFieldCheckbox || v.FieldTypeID == v2client.CustomFieldRadio {
		n += 2 // allow_input, other_text
	}
	return n
}
