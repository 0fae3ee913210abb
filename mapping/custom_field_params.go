package mapping

import (
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// CustomFieldParams is a legacy admin.addCustomField/updateCustomField
// struct translated for v2: Options for POST/PATCH
// /projects/:p/customFields, and the legacy `items` list (names) with
// whether it was sent, because on update the handler applies an item list
// through the item endpoints.
type CustomFieldParams struct {
	Options    v2client.CustomFieldOptions
	Items      []string
	ItemsGiven bool
}

// CustomFieldParamsFrom reads the members of a legacy custom-field struct
// (legacy-api.md §4.47/§4.48). typeID is the field's type: the legacy typeId
// on add (required, 1-8), the existing field's type on update (where a sent
// typeId is accepted and ignored: a type cannot change). create makes name
// and typeId required.
//
//   - issueTypes (also issue_types): int or int[]; [] (or "") means "every
//     issue type" — v2's empty applicableIssueTypes (decision for
//     UNCONFIRMED §6.10; the inverse rule is in CustomFieldDef);
//   - min/max: double for numeric fields, YYYYMMDD (string or Perl int) for
//     date fields; initial_value, unit; initial_value_type (1-3),
//     initial_shift, initial_date;
//   - items: array of {name} structs or of plain strings (b4j);
//   - allow_input (checkbox/radio), description, required.
//
// An empty string clears an optional text/number/date member on update.
// Unknown members are ignored.
func CustomFieldParamsFrom(p xmlrpc.Value, typeID v2client.CustomFieldType, create bool) (*CustomFieldParams, error) {
	out := &CustomFieldParams{}
	o := &out.Options
	o.TypeID = typeID
	if typeID < v2client.CustomFieldText || typeID > v2client.CustomFieldRadio {
		return nil, failure.Invalid("typeId", "must be 1-8, got %d", typeID)
	}
	if v, ok := p.Get("name"); ok {
		s, err := v.AsString()
		if err != nil || strings.TrimSpace(s) == "" {
			return nil, failure.Invalid("name", "must be a non-empty string")
		}
		o.Name = &s
	} else if create {
		return nil, failure.Invalid("name", "required")
	}
	if v, ok := p2Member(p, "issueTypes", "issue_types"); ok {
		ids, err := p2Ints("issueTypes", v)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			o.ApplicableIssueTypes = v2client.Clear[[]int64]()
		} else {
			o.ApplicableIssueTypes = v2client.Set(ids)
		}
	}
	if v, ok := p.Get("description"); ok {
		s, err := v.AsString()
		if err != nil {
			return nil, failure.Invalid("description", "must be a string")
		}
		o.Description = v2client.Set(s)
	}
	if v, ok := p.Get("required"); ok {
		b, err := v.AsBool()
		if err != nil {
			return nil, failure.Invalid("required", "must be a boolean")
		}
		o.Required = &b
	}
	var err error
	switch typeID {
	case v2client.CustomFieldNumeric:
		if o.Min, err = p2OptNum(p, "min"); err != nil {
			return nil, err
		}
		if o.Max, err = p2OptNum(p, "max"); err != nil {
			return nil, err
		}
		if o.InitialValue, err = p2OptNum(p, "initial_value"); err != nil {
			return nil, err
		}
		if v, ok := p.Get("unit"); ok {
			s, err := v.AsString()
			if err != nil {
				return nil, failure.Invalid("unit", "must be a string")
			}
			if s == "" {
				o.Unit = v2client.Clear[string]()
			} else {
				o.Unit = v2client.Set(s)
			}
		}
	case v2client.CustomFieldDate:
		if o.MinDate, err = p2OptDate(p, "min"); err != nil {
			return nil, err
		}
		if o.MaxDate, err = p2OptDate(p, "max"); err != nil {
			return nil, err
		}
		if o.InitialDate, err = p2OptDate(p, "initial_date"); err != nil {
			return nil, err
		}
		if v, ok := p.Get("initial_value_type"); ok {
			n, err := v.AsInt()
			if err != nil || n < 1 || n > 3 {
				return nil, failure.Invalid("initial_value_type", "must be 1 (today), 2 (today + initial_shift) or 3 (initial_date)")
			}
			k := int(n)
			o.InitialValueType = &k
		}
		if v, ok := p.Get("initial_shift"); ok {
			n, err := v.AsInt()
			if err != nil || n < -32768 || n > 32767 {
				return nil, failure.Invalid("initial_shift", "must be a number of days")
			}
			k := int(n)
			o.InitialShift = &k
		}
	}
	if typeID.IsList() {
		if v, ok := p.Get("items"); ok {
			names, err := p2ItemNames(v)
			if err != nil {
				return nil, err
			}
			out.Items, out.ItemsGiven = names, true
			if create {
				o.Items = names
			}
		}
		if typeID == v2client.CustomFieldCheckbox || typeID == v2client.CustomFieldRadio {
			if v, ok := p.Get("allow_input"); ok {
				b, err := v.AsBool()
				if err != nil {
					return nil, failure.Invalid("allow_input", "must be a boolean")
				}
				o.AllowInput = &b
			}
		}
	}
	return out, nil
}

// ItemDiff plans how to turn a list field's items into want (names, in
// order): the ids of current items whose name is no longer wanted, and the
// wanted names that no item has yet. Items that keep their name keep their
// id, so issue values pointing at them survive (decision for UNCONFIRMED
// §6.10: legacy `items` replaces the list by name).
func ItemDiff(current []v2client.CustomFieldItem, want []string) (remove []int64, add []string) {
	wanted := make(map[string]bool, len(want))
	for _, n := range want {
		wanted[n] = true
	}
	have := make(map[string]bool, len(current))
	for _, it := range current {
		if !wanted[it.Name] || have[it.Name] {
			remove = append(remove, it.ID)
			continue
		}
		have[it.Name] = true
	}
	for _, n := range want {
		if !have[n] {
			add = append(add, n)
			have[n] = true
		}
	}
	return remove, add
}

// p2Member returns the first present member among names.
func p2Member(p xmlrpc.Value, names ...string) (xmlrpc.Value, bool) {
	for _, n := range names {
		if v, ok := p.Get(n); ok {
			return v, true
		}
	}
	return xmlrpc.Value{}, false
}

// p2Ints reads an int, an array of ints, or "" (no ids).
func p2Ints(member string, v xmlrpc.Value) ([]int64, error) {
	if v.Kind() == xmlrpc.KindArray {
		out := make([]int64, 0, len(v.Items()))
		for _, it := range v.Items() {
			n, err := it.AsInt()
			if err != nil {
				return nil, failure.Invalid(member, "must hold integer ids")
			}
			out = append(out, n)
		}
		return out, nil
	}
	if v.Kind() == xmlrpc.KindString && strings.TrimSpace(v.Text()) == "" {
		return nil, nil
	}
	n, err := v.AsInt()
	if err != nil {
		return nil, failure.Invalid(member, "must be an integer id or an array of them")
	}
	return []int64{n}, nil
}

func p2OptNum(p xmlrpc.Value, member string) (v2client.Optional[float64], error) {
	v, ok := p.Get(member)
	if !ok {
		return v2client.Optional[float64]{}, nil
	}
	if v.Kind() == xmlrpc.KindString && strings.TrimSpace(v.Text()) == "" {
		return v2client.Clear[float64](), nil
	}
	f, err := v.AsDouble()
	if err != nil {
		return v2client.Optional[float64]{}, failure.Invalid(member, "must be a number")
	}
	return v2client.Set(f), nil
}

func p2OptDate(p xmlrpc.Value, member string) (v2client.Optional[v2client.Date], error) {
	v, ok := p.Get(member)
	if !ok {
		return v2client.Optional[v2client.Date]{}, nil
	}
	s := strings.TrimSpace(v.Text())
	if s == "" {
		return v2client.Clear[v2client.Date](), nil
	}
	d, err := p2ParseYMD(s)
	if err != nil {
		return v2client.Optional[v2client.Date]{}, failure.Invalid(member, "must be a date YYYYMMDD, got %q", p2Clip(s))
	}
	return v2client.Set(d), nil
}

// p2ParseYMD reads a legacy date: YYYYMMDD (string or Perl int), or
// yyyy-MM-dd; a real calendar date is required.
func p2ParseYMD(s string) (v2client.Date, error) {
	layout := "20060102"
	if strings.Contains(s, "-") {
		layout = "2006-01-02"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return v2client.Date{}, err
	}
	return v2client.NewDate(t.Year(), t.Month(), t.Day()), nil
}

// p2ItemNames reads legacy items: [{name: "..."}...] or ["..."...].
func p2ItemNames(v xmlrpc.Value) ([]string, error) {
	if v.Kind() != xmlrpc.KindArray {
		return nil, failure.Invalid("items", "must be an array of {name} structs or strings")
	}
	out := make([]string, 0, len(v.Items()))
	for _, it := range v.Items() {
		var s string
		var err error
		if it.Kind() == xmlrpc.KindStruct {
			n, ok := it.Get("name")
			if !ok {
				return nil, failure.Invalid("items", "each item needs a name")
			}
			s, err = n.AsString()
		} else {
			s, err = it.AsString()
		}
		if err != nil || strings.TrimSpace(s) == "" {
			return nil, failure.Invalid("items", "item names must be non-empty strings")
		}
		out = append(out, s)
	}
	return out, nil
}
