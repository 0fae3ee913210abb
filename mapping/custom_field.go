package mapping

import (
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// CustomFieldDef renders a v2 custom-field definition as the legacy
// CustomField (legacy-api.md §3.16): {id, type_id, name, description,
// required, issueTypes: [{id, name, color}...]} plus the members of its type:
//   - 3 numeric: min, max, initial_value (double), unit (string), each
//     omitted when v2 has none;
//   - 4 date: initial_value_type (int), initial_shift (int, type 2),
//     initial_date (YYYYMMDD, type 3), min, max (YYYYMMDD), omitted when unset;
//   - 5-8 lists: items [{id, name}] in display order; 7-8 also allow_input.
//
// Decision (UNCONFIRMED §6.10, "issueTypes: [] — all or none?"): v2's empty
// applicableIssueTypes means "every issue type", so issueTypes lists every
// issue type of the project then (projectTypes, in display order) — a legacy
// client reading an empty list would wrongly conclude the field applies to
// nothing. Ids not found in projectTypes are listed as {id, "", ""} rather
// than dropped.
func CustomFieldDef(cf v2client.CustomField, projectTypes []v2client.IssueType, loc *time.Location) xmlrpc.Value {
	ms := []xmlrpc.Member{
		xmlrpc.Field("id", xmlrpc.Int(cf.ID)),
		xmlrpc.Field("type_id", xmlrpc.Int(int64(cf.TypeID))),
		xmlrpc.Field("name", xmlrpc.String(cf.Name)),
		xmlrpc.Field("description", xmlrpc.String(cf.Description)),
		xmlrpc.Field("required", xmlrpc.Bool(cf.Required)),
		xmlrpc.Field("issueTypes", p2ApplicableTypes(cf.ApplicableIssueTypes, projectTypes)),
	}
	switch {
	case cf.TypeID == v2client.CustomFieldNumeric:
		if cf.Min != nil {
			ms = append(ms, xmlrpc.Field("min", xmlrpc.Double(*cf.Min)))
		}
		if cf.Max != nil {
			ms = append(ms, xmlrpc.Field("max", xmlrpc.Double(*cf.Max)))
		}
		if cf.InitialValue != nil {
			ms = append(ms, xmlrpc.Field("initial_value", xmlrpc.Double(*cf.InitialValue)))
		}
		if cf.Unit != nil {
			ms = append(ms, xmlrpc.Field("unit", xmlrpc.String(*cf.Unit)))
		}
	case cf.TypeID == v2client.CustomFieldDate:
		if d := cf.InitialDate; d != nil {
			ms = append(ms, xmlrpc.Field("initial_value_type", xmlrpc.Int(d.ID)))
			if d.Shift != nil {
				ms = append(ms, xmlrpc.Field("initial_shift", xmlrpc.Int(int64(*d.Shift))))
			}
			if d.Date != nil {
				ms = append(ms, xmlrpc.Field("initial_date", xmlrpc.String(Date(d.Date, loc))))
			}
		}
		if cf.MinDate != nil {
			ms = append(ms, xmlrpc.Field("min", xmlrpc.String(Date(cf.MinDate, loc))))
		}
		if cf.MaxDate != nil {
			ms = append(ms, xmlrpc.Field("max", xmlrpc.String(Date(cf.MaxDate, loc))))
		}
	case cf.TypeID.IsList():
		items := make([]xmlrpc.Value, len(cf.Items))
		for i, it := range cf.Items {
			items[i] = xmlrpc.Struct(
				xmlrpc.Field("id", xmlrpc.Int(it.ID)),
				xmlrpc.Field("name", xmlrpc.String(it.Name)),
			)
		}
		ms = append(ms, xmlrpc.Field("items", xmlrpc.Array(items...)))
		if cf.TypeID == v2client.CustomFieldCheckbox || cf.TypeID == v2client.CustomFieldRadio {
			ms = append(ms, xmlrpc.Field("allow_input", xmlrpc.Bool(cf.AllowInput != nil && *cf.AllowInput)))
		}
	}
	return xmlrpc.Struct(ms...)
}

// CustomFieldDefs renders the getCustomFields result: the definitions
// (CustomFieldDef each, in v2's order) that apply to at least one of the
// issue type ids (CustomFieldAppliesTo; no ids: every definition).
func CustomFieldDefs(defs []v2client.CustomField, typeIDs []int64, projectTypes []v2client.IssueType, loc *time.Location) xmlrpc.Value {
	out := make([]xmlrpc.Value, 0, len(defs))
	for _, d := range defs {
		if CustomFieldAppliesTo(d, typeIDs) {
			out = append(out, CustomFieldDef(d, projectTypes, loc))
		}
	}
	return xmlrpc.Array(out...)
}

// CustomFieldAppliesTo reports whether a definition applies to at least one
// of the issue type ids (an empty applicableIssueTypes applies to all; an
// empty ids list means "no filter").
func CustomFieldAppliesTo(cf v2client.CustomField, ids []int64) bool {
	if len(ids) == 0 || len(cf.ApplicableIssueTypes) == 0 {
		return true
	}
	for _, a := range cf.ApplicableIssueTypes {
		for _, id := range ids {
			if a == id {
				return true
			}
		}
	}
	return false
}

func p2ApplicableTypes(ids []int64, projectTypes []v2client.IssueType) xmlrpc.Value {
	if len(ids) == 0 {
		return IssueTypes(projectTypes)
	}
	out := make([]xmlrpc.Value, 0, len(ids))
	for _, id := range ids {
		t := v2client.IssueType{ID: id}
		for _, pt := range projectTypes {
			if pt.ID == id {
				t = pt
				break
			}
		}
		out = append(out, IssueTypeStruct(t))
	}
	return xmlrpc.Array(out...)
}
